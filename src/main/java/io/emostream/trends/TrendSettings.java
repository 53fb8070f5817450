package io.emostream.trends;

import io.emostream.config.EmostreamConfig;
import io.emostream.topics.Topics;
import java.time.Duration;

/** The trend and alert keys of the config, read once. */
public record TrendSettings(
        String labelled,
        String trends,
        String alerts,
        Duration window,
        Duration longWindow,
        Duration grace,
        Duration retention,
        Duration longRetention,
        double alertZ,
        double resetZ,
        long minCount,
        int baselineWindows,
        int warmupWindows,
        Duration alertRetention,
        Duration alertCooldown,
        boolean topicSources) {

    public static TrendSettings from(EmostreamConfig c) {
        Topics t = Topics.of(c);
        return new TrendSettings(
                t.labelled().name(),
                t.trends().name(),
                t.alerts().name(),
                Duration.ofMillis(c.getLong("trends.window.ms")),
                Duration.ofMillis(c.getLong("trends.long.window.ms")),
                Duration.ofMillis(c.getLong("trends.grace.ms")),
                Duration.ofMillis(c.getLong("trends.retention.ms")),
                Duration.ofMillis(c.getLong("trends.long.retention.ms")),
                c.getDouble("alerts.z"),
                c.getDouble("alerts.reset.z"),
                c.getLong("alerts.min.count"),
                c.getInt("alerts.baseline.windows"),
                c.getInt("alerts.warmup.windows"),
                Duration.ofMillis(c.getLong("alerts.retention.ms")),
                Duration.ofMillis(c.getLong("alerts.cooldown.ms")),
                c.getBoolean("trends.topic.sources"));
    }

    /** The window lengths kept: the short one, and the long one unless it is off (0). */
    public java.util.List<Duration> windows() {
        return longWindow.isZero() ? java.util.List.of(window) : java.util.List.of(window, longWindow);
    }

    public Duration retentionOf(Duration w) {
        return w.equals(window) ? retention : longRetention;
    }
}
