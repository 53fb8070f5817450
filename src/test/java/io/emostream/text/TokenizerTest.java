package io.emostream.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {
    @Test
    void vocabularyIsFrequencyOrderedWithPadAndOov() {
        Vocabulary v = Vocabulary.fit(List.of("b a a", "c a b", "d"), 2);
        assertThat(v.words()).containsExactly("<pad>", "<oov>", "a", "b");
        assertThat(v.id("a")).isEqualTo(2);
        assertThat(v.id("d")).isEqualTo(Vocabulary.OOV); // seen once, below min count
        assertThat(v.id("never")).isEqualTo(Vocabulary.OOV);
    }

    @Test
    void sequencesArePrePaddedAndTruncatedAfterMaxTokens() {
        Vocabulary v = Vocabulary.fit(List.of("a b c d e f", "a b c d e f"), 1);
        Tokenizer t = new Tokenizer(v, 4, null);
        assertThat(t.encodeTokens("b a")).containsExactly(0, 0, v.id("b"), v.id("a"));
        assertThat(t.encodeTokens("a b c d e f")).containsExactly(v.id("a"), v.id("b"), v.id("c"), v.id("d"));
        assertThat(t.encodeTokens("")).containsExactly(0, 0, 0, 0);
        assertThat(t.encodeTokens("zzz a")).containsExactly(0, 0, Vocabulary.OOV, v.id("a"));
    }

    @Test
    void fastEncodingGivesTheReferenceBucketsForEveryScript() {
        NgramHasher h = new NgramHasher(1 << 18, 400, 3, 5);
        for (String text : new String[] {
            "i do not know ? ! 😂 😂 great", "привет мир 你好", "naïve café déjà vu", "a", "", "x\uD800y bad surrogate"
        }) {
            int[] fast = new int[400];
            int n = h.encode(text, fast, 0);
            java.util.List<Integer> expected = new java.util.ArrayList<>();
            String[] tokens = Tokenizer.split(text);
            for (String t : tokens) expected.add(h.bucket("w:" + t));
            for (int i = 0; i + 1 < tokens.length; i++) expected.add(h.bucket("b:" + tokens[i] + ' ' + tokens[i + 1]));
            for (String t : tokens) {
                int[] cps = ('<' + t + '>').codePoints().toArray();
                for (int len = 3; len <= 5; len++) {
                    for (int s = 0; s + len <= cps.length; s++)
                        if (len != cps.length) expected.add(h.bucket("c:" + new String(cps, s, len)));
                }
            }
            assertThat(java.util.Arrays.stream(fast, 0, n).boxed().toList())
                    .as(text)
                    .isEqualTo(expected);
        }
    }

    @Test
    void ngramsAreStableNonZeroAndCapped() {
        NgramHasher h = new NgramHasher(1 << 10, 8, 3, 3);
        int[] a = new int[8];
        int[] b = new int[8];
        int n = h.encode("good day", a, 0);
        h.encode("good day", b, 0);
        assertThat(a).containsExactly(b);
        assertThat(n).isEqualTo(8); // 2 words + 1 bigram + char 3-grams, capped at 8
        for (int id : a) assertThat(id).isBetween(1, (1 << 10) - 1);
        int[] empty = new int[8];
        assertThat(h.encode("", empty, 0)).isZero();
        assertThat(empty).containsOnly(0);
        // a word's unigram and its bigram with another word hash differently
        assertThat(h.bucket("w:good")).isNotEqualTo(h.bucket("b:good day"));
    }
}
