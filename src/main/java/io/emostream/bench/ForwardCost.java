package io.emostream.bench;

import io.emostream.model.ModelConfig;

/**
 * Floating-point operations of one text's forward pass (a multiply-add counts two), from the network's shape: what
 * the model costs whatever the pipeline around it does. Matches {@code EmotionNetwork}: Conv1d over the embedded
 * tokens, max pool 2, two one-way LSTMs, additive attention (or a mean), dense, output, and the n-gram branch's
 * lookups summed per label.
 */
record ForwardCost(ModelConfig config) {
    /** NaN for the encoder architecture: its cost is the ONNX encoder's, which depends on each text's length. */
    double flopsPerText() {
        if (!config.wordLevel()) return Double.NaN;
        long e = config.embeddingDim(),
                f = config.convFilters(),
                k = config.convKernel(),
                h = config.lstmUnits(),
                d = config.denseUnits();
        long labels = config.numLabels();
        long convLength = config.maxTokens() - k + 1;
        long steps = convLength / 2;
        double conv = 2.0 * convLength * f * e * k;
        double lstm = 2 /* directions */ * steps * 2.0 * 4 * h * (f + h);
        double attention = config.attention() ? steps * (2.0 * 2 * h * h + 2.0 * h) : 0;
        double head = 2.0 * 2 * h * d + 2.0 * d * labels;
        double ngrams = config.wide() ? 2.0 * config.maxNgrams() * labels : 0;
        return config.members() * (conv + lstm + attention + head + ngrams);
    }

    /** GFLOP/s achieved at {@code textsPerSecond}. */
    double gflops(double textsPerSecond) {
        return flopsPerText() * textsPerSecond / 1e9;
    }
}
