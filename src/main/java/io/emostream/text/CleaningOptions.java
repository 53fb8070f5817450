package io.emostream.text;

/**
 * How {@link TextCleaner} treats what the paper's cleaning throws away. Stored in the model bundle so that
 * training, the CLI and the stream clean text identically.
 *
 * @param keepPunctuation keep {@code !} and {@code ?} as tokens of their own (the paper drops them)
 * @param keepEmoji       keep emoji / pictographic symbols as tokens of their own
 * @param splitNegations  rewrite {@code n't} as {@code not} before punctuation is dropped, so "don't" keeps its negation
 */
public record CleaningOptions(boolean keepPunctuation, boolean keepEmoji, boolean splitNegations) {

    /** The paper's rules exactly: drop @mentions, URLs and every non-alphanumeric, normalise whitespace. */
    public static final CleaningOptions PAPER = new CleaningOptions(false, false, false);

    /** Paper rules plus the signal they lose: {@code ! ?}, emoji and negation. */
    public static final CleaningOptions EXPRESSIVE = new CleaningOptions(true, true, true);

    public static CleaningOptions named(String name) {
        return switch (name) {
            case "paper" -> PAPER;
            case "expressive" -> EXPRESSIVE;
            default -> throw new IllegalArgumentException("unknown cleaning '" + name + "' (expected paper or expressive)");
        };
    }

    public String name() {
        if (equals(PAPER)) return "paper";
        if (equals(EXPRESSIVE)) return "expressive";
        return "custom";
    }
}
