package io.emostream.tracking;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** How terms and comments are compared: lower case, accents dropped ("Café" and "cafe" are one word). */
final class Folding {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private Folding() {}

    static String fold(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        // ASCII text, most comments, needs no decomposition
        if (lower.chars().allMatch(c -> c < 0x80)) return lower;
        return MARKS.matcher(Normalizer.normalize(lower, Normalizer.Form.NFD)).replaceAll("");
    }
}
