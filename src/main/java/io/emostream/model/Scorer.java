package io.emostream.model;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import java.util.List;

/**
 * Scores batches of cleaned texts. Wraps one DJL {@link Predictor}, which is not thread-safe, or the plain-Java
 * {@link LinearHead}: use one Scorer per thread (each stream thread, each CLI worker) and close it when the thread is
 * done.
 */
public final class Scorer implements AutoCloseable {
    private final EmotionModel model;
    private final Predictor<EncodedBatch, float[][]> predictor;
    private final LinearHead head;

    Scorer(EmotionModel model, Predictor<EncodedBatch, float[][]> predictor) {
        this.model = model;
        this.predictor = predictor;
        this.head = null;
    }

    Scorer(EmotionModel model, LinearHead head) {
        this.model = model;
        this.predictor = null;
        this.head = head;
    }

    public EmotionModel model() {
        return model;
    }

    /** Per-label probabilities for each cleaned text, in input order. Empty input gives an empty result. */
    public float[][] score(List<String> cleaned) {
        if (cleaned.isEmpty()) return new float[0][];
        return scoreEncoded(model.encoder().encode(cleaned));
    }

    /**
     * Scores an encoded batch. A batch of one goes through the network as two copies of itself. PyTorch (2.x,
     * {@code ConvParams::use_mkldnn} in {@code Convolution.cpp}) runs a convolution through oneDNN when the batch has
     * more than one row, but a small batch of one through its native kernel, after asking NNPACK, which on CPUs it
     * does not support prints "Could not initialize NNPACK! Reason: Unsupported hardware." on every call. So at batch
     * size 1 a text's scores came out of another kernel (up to 0.006 off, measured on AMD EPYC with AVX-512) and every
     * quiet-time call logged that line. A comment's labels must not depend on how its micro-batch was cut.
     */
    public float[][] scoreEncoded(EncodedBatch batch) {
        if (head != null) return head.score(batch);
        try {
            if (batch.size() == 1) return new float[][] {predictor.predict(batch.rows(new int[] {0, 0}, 0, 2))[0]};
            return predictor.predict(batch);
        } catch (TranslateException e) {
            throw new IllegalStateException(
                    "model " + model.version() + " failed on a batch of " + batch.size() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (predictor != null) predictor.close();
    }
}
