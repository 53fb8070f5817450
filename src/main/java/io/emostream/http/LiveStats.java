package io.emostream.http;

import io.emostream.streams.ClassifierMetrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The last minute of output, per second: counts, latencies (for p50/p99) and the emotion mix, for the live page.
 * Bounded memory: at most {@link #MAX_LATENCIES_PER_SECOND} latency samples per second are kept.
 */
public final class LiveStats {
    private static final int WINDOW = 60;
    private static final int MAX_LATENCIES_PER_SECOND = 2000;

    private final long[] second = new long[WINDOW];
    private final int[] counts = new int[WINDOW];
    private final List<long[]> latencies = new ArrayList<>(WINDOW);
    private final int[] latencyCounts = new int[WINDOW];
    private final List<Map<String, Integer>> labels = new ArrayList<>(WINDOW);
    private volatile String modelVersion = "";

    public LiveStats() {
        for (int i = 0; i < WINDOW; i++) {
            latencies.add(new long[MAX_LATENCIES_PER_SECOND]);
            labels.add(new TreeMap<>());
        }
    }

    public void attach(ClassifierMetrics metrics) {
        metrics.onEvent(this::record);
    }

    public synchronized void record(ClassifierMetrics.LabelledEvent e) {
        long now = System.currentTimeMillis() / 1000;
        int slot = (int) (now % WINDOW);
        if (second[slot] != now) {
            second[slot] = now;
            counts[slot] = 0;
            latencyCounts[slot] = 0;
            labels.get(slot).clear();
        }
        counts[slot]++;
        if (latencyCounts[slot] < MAX_LATENCIES_PER_SECOND) latencies.get(slot)[latencyCounts[slot]++] = e.latencyMs();
        for (String l : e.labels()) labels.get(slot).merge(l, 1, Integer::sum);
        modelVersion = e.modelVersion();
    }

    /** Throughput per second (oldest first), p50/p99 latency and the label mix over the last minute. */
    public synchronized Map<String, Object> snapshot() {
        long now = System.currentTimeMillis() / 1000;
        int[] perSecond = new int[WINDOW];
        long total = 0;
        int n = 0;
        long[] all = new long[WINDOW * MAX_LATENCIES_PER_SECOND];
        Map<String, Integer> mix = new TreeMap<>();
        for (int i = 0; i < WINDOW; i++) {
            long s = now - (WINDOW - 1) + i;
            int slot = (int) (Math.floorMod(s, WINDOW));
            if (second[slot] != s) continue;
            perSecond[i] = counts[slot];
            total += counts[slot];
            System.arraycopy(latencies.get(slot), 0, all, n, latencyCounts[slot]);
            n += latencyCounts[slot];
            labels.get(slot).forEach((k, v) -> mix.merge(k, v, Integer::sum));
        }
        long[] sorted = Arrays.copyOf(all, n);
        Arrays.sort(sorted);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("modelVersion", modelVersion);
        m.put("lastMinuteTotal", total);
        m.put("perSecond", perSecond);
        m.put("latencyP50Ms", percentile(sorted, 0.50));
        m.put("latencyP99Ms", percentile(sorted, 0.99));
        m.put("labels", mix);
        return m;
    }

    static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) return 0;
        int idx = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }
}
