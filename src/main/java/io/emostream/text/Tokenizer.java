package io.emostream.text;

import java.util.Arrays;

/**
 * Turns cleaned text into the model's two inputs: a fixed-length sequence of word ids (pre-padded, truncated after
 * {@code maxTokens}, as Keras' pad_sequences does with truncating='post') and a bag of hashed word/char n-grams.
 */
public final class Tokenizer {
    private final Vocabulary vocabulary;
    private final int maxTokens;
    private final NgramHasher ngrams;

    public Tokenizer(Vocabulary vocabulary, int maxTokens, NgramHasher ngrams) {
        if (maxTokens <= 0) throw new IllegalArgumentException("maxTokens must be positive, was " + maxTokens);
        this.vocabulary = vocabulary;
        this.maxTokens = maxTokens;
        this.ngrams = ngrams;
    }

    public static String[] split(String cleaned) {
        return cleaned.isEmpty() ? new String[0] : cleaned.split(" ");
    }

    public int maxTokens() {
        return maxTokens;
    }

    public NgramHasher ngrams() {
        return ngrams;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** Word ids for one cleaned text, written into {@code out[offset .. offset+maxTokens)}. */
    public void encodeTokens(String cleaned, int[] out, int offset) {
        String[] tokens = split(cleaned);
        int n = Math.min(tokens.length, maxTokens);
        int pad = maxTokens - n;
        Arrays.fill(out, offset, offset + pad, Vocabulary.PAD);
        for (int i = 0; i < n; i++) out[offset + pad + i] = vocabulary.id(tokens[i]);
    }

    public int[] encodeTokens(String cleaned) {
        int[] out = new int[maxTokens];
        encodeTokens(cleaned, out, 0);
        return out;
    }
}
