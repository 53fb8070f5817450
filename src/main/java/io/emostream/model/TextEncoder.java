package io.emostream.model;

import io.emostream.text.NgramHasher;
import io.emostream.text.TextCleaner;
import io.emostream.text.Tokenizer;
import io.emostream.text.Vocabulary;

import java.util.List;

/** Cleaned text → model inputs, exactly as the bundle's config says; shared by training, the CLI and the stream. */
public final class TextEncoder {
    private final ModelConfig config;
    private final TextCleaner cleaner;
    private final Tokenizer tokenizer;
    private final NgramHasher hasher;

    public TextEncoder(ModelConfig config, Vocabulary vocabulary) {
        this.config = config;
        this.cleaner = new TextCleaner(config.cleaning());
        this.hasher = config.ngramHasher();
        this.tokenizer = new Tokenizer(vocabulary, config.maxTokens(), hasher);
    }

    public String clean(String raw) {
        return cleaner.clean(raw);
    }

    /** Encodes already-cleaned texts. */
    public EncodedBatch encode(List<String> cleaned) {
        int n = cleaned.size();
        int[] tokens = new int[n * config.maxTokens()];
        int[] ngrams = hasher == null ? null : new int[n * config.maxNgrams()];
        for (int i = 0; i < n; i++) {
            tokenizer.encodeTokens(cleaned.get(i), tokens, i * config.maxTokens());
            if (hasher != null) hasher.encode(cleaned.get(i), ngrams, i * config.maxNgrams());
        }
        return new EncodedBatch(n, tokens, ngrams);
    }

    /** Rows {@code [from, to)} of a larger encoded batch, without re-encoding. */
    public EncodedBatch slice(EncodedBatch all, int from, int to) {
        int n = to - from;
        int[] tokens = new int[n * config.maxTokens()];
        System.arraycopy(all.tokens(), from * config.maxTokens(), tokens, 0, tokens.length);
        int[] ngrams = null;
        if (all.ngrams() != null) {
            ngrams = new int[n * config.maxNgrams()];
            System.arraycopy(all.ngrams(), from * config.maxNgrams(), ngrams, 0, ngrams.length);
        }
        return new EncodedBatch(n, tokens, ngrams);
    }

    /** Rows picked by index (for shuffled / resampled training batches). */
    public EncodedBatch gather(EncodedBatch all, int[] rows, int from, int to) {
        int n = to - from;
        int t = config.maxTokens();
        int[] tokens = new int[n * t];
        int[] ngrams = all.ngrams() == null ? null : new int[n * config.maxNgrams()];
        for (int i = 0; i < n; i++) {
            int r = rows[from + i];
            System.arraycopy(all.tokens(), r * t, tokens, i * t, t);
            if (ngrams != null) System.arraycopy(all.ngrams(), r * config.maxNgrams(), ngrams, i * config.maxNgrams(), config.maxNgrams());
        }
        return new EncodedBatch(n, tokens, ngrams);
    }
}
