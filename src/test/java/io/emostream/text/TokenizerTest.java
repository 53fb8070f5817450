package io.emostream.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

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
