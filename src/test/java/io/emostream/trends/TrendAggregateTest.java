package io.emostream.trends;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.avro.EmotionTrend;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrendAggregateTest {
    @Test
    void commentsTheModelDidNotReadAreCountedApartAndDiluteNoShare() {
        TrendAggregate a = new TrendAggregate()
                .add(new Observation("1", "so angry", List.of("anger"), Map.of("anger", 0.9f), "v", false), true)
                .add(new Observation("2", "Estoy muy enojado", List.of(), Map.of(), "v", true), true)
                .add(new Observation("3", "Ich bin so wütend", List.of(), Map.of(), "v", true), true);
        EmotionTrend t = a.toTrend("news", 0, 60_000);
        assertThat(t.getCount()).isEqualTo(1);
        assertThat(t.getUnscored()).isEqualTo(2);
        assertThat(t.getLabels().get("anger").getCount()).isEqualTo(1);
        assertThat(t.getLabels().get("anger").getMeanScore()).isEqualTo(0.9f);
        assertThat(t.getEkman().get("neutral").getCount()).isZero();
    }

    /** The trends take the coarse groups the model said (a group head may say them apart from the labels). */
    @Test
    void theGroupsTheModelSaidAreTheOnesCounted() {
        TrendAggregate a = new TrendAggregate()
                .add(
                        new Observation(
                                "1",
                                "the headline",
                                List.of(), // no fine label over its threshold
                                Map.of("anger", 0.3f),
                                "v",
                                false,
                                List.of("anger", "negative"),
                                Map.of("anger", 0.7f, "negative", 0.7f)),
                        true);
        EmotionTrend t = a.toTrend("news", 0, 60_000);
        assertThat(t.getEkman().get("anger").getCount()).isEqualTo(1);
        assertThat(t.getEkman().get("anger").getMeanScore()).isEqualTo(0.7f);
        assertThat(t.getSentiment().get("negative").getCount()).isEqualTo(1);
        assertThat(t.getLabels().get("anger").getCount()).isZero();
    }
}
