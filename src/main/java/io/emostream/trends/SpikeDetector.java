package io.emostream.trends;

import io.emostream.emotions.EmotionGroups;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Compares each closed window of a series (a source, all sources, or a tracked topic) with that series' own recent
 * past, per emotion of every grouping and for its volume. The baseline is an exponentially weighted mean and variance
 * of the emotion's share over past windows; a window's share stands out when {@code z = (share - mean) /
 * sqrt(variance + mean(1 - mean) / n)} reaches {@code alerts.z} with at least {@code alerts.min.count} comments having
 * it. The binomial term is the noise of a share measured on n comments, so a small window needs a larger jump and an
 * emotion never seen before still has a finite z. The volume (comments per window) is compared the same way, with
 * Poisson noise; a rise of the negative sentiment's share is its own kind of alert. Each alert has a severity (1-3,
 * from how far past the threshold z went and how many comments it rests on) and a reason in words. One alert per
 * (series, kind, emotion): it re-arms once z has fallen under {@code alerts.reset.z}, and not within
 * {@code alerts.cooldown.ms} of its last alert. When the model that labels the comments changes (a hot swap, a
 * rollback), a series' baselines start again: a new model's label mix is not a spike.
 */
final class SpikeDetector implements Processor<Windowed<String>, TrendAggregate, String, AlertView> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SpikeDetector.class);
    static final String BASELINES = "alert-baselines";
    static final String ALERTS = "alerts";

    private final TrendSettings settings;
    private KeyValueStore<String, Baselines> baselines;
    private KeyValueStore<String, AlertView> alerts;
    private ProcessorContext<String, AlertView> context;

    /** Per source: "group/name" → its baseline. */
    public static final class Baselines {
        public Map<String, Baseline> byEmotion = new TreeMap<>();
        /** The model whose labels the baselines were learnt from. */
        public String modelVersion;
    }

    public static final class Baseline {
        public double mean;
        public double variance;
        public long windows;
        public boolean firing;
        /** Window start of its last alert, for the cool-down; null before the first. */
        public Long lastAlertAt;
    }

    private final java.util.function.Consumer<String> onAlert;

    /** @param onAlert told the group ("labels", "ekman", "sentiment") of each alert raised, for a metric */
    SpikeDetector(TrendSettings settings, java.util.function.Consumer<String> onAlert) {
        this.settings = settings;
        this.onAlert = onAlert;
    }

    @Override
    public void init(ProcessorContext<String, AlertView> context) {
        this.context = context;
        this.baselines = context.getStateStore(BASELINES);
        this.alerts = context.getStateStore(ALERTS);
    }

    @Override
    public void process(Record<Windowed<String>, TrendAggregate> window) {
        String series = window.key().key();
        TrendAggregate agg = window.value();
        if (agg == null || agg.count == 0) return;
        Baselines state = baselines.get(series);
        if (state == null) state = new Baselines();
        // another model labels differently: its first windows would all look like spikes against the old model's
        // baselines, so they start again (with the warm-up) from the first window the new model labelled
        if (state.modelVersion != null
                && !agg.modelVersions.isEmpty()
                && !agg.modelVersions.equals(java.util.Set.of(state.modelVersion))) {
            LOG.info(
                    "Alert baselines of {} start again: the model changed ({} -> {})",
                    series,
                    state.modelVersion,
                    agg.latestModelVersion);
            state.byEmotion.clear();
        }
        if (agg.latestModelVersion != null) state.modelVersion = agg.latestModelVersion;
        double alpha = 2.0 / (settings.baselineWindows() + 1);
        long start = window.key().window().start(), end = window.key().window().end();
        List<AlertView> fired = new ArrayList<>();
        for (EmotionGroups g : EmotionGroups.values()) {
            for (String name : agg.names(g)) {
                TrendAggregate.Stat s = agg.stat(g, name);
                double share = (double) s.count / agg.count;
                Baseline b = state.byEmotion.computeIfAbsent(TrendAggregate.key(g, name), k -> new Baseline());
                double z = b.windows >= settings.warmupWindows() ? zScore(share, b, agg.count) : 0;
                if (fires(b, z, s.count, start)) {
                    String kind = g == EmotionGroups.SENTIMENT && name.equals("negative") ? NEGATIVE : EMOTION;
                    fired.add(alert(
                            series,
                            kind,
                            g.id(),
                            name,
                            window,
                            share,
                            b.mean,
                            z,
                            s.count,
                            agg.count,
                            List.copyOf(s.examples)));
                }
                learn(b, share, alpha);
            }
        }
        // the number of comments against its own baseline: Poisson noise instead of the binomial one
        Baseline v = state.byEmotion.computeIfAbsent(VOLUME_KEY, k -> new Baseline());
        double zv = v.windows >= settings.warmupWindows()
                ? (agg.count - v.mean) / Math.sqrt(v.variance + Math.max(v.mean, 1))
                : 0;
        if (fires(v, zv, agg.count, start))
            fired.add(alert(
                    series,
                    VOLUME,
                    "volume",
                    "comments",
                    window,
                    agg.count,
                    v.mean,
                    zv,
                    agg.count,
                    agg.count,
                    List.of()));
        learn(v, agg.count, alpha);
        baselines.put(series, state);
        for (AlertView a : fired) {
            alerts.put(alertKey(a.windowStart(), series, a.group() + "/" + a.label()), a);
            context.forward(new Record<>(series, a, window.timestamp()));
            onAlert.accept(a.group());
        }
        prune(end - settings.alertRetention().toMillis());
    }

    static final String EMOTION = "emotion";
    static final String NEGATIVE = "negative";
    static final String VOLUME = "volume";
    private static final String VOLUME_KEY = "volume/comments";

    /**
     * Whether a baseline past its warm-up fires: z at the threshold with enough comments, not already firing, and
     * out of its cool-down. It re-arms once z falls under the reset level.
     */
    private boolean fires(Baseline b, double z, long count, long windowStart) {
        if (b.windows < settings.warmupWindows()) return false;
        if (b.firing && z < settings.resetZ()) b.firing = false;
        if (b.firing || z < settings.alertZ() || count < settings.minCount()) return false;
        if (b.lastAlertAt != null
                && windowStart - b.lastAlertAt < settings.alertCooldown().toMillis()) return false;
        b.firing = true;
        b.lastAlertAt = windowStart;
        return true;
    }

    /** The observation enters the baseline, spike or not: a lasting shift becomes the new normal. */
    private static void learn(Baseline b, double x, double alpha) {
        if (b.windows == 0) {
            b.mean = x;
        } else {
            double d = x - b.mean;
            b.mean += alpha * d;
            b.variance = (1 - alpha) * (b.variance + alpha * d * d);
        }
        b.windows++;
    }

    private AlertView alert(
            String series,
            String kind,
            String group,
            String label,
            Record<Windowed<String>, TrendAggregate> window,
            double value,
            double baseline,
            double z,
            long count,
            long windowCount,
            List<TrendAggregate.Example> examples) {
        String topic = TrendTopology.topicOf(series);
        long start = window.key().window().start();
        int severity = severity(z, count);
        String source = TrendTopology.sourceOf(series);
        boolean all = source.equals(TrendTopology.ALL_SOURCES);
        String about = topic != null ? "topic " + topic + (all ? "" : " in " + source) : all ? "all sources" : source;
        String reason = kind.equals(VOLUME)
                ? String.format(
                        java.util.Locale.ROOT,
                        "%s: %d comments in the window, usually %.0f (z %.1f)",
                        about,
                        count,
                        baseline,
                        z)
                : String.format(
                        java.util.Locale.ROOT,
                        "%s: %s in %.0f%% of %d comments, usually %.0f%% (z %.1f)",
                        about,
                        label,
                        100 * value,
                        windowCount,
                        100 * baseline,
                        z);
        return new AlertView(
                TrendTopology.sourceOf(series),
                group,
                label,
                start,
                window.key().window().end(),
                value,
                baseline,
                z,
                count,
                windowCount,
                examples,
                topic,
                kind,
                severity,
                reason,
                series + "|" + kind + "|" + group + "/" + label + "|" + java.time.Instant.ofEpochMilli(start));
    }

    /**
     * 1 notable, 2 high, 3 critical: how far past the threshold z went, and how many comments the alert rests on (a
     * jump on few comments stays notable, however large).
     */
    int severity(double z, long count) {
        double past = z / settings.alertZ();
        double support = (double) count / settings.minCount();
        if (past >= 2 && support >= 4) return 3;
        if (past >= 1.5 && support >= 2) return 2;
        return 1;
    }

    static double zScore(double share, Baseline b, long n) {
        // floor the binomial term at half a comment, so that a baseline of exactly 0 does not make any count infinite
        double p = Math.max(b.mean, 0.5 / n);
        double sd = Math.sqrt(b.variance + p * (1 - p) / n);
        return (share - b.mean) / sd;
    }

    /** Alert store keys sort by window start: zero-padded millis first. */
    static String alertKey(long windowStart, String source, String emotion) {
        return String.format("%015d|%s|%s", windowStart, source, emotion);
    }

    private void prune(long before) {
        if (before <= 0) return;
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, AlertView> it = alerts.range(alertKey(0, "", ""), alertKey(before, "", ""))) {
            it.forEachRemaining(kv -> old.add(kv.key));
        }
        old.forEach(alerts::delete);
    }
}
