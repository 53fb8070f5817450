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

    public int buckets() {
        return buckets;
    }

    public int maxNgrams() {
        return maxNgrams;
    }

    public int charMin() {
        return charMin;
    }

    public int charMax() {
        return charMax;
    }

    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;
    private static final int WORD = fnv(FNV_OFFSET, "w:", 0, 2);
    private static final int BIGRAM = fnv(FNV_OFFSET, "b:", 0, 2);
    private static final int CHAR = fnv(FNV_OFFSET, "c:", 0, 2);

    /**
     * Writes ids into {@code out[offset .. offset+maxNgrams)}, zero-padded; returns how many are real. Ids equal
     * {@link #bucket(String)} of "w:word", "b:word word" and "c:ngram", computed without building those strings
     * (this runs for every comment on the stream's hot path).
     */
    public int encode(String cleaned, int[] out, int offset) {
        int n = 0;
        String[] tokens = Tokenizer.split(cleaned);
        for (int i = 0; i < tokens.length && n < maxNgrams; i++)
            out[offset + n++] = toBucket(fnv(WORD, tokens[i], 0, tokens[i].length()));
        for (int i = 0; i + 1 < tokens.length && n < maxNgrams; i++) {
            int h = fnv(BIGRAM, tokens[i], 0, tokens[i].length());
            h = (h ^ ' ') * FNV_PRIME;
            out[offset + n++] = toBucket(fnv(h, tokens[i + 1], 0, tokens[i + 1].length()));
        }
        if (charMax > 0) {
            int[] starts = new int[64];
            for (String token : tokens) {
                if (n >= maxNgrams) break;
                String padded = '<' + token + '>';
                int cps = padded.codePointCount(0, padded.length());
                if (starts.length < cps + 1) starts = new int[cps + 1];
                for (int c = 0, idx = 0; c <= cps; c++) {
                    starts[c] = idx;
                    if (c < cps) idx += Character.charCount(padded.codePointAt(idx));
                }
                for (int len = charMin; len <= charMax; len++) {
                    for (int s = 0; s + len <= cps && n < maxNgrams; s++) {
                        if (len == cps) continue; // whole word is already a unigram
                        out[offset + n++] = toBucket(fnv(CHAR, padded, starts[s], starts[s + len]));
                    }
                }
            }
        }
        Arrays.fill(out, offset + n, offset + maxNgrams, 0);
        return n;
    }

    /** The reference definition: FNV-1a of the feature's UTF-8 bytes, mapped to 1..buckets-1. */
    int bucket(String feature) {
        int h = FNV_OFFSET;
        for (byte b : feature.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        return toBucket(h);
    }

    private int toBucket(int h) {
        return 1 + Integer.remainderUnsigned(h, buckets - 1);
    }

    /** Continues FNV-1a over the UTF-8 encoding of {@code s[from, to)}, as String#getBytes(UTF_8) encodes it. */
    static int fnv(int h, String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                h = (h ^ c) * FNV_PRIME;
            } else if (c < 0x800) {
                h = (h ^ (0xc0 | (c >> 6))) * FNV_PRIME;
                h = (h ^ (0x80 | (c & 0x3f))) * FNV_PRIME;
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                h = (h ^ (0xf0 | (cp >> 18))) * FNV_PRIME;
                h = (h ^ (0x80 | ((cp >> 12) & 0x3f))) * FNV_PRIME;
                h = (h ^ (0x80 | ((cp >> 6) & 0x3f))) * FNV_PRIME;
                h = (h ^ (0x80 | (cp & 0x3f))) * FNV_PRIME;
            } else if (Character.isSurrogate(c)) {
                h = (h ^ '?') * FNV_PRIME; // unpaired surrogate: getBytes writes '?'
            } else {
                h = (h ^ (0xe0 | (c >> 12))) * FNV_PRIME;
                h = (h ^ (0x80 | ((c >> 6) & 0x3f))) * FNV_PRIME;
                h = (h ^ (0x80 | (c & 0x3f))) * FNV_PRIME;
            }
        }
        return h;
    }
}
