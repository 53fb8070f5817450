package io.emostream.trends;

import io.emostream.avro.AlertExample;
import io.emostream.avro.EmotionAlert;
import java.time.Instant;
import java.util.List;

/** An alert as the alerts store keeps it and {@code /api/alerts} shows it. */
public record AlertView(
        String source,
        String group,
        String label,
        long windowStart,
        long windowEnd,
        double share,
        double baseline,
        double z,
        long count,
        long windowCount,
        List<TrendAggregate.Example> examples) {

    public EmotionAlert toAvro() {
        return EmotionAlert.newBuilder()
                .setSource(source)
                .setGroup(group)
                .setLabel(label)
                .setWindowStart(Instant.ofEpochMilli(windowStart))
                .setWindowEnd(Instant.ofEpochMilli(windowEnd))
                .setShare(share)
                .setBaseline(baseline)
                .setZ(z)
                .setCount(count)
                .setWindowCount(windowCount)
                .setExamples(examples.stream()
                        .map(e -> new AlertExample(e.id(), e.text(), e.score()))
                        .toList())
                .build();
    }
}
