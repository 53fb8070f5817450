package io.emostream.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The encoder architecture's linear head ({@link SentenceHead} without a hidden layer) in plain Java: one matrix
 * product over the standardised embedding plus the TF-IDF-weighted n-gram rows, then a sigmoid. It computes what the
 * block computes, from the same {@code params.bin}, so the default model serves without loading PyTorch's native
 * library: a faster start, less memory, and no native log line.
 */
final class LinearHead {
    private final int labels;
    private final int dim;
    private final int buckets;
    private final int maxNgrams;
    private final float[] mean;
    private final float[] invStd;
    private final float[] idf;
    /** [bucket × labels], already multiplied by the n-gram scale. */
    private final float[] ngram;
    /** [labels × dim] */
    private final float[] weight;

    private final float[] bias;

    private LinearHead(ModelConfig config, Map<String, ParameterFile.Stored> p) {
        labels = config.numOutputs();
        dim = config.encoder().dim();
        buckets = config.ngramBuckets();
        maxNgrams = config.maxNgrams();
        mean = take(p, "embeddingMean", dim);
        invStd = take(p, "embeddingInvStd", dim);
        // a fine-tuned encoder model has no n-gram branch
        idf = buckets == 0 ? new float[0] : take(p, "idf", buckets);
        ngram = buckets == 0 ? new float[0] : take(p, "ngramWeights", (long) buckets * labels);
        weight = take(p, "01output_weight", (long) labels * dim);
        bias = take(p, "01output_bias", labels);
        float scale = config.ngramScale();
        if (scale != 1f) for (int i = 0; i < ngram.length; i++) ngram[i] *= scale;
    }

    /** Whether a bundle of this config can be served by this head: a single encoder network with no hidden layer. */
    static boolean serves(ModelConfig config) {
        return config.architecture() == Architecture.ENCODER && config.members() == 1 && config.headHidden() == 0;
    }

    static LinearHead load(ModelConfig config, Path params) throws IOException {
        return new LinearHead(config, ParameterFile.read(params));
    }

    private static float[] take(Map<String, ParameterFile.Stored> p, String name, long size) {
        ParameterFile.Stored s = p.get(name);
        if (s == null) throw new IllegalArgumentException("parameter '" + name + "' is missing");
        if (s.values().length != size)
            throw new IllegalArgumentException(
                    "parameter '" + name + "' has " + s.values().length + " values, the model config needs " + size);
        return s.values();
    }

    /** Per-output probabilities (labels, then any groups) for each row of the batch. */
    float[][] score(EncodedBatch batch) {
        float[] embeddings = batch.embeddings();
        int[] ids = batch.ngrams();
        int k = maxNgrams;
        float[][] out = new float[batch.size()][];
        float[] x = new float[dim];
        for (int r = 0; r < batch.size(); r++) {
            for (int d = 0; d < dim; d++) x[d] = (embeddings[r * dim + d] - mean[d]) * invStd[d];
            float[] logits = new float[labels];
            for (int l = 0; l < labels; l++) {
                float sum = 0;
                int row = l * dim;
                for (int d = 0; d < dim; d++) sum += weight[row + d] * x[d];
                logits[l] = sum + bias[l];
            }
            if (buckets > 0) addNgrams(ids, r * k, k, logits);
            for (int l = 0; l < labels; l++) logits[l] = (float) (1 / (1 + Math.exp(-logits[l])));
            out[r] = logits;
        }
        return out;
    }

    /** Σ tfidf_k · W[id_k], the tf-idf weights L2-normalised over the text's n-gram occurrences (id 0 is padding). */
    private void addNgrams(int[] ids, int from, int k, float[] logits) {
        double norm = 0;
        for (int j = from; j < from + k; j++) {
            int id = ids[j];
            if (id > 0) norm += (double) idf[id] * idf[id];
        }
        float inv = (float) (1 / Math.max(Math.sqrt(norm), 1e-6));
        for (int j = from; j < from + k; j++) {
            int id = ids[j];
            if (id <= 0) continue;
            float w = idf[id] * inv;
            int row = id * labels;
            for (int l = 0; l < labels; l++) logits[l] += w * ngram[row + l];
        }
    }
}
