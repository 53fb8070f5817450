package io.emostream.text;

import com.optimaize.langdetect.DetectedLanguage;
import com.optimaize.langdetect.LanguageDetector;
import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * Which language a comment is in: the producer's tag when it gives one, otherwise told from the text. Letters of a
 * script that only a few languages write (Han, kana, Hangul, Arabic, Hebrew, Greek, Thai, Devanagari...) decide at
 * once; Latin and Cyrillic text goes to an n-gram detector (Optimaize's profiles of 40 languages), which must be
 * sure, since a short English comment taken for another language would go unscored. Too little text to tell is
 * {@link #UNDETERMINED}, and is scored: emoji, numbers and one-word comments are read as the model reads them.
 * Thread-safe.
 */
public final class LanguageIdentifier {
    public static final String UNDETERMINED = "und";
    /** Fewer letters than this are too few for n-grams to tell a language. */
    static final int MIN_LETTERS = 16;
    /** How sure the detector must be of a language other than English. */
    static final double MIN_PROBABILITY = 0.95;

    /**
     * The languages told by n-grams: the Latin- and Cyrillic-script languages with many writers online. Regional
     * languages whose profiles sit next to a big one's (Galician, Asturian, Aragonese, Occitan next to Spanish and
     * Portuguese) are left out, or a Spanish comment comes out Galician.
     */
    static final List<String> PROFILES = List.of(
            "en", "es", "pt", "fr", "de", "it", "nl", "sv", "da", "no", "fi", "is", "pl", "cs", "sk", "sl", "hr", "sr",
            "ro", "hu", "et", "lv", "lt", "tr", "id", "ms", "tl", "vi", "sq", "af", "sw", "ca", "eu", "cy", "ga", "ru",
            "uk", "bg", "mk", "be");

    private final LanguageDetector detector;

    public LanguageIdentifier() {
        try {
            detector = LanguageDetectorBuilder.create(NgramExtractors.standard())
                    .withProfiles(new LanguageProfileReader()
                            .readBuiltIn(PROFILES.stream()
                                    .map(com.optimaize.langdetect.i18n.LdLocale::fromString)
                                    .toList()))
                    .shortTextAlgorithm(100)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the language profiles: " + e.getMessage(), e);
        }
    }

    /**
     * @param text     the comment as written
     * @param declared the producer's BCP-47 tag ({@code CommentEvent.lang}), or null
     * @return an ISO 639-1 code ({@code en}, {@code es}, {@code zh}...) or {@link #UNDETERMINED}
     */
    public String identify(String text, String declared) {
        if (declared != null && !declared.isBlank()) return primary(declared);
        if (text == null) return UNDETERMINED;
        int latin = 0, cyrillic = 0, letters = 0;
        int[] scripts = new int[SCRIPTS.length];
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (!Character.isLetter(cp)) continue;
            letters++;
            Character.UnicodeScript s = Character.UnicodeScript.of(cp);
            if (s == Character.UnicodeScript.LATIN) latin++;
            else if (s == Character.UnicodeScript.CYRILLIC) cyrillic++;
            else for (int k = 0; k < SCRIPTS.length; k++) if (SCRIPTS[k].script == s) scripts[k]++;
        }
        if (letters == 0) return UNDETERMINED;
        // Japanese writes Han and kana: any kana makes it Japanese, Han alone Chinese
        if (scripts[KANA_HIRAGANA] + scripts[KANA_KATAKANA] > 0 && scripts[HAN] + scripts[KANA_HIRAGANA] > letters / 3)
            return "ja";
        for (int k = 0; k < SCRIPTS.length; k++) if (scripts[k] * 2 > letters) return SCRIPTS[k].language;
        if (latin + cyrillic < MIN_LETTERS) return latin >= cyrillic ? UNDETERMINED : "ru";
        return detect(text, latin >= cyrillic);
    }

    private String detect(String text, boolean latin) {
        String lower = text.toLowerCase(Locale.ROOT);
        // n-gram profiles of 71 languages misread informal English (names, slang, typos): a word only English writes
        // settles it first
        if (latin) for (String w : WORDS.split(lower)) if (ENGLISH.contains(w)) return "en";
        List<DetectedLanguage> found = detector.getProbabilities(lower);
        if (found.isEmpty()) return latin ? UNDETERMINED : "ru";
        DetectedLanguage top = found.get(0);
        String code = top.getLocale().getLanguage();
        if (code.equals("en")) return "en";
        // not sure enough: an English comment must not be taken for another language and go unscored
        if (latin && top.getProbability() < MIN_PROBABILITY) return UNDETERMINED;
        return code;
    }

    private static final java.util.regex.Pattern WORDS = java.util.regex.Pattern.compile("[^\\p{L}']+");
    /** Frequent English words that no other Latin-script language writes as a word of its own. */
    private static final java.util.Set<String> ENGLISH = java.util.Set.of(
            "the", "you", "your", "you're", "and", "this", "that", "it", "it's", "its", "i'm", "im", "my", "with",
            "what", "just", "not", "are", "have", "has", "they", "she", "we", "don't", "dont", "can't", "cant", "lol",
            "like", "really", "would", "think", "people", "be", "been", "were", "but", "if", "when", "why", "how",
            "who", "all", "get", "got", "good", "love", "thanks", "thank", "yes", "yeah", "wow", "omg", "because",
            "about", "from", "there", "their", "here", "did", "does", "will", "should", "could", "him", "them", "our",
            "too", "very", "much", "out", "up", "now", "then", "than", "only", "never", "ever", "always", "some", "any",
            "know", "want", "need", "make", "going", "happy", "sad", "felt", "feel", "damn", "new", "year", "time",
            "great", "best", "sorry", "please", "nice", "fuck", "shit", "god", "guy", "guys", "being", "he's", "didn't",
            "doesn't", "isn't", "wasn't", "i've", "i'll", "that's", "there's", "what's", "let's", "looks", "days",
            "hope", "hoping");

    /** "en-US" → "en", "zh_Hant" → "zh". */
    static String primary(String tag) {
        String t = tag.strip().replace('_', '-');
        int dash = t.indexOf('-');
        return (dash > 0 ? t.substring(0, dash) : t).toLowerCase(Locale.ROOT);
    }

    private record ScriptLanguage(Character.UnicodeScript script, String language) {}

    private static final ScriptLanguage[] SCRIPTS = {
        new ScriptLanguage(Character.UnicodeScript.HAN, "zh"),
        new ScriptLanguage(Character.UnicodeScript.HIRAGANA, "ja"),
        new ScriptLanguage(Character.UnicodeScript.KATAKANA, "ja"),
        new ScriptLanguage(Character.UnicodeScript.HANGUL, "ko"),
        new ScriptLanguage(Character.UnicodeScript.ARABIC, "ar"),
        new ScriptLanguage(Character.UnicodeScript.HEBREW, "he"),
        new ScriptLanguage(Character.UnicodeScript.GREEK, "el"),
        new ScriptLanguage(Character.UnicodeScript.THAI, "th"),
        new ScriptLanguage(Character.UnicodeScript.DEVANAGARI, "hi"),
        new ScriptLanguage(Character.UnicodeScript.BENGALI, "bn"),
        new ScriptLanguage(Character.UnicodeScript.TAMIL, "ta"),
        new ScriptLanguage(Character.UnicodeScript.ARMENIAN, "hy"),
        new ScriptLanguage(Character.UnicodeScript.GEORGIAN, "ka"),
    };
    private static final int HAN = 0, KANA_HIRAGANA = 1, KANA_KATAKANA = 2;
}
