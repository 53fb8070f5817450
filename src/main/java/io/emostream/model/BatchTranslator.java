package io.emostream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/** Encoded batch in, per-label probabilities out: the whole batch is one forward pass. */
public final class BatchTranslator implements NoBatchifyTranslator<EncodedBatch, float[][]> {
    private final ModelConfig config;

    BatchTranslator(ModelConfig config) {
        this.config = config;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, EncodedBatch batch) {
        return toInputs(ctx.getNDManager(), batch, config);
    }

    /** The network's inputs for a batch, as {@link EmotionBlock#inputShapes} describes them. */
    public static NDList toInputs(NDManager manager, EncodedBatch batch, ModelConfig config) {
        if (!config.wordLevel()) {
            return new NDList(
                    manager.create(
                            batch.embeddings(),
                            new Shape(batch.size(), config.encoder().dim())),
                    manager.create(batch.ngrams(), new Shape(batch.size(), config.maxNgrams())));
        }
        NDArray tokens = manager.create(batch.tokens(), new Shape(batch.size(), config.maxTokens()));
        if (!config.wide()) return new NDList(tokens);
        return new NDList(tokens, manager.create(batch.ngrams(), new Shape(batch.size(), config.maxNgrams())));
    }

    @Override
    public float[][] processOutput(TranslatorContext ctx, NDList list) {
        NDArray probs = ai.djl.nn.Activation.sigmoid(list.head());
        return split(probs.toFloatArray(), config.numLabels());
    }

    static float[][] split(float[] flat, int labels) {
        float[][] out = new float[flat.length / labels][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new float[labels];
            System.arraycopy(flat, i * labels, out[i], 0, labels);
        }
        return out;
    }
}
