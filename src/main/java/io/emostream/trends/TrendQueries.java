package io.emostream.trends;

import io.emostream.emotions.EmotionGroups;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Reads this instance's trend and alert stores (Kafka Streams interactive queries) into JSON-ready values. Only the
 * partitions this instance hosts: finding the instance that holds a source, or asking all of them, is the caller's.
 */
public final class TrendQueries {
    private final KafkaStreams streams;

    public TrendQueries(KafkaStreams streams) {
        this.streams = streams;
    }

    /** One window of a source: its bounds, comment count, and per emotion of the group its count, share and mean score. */
    public record Point(
            long start, long end, long count, List<String> modelVersions, Map<String, Map<String, Number>> emotions) {}

    /** The windows of {@code source} that start in [from, to], oldest first; open windows included. */
    public List<Point> windows(String store, long windowMs, String source, EmotionGroups group, long from, long to) {
        ReadOnlyWindowStore<String, TrendAggregate> s =
                streams.store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.windowStore()));
        List<Point> points = new ArrayList<>();
        try (WindowStoreIterator<TrendAggregate> it =
                s.fetch(source, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to))) {
            while (it.hasNext()) {
                var kv = it.next();
                points.add(point(kv.key, kv.key + windowMs, kv.value, group));
            }
        }
        return points;
    }

    static Point point(long start, long end, TrendAggregate agg, EmotionGroups group) {
        Map<String, Map<String, Number>> emotions = new LinkedHashMap<>();
        for (String name : agg.names(group)) {
            TrendAggregate.Stat s = agg.stat(group, name);
            emotions.put(
                    name,
                    Map.of(
                            "count",
                            s.count,
                            "share",
                            agg.count == 0 ? 0.0 : (double) s.count / agg.count,
                            "meanScore",
                            agg.count == 0 ? 0.0 : s.scoreSum / agg.count));
        }
        return new Point(start, end, agg.count, List.copyOf(agg.modelVersions), emotions);
    }

    /** Alerts whose window starts at or after {@code since}, oldest first. */
    public List<AlertView> alerts(long since) {
        ReadOnlyKeyValueStore<String, AlertView> s = streams.store(
                StoreQueryParameters.fromNameAndType(TrendTopology.ALERTS_STORE, QueryableStoreTypes.keyValueStore()));
        List<AlertView> out = new ArrayList<>();
        try (KeyValueIterator<String, AlertView> it = s.range(
                SpikeDetector.alertKey(Math.max(0, since), "", ""),
                SpikeDetector.alertKey(999_999_999_999_999L, "", ""))) {
            it.forEachRemaining(kv -> out.add(kv.value));
        }
        return out;
    }

    /** The sources with a window in the short store's retention ("*" and the tracked topics not included). */
    public TreeSet<String> sources(String store) {
        ReadOnlyWindowStore<String, TrendAggregate> s =
                streams.store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.windowStore()));
        TreeSet<String> out = new TreeSet<>();
        try (KeyValueIterator<Windowed<String>, TrendAggregate> it = s.all()) {
            it.forEachRemaining(kv -> {
                String key = kv.key.key();
                if (!key.equals(TrendTopology.ALL_SOURCES) && TrendTopology.topicOf(key) == null) out.add(key);
            });
        }
        return out;
    }
}
