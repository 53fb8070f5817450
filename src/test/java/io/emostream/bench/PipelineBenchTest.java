package io.emostream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.streams.ClassifierMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PipelineBenchTest {

    @Test
    void latencyIsSummarisedOverTheTimedPartOnlyOverallByStageAndByWindow() {
        // 10 records/s: 100 untimed records of 1000 ms, then 100 timed ones of 1..100 ms, in two 5 s windows
        long[] latencies = LongStream.concat(LongStream.generate(() -> 1000).limit(100), LongStream.rangeClosed(1, 100))
                .toArray();
        List<ClassifierMetrics.Stages> stages = new ArrayList<>();
        for (long l : latencies) stages.add(new ClassifierMetrics.Stages(1, l - 1, 0, 0));

        PipelineBench.Latency lat = PipelineBench.summarise(latencies, stages, 100, 10, Map.of(), "");

        assertThat(lat.records()).isEqualTo(100);
        assertThat(lat.p50()).isEqualTo(50);
        assertThat(lat.p99()).isEqualTo(99);
        assertThat(lat.stageP50P99()).containsOnlyKeys("transport", "buffered", "queued", "model");
        assertThat(lat.stageP50P99().get("buffered")).containsExactly(49, 98);
        assertThat(lat.stageP50P99().get("transport")).containsExactly(1, 1);
        assertThat(lat.p99ByWindow()).containsExactly(50L, 100L);
    }
}
