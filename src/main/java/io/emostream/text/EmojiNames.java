package io.emostream.text;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.fellbaum.jemoji.Emoji;
import net.fellbaum.jemoji.EmojiManager;

/**
 * Emoji and emoticons as words: each emoji becomes its Unicode name ("😡" → "enraged face", "👍🏽" → "thumbs up",
 * skin tones dropped), and an emoticon standing as a word of its own becomes the name of the emoji it stands for
 * (":(" → "frowning face with open mouth", "<3" → "red heart", "xD" → "grinning squinting face"), from jemoji's
 * Unicode emoji list and its emoticon aliases. The sentence encoder's vocabulary has almost no emoji, and the names are
 * words it knows. Thread-safe.
 */
final class EmojiNames {
    private static final Map<String, String> EMOTICONS = emoticons();
    /** An emoticon as a word: between whitespace or the text's ends, trailing punctuation allowed. */
    private static final Pattern TOKEN = Pattern.compile("(?<=^|\\s)(\\S{2,5}?)(?=[.,!?]*(?:\\s|$))");

    private EmojiNames() {}

    static String spell(String text) {
        return rewrite(text, true);
    }

    /**
     * Whether the text says nothing but emoji and emoticons (with punctuation and spaces): "❤️❤️❤️", "😂😂 !!", ":(".
     */
    static boolean only(String text) {
        if (text == null || text.isBlank() || hasWord(text)) return false;
        String rest = rewrite(text, false);
        return rest.length() < text.length() && rest.codePoints().noneMatch(Character::isLetterOrDigit);
    }

    /** A token of letters and digits alone that no emoticon spells ("so", "2024"): most comments leave here. */
    private static boolean hasWord(String text) {
        int start = -1;
        boolean plain = true;
        for (int i = 0; i <= text.length(); i++) {
            boolean end = i == text.length() || Character.isWhitespace(text.charAt(i));
            if (end) {
                if (start >= 0 && plain && !EMOTICONS.containsKey(text.substring(start, i))) return true;
                start = -1;
                plain = true;
            } else {
                if (start < 0) start = i;
                plain &= Character.isLetterOrDigit(text.charAt(i));
            }
        }
        return false;
    }

    /** Each emoji and emoticon spelt as its name, or dropped. */
    private static String rewrite(String text, boolean spell) {
        String s = text;
        if (hasSymbol(s)) s = EmojiManager.replaceAllEmojis(s, e -> spell ? " " + name(e) + " " : "");
        if (s.indexOf(':') >= 0
                || s.indexOf(';') >= 0
                || s.indexOf('<') >= 0
                || s.indexOf('=') >= 0
                || s.indexOf('x') >= 0
                || s.indexOf('X') >= 0) {
            Matcher m = TOKEN.matcher(s);
            StringBuilder out = new StringBuilder(s.length() + 16);
            while (m.find()) {
                String name = EMOTICONS.get(m.group(1));
                String replacement = name == null ? m.group(1) : spell ? name : "";
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            s = out.toString();
        }
        return s;
    }

    /** Anything outside ASCII but letters: the emoji library's scan is skipped for plain text. */
    private static boolean hasSymbol(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0x7f && !Character.isLetter(c)) return true;
        }
        return false;
    }

    /** "thumbs up: medium skin tone" → "thumbs up". */
    private static String name(Emoji e) {
        String d = e.getDescription();
        int colon = d.indexOf(':');
        return colon > 0 ? d.substring(0, colon) : d;
    }

    private static Map<String, String> emoticons() {
        Map<String, String> m = new HashMap<>();
        for (Emoji e : EmojiManager.getAllEmojis())
            for (String alias : e.getDiscordAliases())
                if (!alias.matches(":[^:]+:.*")
                        && alias.length() <= 5
                        && alias.chars().allMatch(c -> c < 0x80)) m.putIfAbsent(alias, name(e));
        m.put("xD", "grinning squinting face");
        m.put("XD", "grinning squinting face");
        m.put(":-))", "grinning face");
        m.put(":))", "grinning face");
        return Map.copyOf(m);
    }
}
