package io.emostream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * The seed paper's network as one DJL block. Inputs: word ids {@code [B, T]} (int32) and, for the wide architecture,
 * hashed n-gram ids {@code [B, K]} (int32, 0 = padding). Output: logits {@code [B, labels]} (sigmoid applied by callers).
 *
 * <p>The BiLSTM is two one-way LSTMs, the second on the time-reversed sequence: DJL 0.35's bidirectional LSTM with
 * biases crashes on PyTorch.
 */
public final class EmotionNetwork extends AbstractBlock implements EmotionBlock {
    private static final byte VERSION = 1;

    private final ModelConfig config;
    private final Parameter wordEmbedding;
    private final Conv1d conv;
    private final BatchNorm batchNorm;
    private final LSTM forwardLstm;
    private final LSTM backwardLstm;
    private final Linear attentionHidden;
    private final Linear attentionScore;
    private final Linear dense;
    private final Linear output;
    private final Parameter ngramWeights;

    public EmotionNetwork(ModelConfig config) {
        super(VERSION);
        this.config = config;
        wordEmbedding = addParameter(Parameter.builder()
                .setName("wordEmbedding")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(config.vocabularySize(), config.embeddingDim()))
                .optInitializer(new NormalInitializer(0.05f))
                .build());
        conv = addChildBlock(
                "conv",
                Conv1d.builder()
                        .setKernelShape(new Shape(config.convKernel()))
                        .setFilters(config.convFilters())
                        .build());
        batchNorm = addChildBlock("batchNorm", BatchNorm.builder().optAxis(1).build());
        forwardLstm = addChildBlock(
                "lstmForward",
                LSTM.builder()
                        .setStateSize(config.lstmUnits())
                        .setNumLayers(1)
                        .optBatchFirst(true)
                        .optReturnState(false)
                        .build());
        backwardLstm = addChildBlock(
                "lstmBackward",
                LSTM.builder()
                        .setStateSize(config.lstmUnits())
                        .setNumLayers(1)
                        .optBatchFirst(true)
                        .optReturnState(false)
                        .build());
        attentionHidden = addChildBlock(
                "attentionHidden", Linear.builder().setUnits(config.lstmUnits()).build());
        attentionScore = addChildBlock(
                "attentionScore", Linear.builder().setUnits(1).optBias(false).build());
        dense = addChildBlock(
                "dense", Linear.builder().setUnits(config.denseUnits()).build());
        output = addChildBlock(
                "output", Linear.builder().setUnits(config.numLabels()).build());
        ngramWeights = config.wide()
                ? addParameter(Parameter.builder()
                        .setName("ngramWeights")
                        .setType(Parameter.Type.WEIGHT)
                        .optShape(new Shape(config.ngramBuckets(), config.numLabels()))
                        .optInitializer(Initializer.ZEROS)
                        .build())
                : null;
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public java.util.List<EmotionNetwork> networks() {
        return java.util.List.of(this);
    }

    public Parameter wordEmbedding() {
        return wordEmbedding;
    }

    private long convLength() {
        return config.maxTokens() - config.convKernel() + 1;
    }

    private long pooledLength() {
        return convLength() / 2;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray tokens = inputs.get(0);
        NDArray embedded = Embedding.embedding(
                        tokens,
                        ps.getValue(wordEmbedding, tokens.getDevice(), training),
                        ai.djl.ndarray.types.SparseFormat.DENSE)
                .head();
        NDArray x = embedded.transpose(0, 2, 1); // [B, E, T]: Conv1d is channels-first
        x = conv.forward(ps, new NDList(x), training).head();
        x = batchNorm.forward(ps, new NDList(x), training).head();
        x = Activation.relu(x);
        x = Pool.maxPool1d(x, new Shape(2), new Shape(2), new Shape(0), false);
        x = x.transpose(0, 2, 1); // [B, L, C]
        NDArray fwd = forwardLstm.forward(ps, new NDList(x), training).head();
        NDArray bwd =
                backwardLstm.forward(ps, new NDList(x.flip(1)), training).head().flip(1);
        NDArray states = fwd.concat(bwd, 2); // [B, L, 2H]
        NDArray pooled = config.attention() ? attend(ps, states, training) : states.mean(new int[] {1});
        NDArray hidden =
                Activation.relu(dense.forward(ps, new NDList(pooled), training).head());
        hidden = Dropout.dropout(hidden, config.dropout(), training).head();
        NDArray logits = output.forward(ps, new NDList(hidden), training).head();
        if (config.wide()) logits = logits.add(ngramLogits(ps, inputs.get(1), training));
        return new NDList(logits);
    }

    /** Additive attention: a = softmax(v·tanh(W h_t)); returns Σ a_t h_t. */
    private NDArray attend(ParameterStore ps, NDArray states, boolean training) {
        Shape s = states.getShape();
        NDArray flat = states.reshape(s.get(0) * s.get(1), s.get(2));
        NDArray h =
                attentionHidden.forward(ps, new NDList(flat), training).head().tanh();
        NDArray scores =
                attentionScore.forward(ps, new NDList(h), training).head().reshape(s.get(0), s.get(1));
        NDArray weights = scores.softmax(1).expandDims(2);
        return states.mul(weights).sum(new int[] {1});
    }

    /** Sum of the hashed n-grams' per-label weights over sqrt(count), ignoring padding: a linear model over a bag of n-grams. */
    private NDArray ngramLogits(ParameterStore ps, NDArray ngramIds, boolean training) {
        NDArray w = ps.getValue(ngramWeights, ngramIds.getDevice(), training);
        NDArray looked = Embedding.embedding(ngramIds, w, ai.djl.ndarray.types.SparseFormat.DENSE)
                .head(); // [B, K, labels]
        NDArray mask = ngramIds.gt(0).toType(DataType.FLOAT32, false);
        // divide by sqrt(count), not count: keeps long and short texts on one scale while letting the sparse weights
        // move logits fast enough under Adam 1e-3 (a plain mean made this branch learn ~10x slower than the LSTM)
        NDArray counts = mask.sum(new int[] {1}, true).maximum(1f).sqrt(); // [B, 1]
        NDArray logits = looked.mul(mask.expandDims(2)).sum(new int[] {1}).div(counts);
        return config.ngramScale() == 1f ? logits : logits.mul(config.ngramScale());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), config.numLabels())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        conv.initialize(manager, dataType, new Shape(b, config.embeddingDim(), config.maxTokens()));
        batchNorm.initialize(manager, dataType, new Shape(b, config.convFilters(), convLength()));
        Shape lstmIn = new Shape(b, pooledLength(), config.convFilters());
        forwardLstm.initialize(manager, dataType, lstmIn);
        backwardLstm.initialize(manager, dataType, lstmIn);
        long states = 2L * config.lstmUnits();
        attentionHidden.initialize(manager, dataType, new Shape(b * pooledLength(), states));
        attentionScore.initialize(manager, dataType, new Shape(b * pooledLength(), config.lstmUnits()));
        dense.initialize(manager, dataType, new Shape(b, states));
        output.initialize(manager, dataType, new Shape(b, config.denseUnits()));
    }
}
