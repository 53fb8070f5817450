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
        List<TrendAggregate.Example> examples,
        String topic,
        String kind,
        int severity,
        String reason,
        String alertId) {

    /** Alerts stored before kinds and severities were read as the emotion alerts of severity 1 they were. */
    public AlertView {
        if (kind == null) kind = SpikeDetector.EMOTION;
        if (severity == 0) severity = 1;
        if (reason == null) reason = "";
        if (alertId == null) alertId = source + "|" + kind + "|" + group + "/" + label + "|" + windowStart;
    }

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
                .setTopic(topic)
                .setKind(kind)
                .setSeverity(severity)
                .setReason(reason)
                .setAlertId(alertId)
                .build();
    }
}
