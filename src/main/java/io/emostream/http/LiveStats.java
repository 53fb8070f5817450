package io.emostream.http;

import io.emostream.streams.ClassifierMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * What the dashboard shows of the classifier's output: a series of 5-second buckets over the last 30 minutes
 * (labelled per second, p50 / p99 latency), the last minute's figures and label mix, and the dead-letter totals.
 * <p>
 * A comment written before this process started is <em>backlog</em>: its latency measures how long it waited for the
 * service, not how fast the service is. Backlog is counted apart and left out of every latency figure, so a restart
 * over a full topic does not make the first minutes' p99 read as the pipeline's. Memory is bounded: at most
 * {@link #SAMPLES} latency samples per bucket.
 */
public final class LiveStats {
    static final int BUCKET_MS = 5_000;
    static final int BUCKETS = 360;
    static final int SAMPLES = 1_000;

    private final LongSupplier clock;
    private final long startedMs;
    private final long[] bucketStart = new long[BUCKETS];
    private final int[] counts = new int[BUCKETS];
    private final int[] backlog = new int[BUCKETS];
    private final long[][] latencies = new long[BUCKETS][SAMPLES];
    private final int[] samples = new int[BUCKETS];
    private final List<Map<String, Integer>> labels = new ArrayList<>(BUCKETS);
    private volatile String modelVersion = "";
    private MeterRegistry registry;

    public LiveStats() {
        this(System::currentTimeMillis);
    }

    LiveStats(LongSupplier clock) {
        this.clock = clock;
        this.startedMs = clock.getAsLong();
        Arrays.fill(bucketStart, -1);
        for (int i = 0; i < BUCKETS; i++) labels.add(new TreeMap<>());
    }

    public void attach(ClassifierMetrics metrics) {
        registry = metrics.registry();
        metrics.onEvent(this::record);
    }

    public synchronized void record(ClassifierMetrics.LabelledEvent e) {
        long now = clock.getAsLong();
        long start = now - Math.floorMod(now, BUCKET_MS);
        int slot = (int) Math.floorMod(start / BUCKET_MS, BUCKETS);
        if (bucketStart[slot] != start) {
            bucketStart[slot] = start;
            counts[slot] = 0;
            backlog[slot] = 0;
            samples[slot] = 0;
            labels.get(slot).clear();
        }
        counts[slot]++;
        for (String l : e.labels()) labels.get(slot).merge(l, 1, Integer::sum);
        modelVersion = e.modelVersion();
        if (now - e.latencyMs() < startedMs) {
            backlog[slot]++;
        } else if (samples[slot] < SAMPLES) {
            latencies[slot][samples[slot]++] = e.latencyMs();
        }
    }

    /** The series (oldest first, empty buckets as zeros), the last minute's figures, the label mix and the dead letters. */
    public synchronized Map<String, Object> snapshot() {
        long now = clock.getAsLong();
        long current = now - Math.floorMod(now, BUCKET_MS);
        List<Long> time = new ArrayList<>();
        List<Double> rate = new ArrayList<>();
        List<Long> p50 = new ArrayList<>(), p99 = new ArrayList<>();
        List<Integer> backlogSeries = new ArrayList<>();
        long minuteTotal = 0, minuteBacklog = 0;
        List<long[]> minute = new ArrayList<>();
        Map<String, Integer> mix = new TreeMap<>();
        for (int i = BUCKETS - 1; i >= 0; i--) {
            long start = current - (long) i * BUCKET_MS;
            int slot = (int) Math.floorMod(start / BUCKET_MS, BUCKETS);
            boolean has = bucketStart[slot] == start;
            if (start + BUCKET_MS <= startedMs) continue; // before this process: no data, not zero
            long[] sorted = has ? Arrays.copyOf(latencies[slot], samples[slot]) : new long[0];
            Arrays.sort(sorted);
            time.add(start);
            rate.add(has ? counts[slot] * 1000.0 / BUCKET_MS : 0.0);
            backlogSeries.add(has ? backlog[slot] : 0);
            p50.add(sorted.length == 0 ? null : percentile(sorted, 0.50));
            p99.add(sorted.length == 0 ? null : percentile(sorted, 0.99));
            if (has && now - start < 60_000) {
                minuteTotal += counts[slot];
                minuteBacklog += backlog[slot];
                minute.add(sorted);
                labels.get(slot).forEach((k, v) -> mix.merge(k, v, Integer::sum));
            }
        }
        long[] all = minute.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("modelVersion", modelVersion);
        m.put("startedAt", startedMs);
        m.put("bucketMs", BUCKET_MS);
        m.put("lastMinuteTotal", minuteTotal);
        m.put("lastMinuteBacklog", minuteBacklog);
        m.put("latencyP50Ms", percentile(all, 0.50));
        m.put("latencyP99Ms", percentile(all, 0.99));
        m.put("labels", mix);
        m.put(
                "series",
                Map.of(
                        "time",
                        time,
                        "perSecond",
                        rate,
                        "latencyP50Ms",
                        p50,
                        "latencyP99Ms",
                        p99,
                        "backlog",
                        backlogSeries));
        m.put("deadLetters", deadLetters());
        return m;
    }

    /** Dead-lettered records since start, by stage (deserialize, model, ...), from the meters. */
    private Map<String, Long> deadLetters() {
        Map<String, Long> out = new TreeMap<>();
        if (registry == null) return out;
        for (Counter c : registry.find("emostream.dlq").counters())
            out.merge(c.getId().getTag("stage"), (long) c.count(), Long::sum);
        return out;
    }

    static Long percentile(long[] sorted, double q) {
        if (sorted.length == 0) return 0L;
        int idx = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }
}
