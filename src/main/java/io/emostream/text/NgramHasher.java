package io.emostream.text;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Hashes a cleaned text's word unigrams, word bigrams and character n-grams into {@code buckets} ids
 * (1..buckets-1; 0 is padding), at most {@code maxNgrams} per text. Feeds the model's linear n-gram branch,
 * the part that gives TF-IDF + logistic regression its edge on short Reddit comments.
 * Hashing is FNV-1a over UTF-8 bytes: stable across JVMs and versions, unlike String#hashCode's contract.
 */
public final class NgramHasher {
    private final int buckets;
    private final int maxNgrams;
    private final int charMin;
    private final int charMax;

    public NgramHasher(int buckets, int maxNgrams, int charMin, int charMax) {
        if (buckets < 2) throw new IllegalArgumentException("buckets must be at least 2");
        this.buckets = buckets;
        this.maxNgrams = maxNgrams;
        this.charMin = charMin;
        this.charMax = charMax;
    }

    public int buckets() { return buckets; }
    public int maxNgrams() { return maxNgrams; }
    public int charMin() { return charMin; }
    public int charMax() { return charMax; }

    /** Writes ids into {@code out[offset .. offset+maxNgrams)}, zero-padded; returns how many are real. */
    public int encode(String cleaned, int[] out, int offset) {
        int n = 0;
        String[] tokens = Tokenizer.split(cleaned);
        for (int i = 0; i < tokens.length && n < maxNgrams; i++) out[offset + n++] = bucket("w:" + tokens[i]);
        for (int i = 0; i + 1 < tokens.length && n < maxNgrams; i++) out[offset + n++] = bucket("b:" + tokens[i] + ' ' + tokens[i + 1]);
        if (charMax > 0) {
            for (String token : tokens) {
                String padded = '<' + token + '>';
                int[] cps = padded.codePoints().toArray();
                for (int len = charMin; len <= charMax; len++) {
                    for (int s = 0; s + len <= cps.length && n < maxNgrams; s++) {
                        if (len == cps.length) continue; // whole word is already a unigram
                        out[offset + n++] = bucket("c:" + new String(cps, s, len));
                    }
                }
            }
        }
        Arrays.fill(out, offset + n, offset + maxNgrams, 0);
        return n;
    }

    int bucket(String feature) {
        int h = 0x811c9dc5;
        for (byte b : feature.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        return 1 + Integer.remainderUnsigned(h, buckets - 1);
    }
}
