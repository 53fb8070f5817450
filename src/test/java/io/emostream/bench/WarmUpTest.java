package io.emostream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WarmUpTest {
    @Test
    void passesGoOnWhileTheyStillGainFivePercentOnTheBestBefore() {
        assertThat(WarmUp.settled(List.of(2_300.0))).as("one pass says nothing").isFalse();
        assertThat(WarmUp.settled(List.of(2_300.0, 2_900.0))).isFalse();
        assertThat(WarmUp.settled(List.of(2_300.0, 2_900.0, 3_000.0)))
                .as("+3.4%")
                .isTrue();
        assertThat(WarmUp.settled(List.of(2_300.0, 2_900.0, 2_500.0)))
                .as("a slower pass: no gain left")
                .isTrue();
        assertThat(WarmUp.settled(List.of(2_900.0, 2_500.0, 3_100.0)))
                .as("+6.9% on the best, not on the last")
                .isFalse();
    }

    @Test
    void theTimeLimitEndsAnUnsettledWarmUpButNeverPreventsTheFirstPass() {
        WarmUp w = new WarmUp(60);
        assertThat(w.another(List.of(), 500)).isTrue();
        assertThat(w.another(List.of(2_000.0, 2_600.0), 30)).isTrue();
        assertThat(w.another(List.of(2_000.0, 2_600.0), 61)).isFalse();
        assertThat(w.another(List.of(2_000.0, 2_050.0), 10)).isFalse();
        assertThat(new WarmUp(0).another(List.of(2_000.0), 1)).isFalse();
    }
}
