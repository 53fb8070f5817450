package io.emostream.text;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The paper's cleaning: drop @mentions and URLs, drop non-alphanumerics, lower-case, normalise whitespace.
 * Letters and digits of every script are kept (so non-Latin text survives); options keep {@code ! ?} and emoji.
 * Thread-safe and allocation-light: it runs on the stream's hot path.
 */
public final class TextCleaner {
    private static final Pattern MENTION = Pattern.compile("@\\w+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern NEGATION = Pattern.compile("(?i)n['’]t\\b");

    private final CleaningOptions options;

    public TextCleaner(CleaningOptions options) {
        this.options = options;
    }

    public CleaningOptions options() {
        return options;
    }

    /**
     * Whether a raw comment is made of emoji and emoticons only ("❤️❤️❤️", "🤮🤮", ":(("), which the decision rule
     * reads by its group head (see {@code EmotionModel#decide(float[], boolean)}).
     */
    public static boolean emojiOnly(String raw) {
        return EmojiNames.only(raw);
    }

    /** Returns the cleaned text: tokens separated by single spaces, possibly empty; {@code null} cleans to "". */
    public String clean(String text) {
        if (text == null || text.isEmpty()) return "";
        String s = URL.matcher(text).replaceAll(" ");
        s = MENTION.matcher(s).replaceAll(" ");
        if (options.emojiNames()) s = EmojiNames.spell(s);
        if (options.light()) {
            // punctuation alone is not a text to score: empty, as the other cleanings make it
            String light = WHITESPACE.matcher(s).replaceAll(" ").strip();
            return light.codePoints().anyMatch(cp -> Character.isLetterOrDigit(cp) || isEmoji(cp)) ? light : "";
        }
        if (options.splitNegations()) s = NEGATION.matcher(s).replaceAll(" not");
        s = s.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(s.length());
        boolean pendingSpace = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp) || (Character.getType(cp) == Character.NON_SPACING_MARK)) {
                if (pendingSpace && out.length() > 0) out.append(' ');
                pendingSpace = false;
                out.appendCodePoint(cp);
            } else if ((options.keepPunctuation() && (cp == '!' || cp == '?'))
                    || (options.keepEmoji() && isEmoji(cp))) {
                // a token of its own, so "great!!" becomes "great ! !"
                if (out.length() > 0) out.append(' ');
                out.appendCodePoint(cp);
                pendingSpace = true;
            } else {
                pendingSpace = true;
            }
        }
        return out.toString();
    }

    static boolean isEmoji(int cp) {
        int type = Character.getType(cp);
        return type == Character.OTHER_SYMBOL && cp >= 0x2190 // arrows, dingbats, pictographs, emoji blocks
                || (cp >= 0x1F000 && cp <= 0x1FAFF);
    }
}
