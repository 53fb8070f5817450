package io.emostream.model;

import io.emostream.text.CleaningOptions;
import io.emostream.text.NgramHasher;
import io.emostream.text.TextCleaner;
import io.emostream.text.Tokenizer;
import io.emostream.text.Vocabulary;
import java.util.List;

/** Cleaned text → model inputs, exactly as the bundle's config says; shared by training, the CLI and the stream. */
public final class TextEncoder {
    /** Sentence embeddings of texts, in input order: the encoder itself, or a cache in front of it. Thread-safe. */
    @FunctionalInterface
    public interface Embedder {
        float[][] embed(List<String> texts);
    }

    private final ModelConfig config;
    private final TextCleaner cleaner;
    private final Tokenizer tokenizer;
    private final NgramHasher hasher;
    /** The encoder architecture reads n-grams of the expressive cleaning, and gives its encoder the light one. */
    private final TextCleaner ngramCleaner;

    private final Embedder embedder;

    public TextEncoder(ModelConfig config, Vocabulary vocabulary) {
        this(config, vocabulary, null);
    }

    public TextEncoder(ModelConfig config, Vocabulary vocabulary, Embedder embedder) {
        this.config = config;
        this.cleaner = new TextCleaner(config.cleaning());
        this.hasher = config.ngramHasher();
        this.tokenizer = config.wordLevel() ? new Tokenizer(vocabulary, config.maxTokens(), hasher) : null;
        this.ngramCleaner = config.wordLevel() ? null : new TextCleaner(CleaningOptions.EXPRESSIVE);
        if (!config.wordLevel() && embedder == null)
            throw new IllegalArgumentException("the encoder architecture needs a sentence encoder");
        this.embedder = embedder;
    }

    public String clean(String raw) {
        return cleaner.clean(raw);
    }

    /** Encodes already-cleaned texts. */
    public EncodedBatch encode(List<String> cleaned) {
        int n = cleaned.size();
        int[] tokens = tokenizer == null ? null : new int[n * config.maxTokens()];
        int[] ngrams = hasher == null ? null : new int[n * config.maxNgrams()];
        for (int i = 0; i < n; i++) {
            if (tokenizer != null) tokenizer.encodeTokens(cleaned.get(i), tokens, i * config.maxTokens());
            if (hasher != null)
                hasher.encode(
                        ngramCleaner == null ? cleaned.get(i) : ngramCleaner.clean(cleaned.get(i)),
                        ngrams,
                        i * config.maxNgrams());
        }
        float[] embeddings = null;
        if (embedder != null) {
            int dim = config.encoder().dim();
            float[][] rows = embedder.embed(cleaned);
            embeddings = new float[n * dim];
            for (int i = 0; i < n; i++) System.arraycopy(rows[i], 0, embeddings, i * dim, dim);
        }
        return new EncodedBatch(n, tokens, ngrams, embeddings);
    }

    /** Rows {@code [from, to)} of a larger encoded batch, without re-encoding. */
    public EncodedBatch slice(EncodedBatch all, int from, int to) {
        return all.slice(from, to);
    }

    /** Rows picked by index (for shuffled / resampled training batches). */
    public EncodedBatch gather(EncodedBatch all, int[] rows, int from, int to) {
        return all.rows(rows, from, to);
    }
}
