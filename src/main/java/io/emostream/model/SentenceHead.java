package io.emostream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.List;

/**
 * The encoder architecture's trainable part. Inputs: the frozen encoder's sentence embeddings {@code [B, dim]}
 * (float) and hashed n-gram ids {@code [B, K]} (int32, 0 = padding). Output: logits {@code [B, labels]}.
 *
 * <ul>
 *   <li>The embedding is standardised with the training split's mean and standard deviation (fixed, stored with the
 *       weights), then goes through a linear layer, or a hidden ReLU layer with dropout first.</li>
 *   <li>The n-grams form an L2-normalised TF-IDF vector (IDF from the training split, fixed) that a linear layer
 *       maps to logits; the two are added, which makes the whole a linear model over both feature sets when the
 *       head is linear.</li>
 * </ul>
 */
public final class SentenceHead extends AbstractBlock implements EmotionBlock {
    private static final byte VERSION = 1;

    private final ModelConfig config;
    private final Parameter embeddingMean;
    private final Parameter embeddingInvStd;
    private final Parameter idf;
    private final Parameter ngramWeights;
    private final Linear hidden;
    private final Linear output;

    public SentenceHead(ModelConfig config) {
        super(VERSION);
        this.config = config;
        int dim = config.encoder().dim();
        embeddingMean = addParameter(fixed("embeddingMean", new Shape(dim), Initializer.ZEROS));
        embeddingInvStd = addParameter(fixed("embeddingInvStd", new Shape(dim), Initializer.ONES));
        idf = addParameter(fixed("idf", new Shape(config.ngramBuckets(), 1), Initializer.ONES));
        ngramWeights = addParameter(Parameter.builder()
                .setName("ngramWeights")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(config.ngramBuckets(), config.numLabels()))
                .optInitializer(Initializer.ZEROS)
                .build());
        hidden = config.headHidden() > 0
                ? addChildBlock(
                        "hidden", Linear.builder().setUnits(config.headHidden()).build())
                : null;
        output = addChildBlock(
                "output", Linear.builder().setUnits(config.numLabels()).build());
    }

    /** Statistics of the training split, set once before training and saved with the weights; never trained. */
    private static Parameter fixed(String name, Shape shape, Initializer init) {
        return Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.OTHER)
                .optShape(shape)
                .optInitializer(init)
                .optRequiresGrad(false)
                .build();
    }

    /** Sets the fixed statistics: per-dimension mean and 1/std of the training embeddings, and per-bucket IDF. */
    public void setStatistics(float[] mean, float[] invStd, float[] idfPerBucket) {
        embeddingMean.getArray().set(mean);
        embeddingInvStd.getArray().set(invStd);
        idf.getArray().set(idfPerBucket);
    }

    /**
     * Sets a linear head's weights, fitted outside the block: {@code embedding[label][dim]}, {@code bias[label]} and
     * {@code ngram[label][bucket]}.
     */
    public void setLinearWeights(float[][] embedding, float[] bias, float[][] ngram) {
        if (hidden != null) throw new IllegalStateException("this head has a hidden layer; it is not linear");
        int labels = config.numLabels(), dim = config.encoder().dim(), buckets = config.ngramBuckets();
        float[] w = new float[labels * dim];
        for (int l = 0; l < labels; l++) System.arraycopy(embedding[l], 0, w, l * dim, dim);
        output.getParameters().get("weight").getArray().set(w);
        output.getParameters().get("bias").getArray().set(bias);
        float[] table = new float[buckets * labels];
        if (config.ngramScale() != 0) {
            for (int l = 0; l < labels; l++)
                for (int b = 0; b < buckets; b++) table[b * labels + l] = ngram[l][b] / config.ngramScale();
        }
        ngramWeights.getArray().set(table);
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public List<EmotionBlock> networks() {
        return List.of(this);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray e = inputs.get(0);
        NDArray x = e.sub(ps.getValue(embeddingMean, e.getDevice(), training))
                .mul(ps.getValue(embeddingInvStd, e.getDevice(), training));
        if (hidden != null) {
            x = Activation.relu(hidden.forward(ps, new NDList(x), training).head());
            x = Dropout.dropout(x, config.dropout(), training).head();
        }
        NDArray logits = output.forward(ps, new NDList(x), training).head();
        return new NDList(logits.add(ngramLogits(ps, inputs.get(1), training)));
    }

    /** Σ tfidf_k · W[id_k] over the text's n-gram occurrences, the tf-idf weights L2-normalised per text. */
    private NDArray ngramLogits(ParameterStore ps, NDArray ids, boolean training) {
        NDArray w = Embedding.embedding(ids, ps.getValue(ngramWeights, ids.getDevice(), training), SparseFormat.DENSE)
                .head(); // [B, K, L]
        NDArray weight = Embedding.embedding(ids, ps.getValue(idf, ids.getDevice(), training), SparseFormat.DENSE)
                .head() // [B, K, 1]
                .mul(ids.gt(0).toType(DataType.FLOAT32, false).expandDims(2));
        NDArray norm = weight.square().sum(new int[] {1}, true).sqrt().maximum(1e-6f); // [B, 1, 1]
        NDArray logits = w.mul(weight.div(norm)).sum(new int[] {1});
        return config.ngramScale() == 1f ? logits : logits.mul(config.ngramScale());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), config.numLabels())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        int dim = config.encoder().dim();
        if (hidden != null) {
            hidden.initialize(manager, dataType, new Shape(b, dim));
            output.initialize(manager, dataType, new Shape(b, config.headHidden()));
        } else {
            output.initialize(manager, dataType, new Shape(b, dim));
        }
    }
}
