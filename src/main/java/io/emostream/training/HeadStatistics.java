package io.emostream.training;

import io.emostream.model.EncodedBatch;
import io.emostream.model.ModelConfig;
import io.emostream.model.SentenceHead;

/**
 * What the encoder architecture's head takes from the training split and keeps fixed: each embedding dimension's
 * mean and 1/std (a linear model under Adam learns far better on standardised inputs), and each n-gram bucket's
 * smoothed IDF, {@code ln((1 + n) / (1 + df)) + 1} as scikit-learn computes it.
 */
record HeadStatistics(float[] mean, float[] invStd, float[] idf) {
    static final double MAX_INV_STD = 1e4;

    static HeadStatistics of(EncodedBatch train, ModelConfig config) {
        int n = train.size();
        int dim = config.encoder().dim();
        double[] sum = new double[dim], sq = new double[dim];
        float[] e = train.embeddings();
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dim; d++) {
                double v = e[i * dim + d];
                sum[d] += v;
                sq[d] += v * v;
            }
        }
        float[] mean = new float[dim], invStd = new float[dim];
        for (int d = 0; d < dim; d++) {
            double m = sum[d] / n;
            mean[d] = (float) m;
            // a dimension that barely varies carries nothing; an unbounded 1/std would overflow the bundle's fp16
            // (65,504)
            invStd[d] = (float) Math.min(1 / Math.sqrt(Math.max(sq[d] / n - m * m, 1e-12)), MAX_INV_STD);
        }
        int buckets = config.ngramBuckets(), k = config.maxNgrams();
        int[] df = new int[buckets];
        int[] ids = train.ngrams();
        java.util.BitSet seen = new java.util.BitSet(buckets);
        for (int i = 0; i < n; i++) {
            seen.clear();
            for (int j = 0; j < k; j++) {
                int id = ids[i * k + j];
                if (id != 0 && !seen.get(id)) {
                    seen.set(id);
                    df[id]++;
                }
            }
        }
        float[] idf = new float[buckets];
        for (int b = 0; b < buckets; b++) idf[b] = (float) (Math.log((1.0 + n) / (1.0 + df[b])) + 1);
        return new HeadStatistics(mean, invStd, idf);
    }

    void applyTo(SentenceHead head) {
        head.setStatistics(mean, invStd, idf);
    }
}
