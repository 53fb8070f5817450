package io.emostream.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.streams.ClassifierMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LiveStatsTest {
    private static final ClassifierMetrics.Stages NONE = new ClassifierMetrics.Stages(0, 0, 0, 0);

    private static ClassifierMetrics.LabelledEvent event(long latencyMs) {
        return new ClassifierMetrics.LabelledEvent(List.of("joy"), latencyMs, "v1", NONE);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theStartUpBacklogIsCountedButKeptOutOfTheLatencyFigures() {
        AtomicLong now = new AtomicLong(1_000_000_000_000L);
        LiveStats live = new LiveStats(now::get);
        now.addAndGet(2_000);
        // a comment written an hour before start (backlog) and three live ones
        live.record(event(3_600_000));
        live.record(event(40));
        live.record(event(50));
        now.addAndGet(5_000);
        live.record(event(60));
        Map<String, Object> s = live.snapshot();
        assertThat(s.get("lastMinuteTotal")).isEqualTo(4L);
        assertThat(s.get("lastMinuteBacklog")).isEqualTo(1L);
        assertThat(s.get("latencyP99Ms")).isEqualTo(60L);
        assertThat(s.get("latencyP50Ms")).isEqualTo(50L);
        Map<String, List<Object>> series = (Map<String, List<Object>>) s.get("series");
        assertThat(series.get("time")).hasSize(2); // the buckets since start only
        assertThat(series.get("perSecond")).containsExactly(3 / 5.0, 1 / 5.0);
        assertThat(series.get("backlog")).containsExactly(1, 0);
        assertThat(series.get("latencyP99Ms")).containsExactly(50L, 60L);
        assertThat((Map<String, Integer>) s.get("labels")).containsEntry("joy", 4);
    }

    @Test
    @SuppressWarnings("unchecked")
    void oldBucketsLeaveTheLastMinuteAndEmptyOnesAreZeros() {
        AtomicLong now = new AtomicLong(1_000_000_000_000L);
        LiveStats live = new LiveStats(now::get);
        live.record(event(10));
        now.addAndGet(120_000);
        live.record(event(20));
        Map<String, Object> s = live.snapshot();
        assertThat(s.get("lastMinuteTotal")).isEqualTo(1L);
        assertThat(s.get("latencyP99Ms")).isEqualTo(20L);
        Map<String, List<Object>> series = (Map<String, List<Object>>) s.get("series");
        assertThat(series.get("time")).hasSize(25);
        assertThat(series.get("perSecond").get(12)).isEqualTo(0.0);
        assertThat(series.get("latencyP50Ms").get(12)).isNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void deadLettersComeFromTheMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ClassifierMetrics metrics = new ClassifierMetrics(registry);
        LiveStats live = new LiveStats();
        live.attach(metrics);
        registry.counter("emostream.dlq", "stage", "deserialize").increment(3);
        assertThat((Map<String, Long>) live.snapshot().get("deadLetters")).containsEntry("deserialize", 3L);
    }
}
