package io.emostream.text;

/**
 * How {@link TextCleaner} treats what the paper's cleaning throws away. Stored in the model bundle so that
 * training, the CLI and the stream clean text identically.
 *
 * @param keepPunctuation keep {@code !} and {@code ?} as tokens of their own (the paper drops them)
 * @param keepEmoji       keep emoji / pictographic symbols as tokens of their own
 * @param splitNegations  rewrite {@code n't} as {@code not} before punctuation is dropped, so "don't" keeps its negation
 * @param light           only drop @mentions and URLs and normalise whitespace, keeping case and punctuation: for a
 *                        pretrained encoder, whose own tokenizer wants the text as people wrote it (null: false)
 * @param emojiNames      spell emoji and emoticons out as their Unicode names ("😡" → "enraged face", ":(" →
 *                        "frowning face with open mouth"), which the encoder's vocabulary and the n-grams can read
 *                        (null, as in bundles made before it: false)
 */
public record CleaningOptions(
        boolean keepPunctuation, boolean keepEmoji, boolean splitNegations, Boolean light, Boolean emojiNames) {

    public CleaningOptions {
        if (light == null) light = false;
        if (emojiNames == null) emojiNames = false;
    }

    public CleaningOptions(boolean keepPunctuation, boolean keepEmoji, boolean splitNegations, Boolean light) {
        this(keepPunctuation, keepEmoji, splitNegations, light, false);
    }

    public CleaningOptions(boolean keepPunctuation, boolean keepEmoji, boolean splitNegations) {
        this(keepPunctuation, keepEmoji, splitNegations, false, false);
    }

    /** The paper's rules exactly: drop @mentions, URLs and every non-alphanumeric, normalise whitespace. */
    public static final CleaningOptions PAPER = new CleaningOptions(false, false, false);

    /** Paper rules plus the signal they lose: {@code ! ?}, emoji and negation. */
    public static final CleaningOptions EXPRESSIVE = new CleaningOptions(true, true, true, false, true);

    /** Mentions and URLs out, emoji spelled out, whitespace normalised, the rest as written. */
    public static final CleaningOptions LIGHT = new CleaningOptions(true, true, false, true, true);

    public static CleaningOptions named(String name) {
        return switch (name) {
            case "paper" -> PAPER;
            case "expressive" -> EXPRESSIVE;
            case "light" -> LIGHT;
            default ->
                throw new IllegalArgumentException(
                        "unknown cleaning '" + name + "' (expected paper, expressive or light)");
        };
    }

    public String name() {
        if (equals(PAPER)) return "paper";
        if (equals(EXPRESSIVE)) return "expressive";
        if (equals(LIGHT)) return "light";
        // as bundles made before emoji were spelled out record them
        if (equals(new CleaningOptions(true, true, true))) return "expressive (emoji as symbols)";
        if (equals(new CleaningOptions(true, true, false, true))) return "light (emoji as symbols)";
        return "custom";
    }
}
