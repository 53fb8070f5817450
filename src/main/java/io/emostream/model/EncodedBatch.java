package io.emostream.model;

/**
 * A batch of texts turned into model inputs, row-major: word ids {@code [size, maxTokens]} (null for the encoder
 * architecture), n-gram ids {@code [size, maxNgrams]} (or null) and sentence embeddings {@code [size, dim]} (only for
 * the encoder architecture).
 */
public record EncodedBatch(int size, int[] tokens, int[] ngrams, float[] embeddings) {

    public EncodedBatch(int size, int[] tokens, int[] ngrams) {
        this(size, tokens, ngrams, null);
    }

    /** Rows picked by index, in that order (slices, shuffled and resampled training batches). */
    public EncodedBatch rows(int[] rows, int from, int to) {
        int n = to - from;
        return new EncodedBatch(
                n, pick(tokens, rows, from, n), pick(ngrams, rows, from, n), pick(embeddings, rows, from, n));
    }

    /** Rows {@code [from, to)}. */
    public EncodedBatch slice(int from, int to) {
        int[] rows = new int[to - from];
        for (int i = 0; i < rows.length; i++) rows[i] = from + i;
        return rows(rows, 0, rows.length);
    }

    private int[] pick(int[] all, int[] rows, int from, int n) {
        if (all == null) return null;
        int w = all.length / size;
        int[] out = new int[n * w];
        for (int i = 0; i < n; i++) System.arraycopy(all, rows[from + i] * w, out, i * w, w);
        return out;
    }

    private float[] pick(float[] all, int[] rows, int from, int n) {
        if (all == null) return null;
        int w = all.length / size;
        float[] out = new float[n * w];
        for (int i = 0; i < n; i++) System.arraycopy(all, rows[from + i] * w, out, i * w, w);
        return out;
    }
}
