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
 * Compares each closed window of a source with that source's own recent past, per emotion of every grouping. The
 * baseline is an exponentially weighted mean and variance of the emotion's share over past windows; a window's share
 * stands out when {@code z = (share - mean) / sqrt(variance + mean(1 - mean) / n)} reaches {@code alerts.z} with at
 * least {@code alerts.min.count} comments having it. The binomial term is the noise of a share measured on n comments,
 * so a small window needs a larger jump and an emotion never seen before still has a finite z. One alert per
 * (source, emotion): it re-arms only once z has fallen under {@code alerts.reset.z}. When the model that labels the
 * comments changes (a hot swap, a rollback), a source's baselines start again: a new model's label mix is not a spike.
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
        String source = window.key().key();
        TrendAggregate agg = window.value();
        if (agg == null || agg.count == 0) return;
        Baselines state = baselines.get(source);
        if (state == null) state = new Baselines();
        // another model labels differently: its first windows would all look like spikes against the old model's
        // baselines, so they start again (with the warm-up) from the first window the new model labelled
        if (state.modelVersion != null
                && !agg.modelVersions.isEmpty()
                && !agg.modelVersions.equals(java.util.Set.of(state.modelVersion))) {
            LOG.info(
                    "Alert baselines of {} start again: the model changed ({} -> {})",
                    source,
                    state.modelVersion,
                    agg.latestModelVersion);
            state.byEmotion.clear();
        }
        if (agg.latestModelVersion != null) state.modelVersion = agg.latestModelVersion;
        double alpha = 2.0 / (settings.baselineWindows() + 1);
        List<AlertView> fired = new ArrayList<>();
        for (EmotionGroups g : EmotionGroups.values()) {
            for (String name : agg.names(g)) {
                TrendAggregate.Stat s = agg.stat(g, name);
                double share = (double) s.count / agg.count;
                Baseline b = state.byEmotion.computeIfAbsent(TrendAggregate.key(g, name), k -> new Baseline());
                if (b.windows >= settings.warmupWindows()) {
                    double z = zScore(share, b, agg.count);
                    if (!b.firing && z >= settings.alertZ() && s.count >= settings.minCount()) {
                        b.firing = true;
                        fired.add(new AlertView(
                                source,
                                g.id(),
                                name,
                                window.key().window().start(),
                                window.key().window().end(),
                                share,
                                b.mean,
                                z,
                                s.count,
                                agg.count,
                                List.copyOf(s.examples)));
                    } else if (b.firing && z < settings.resetZ()) {
                        b.firing = false;
                    }
                }
                // the spike itself enters the baseline too: a lasting shift becomes the new normal instead of alerting
                // forever
                if (b.windows == 0) {
                    b.mean = share;
                } else {
                    double d = share - b.mean;
                    b.mean += alpha * d;
                    b.variance = (1 - alpha) * (b.variance + alpha * d * d);
                }
                b.windows++;
            }
        }
        baselines.put(source, state);
        for (AlertView a : fired) {
            alerts.put(alertKey(a.windowStart(), source, a.group() + "/" + a.label()), a);
            context.forward(new Record<>(source, a, window.timestamp()));
            onAlert.accept(a.group());
        }
        prune(window.key().window().end() - settings.alertRetention().toMillis());
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
