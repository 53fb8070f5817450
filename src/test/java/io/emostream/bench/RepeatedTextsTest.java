package io.emostream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RepeatedTextsTest {
    @Test
    void aboutThirtyPercentOfTheStreamRepeatsAnEarlierTextAndTheRestIsNew() {
        List<String> texts = Benchmark.repeatedTexts(List.of("so happy", "so sad", "so angry"), 20_000, 0.3, 42);
        assertThat(texts).hasSize(20_000);
        Set<String> seen = new HashSet<>();
        int repeats = 0;
        for (String t : texts) if (!seen.add(t)) repeats++;
        assertThat(repeats / 20_000.0).isCloseTo(0.3, within(0.02));
    }
}
