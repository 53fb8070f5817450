package io.emostream.trends;

import io.emostream.avro.EmotionAlert;
import io.emostream.avro.EmotionTrend;
import io.emostream.config.EmostreamConfig;
import io.emostream.serde.RecordReader;
import io.emostream.streams.StreamsProperties;
import io.emostream.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Emotion trends and spike alerts, from {@code comments-labelled}:
 * <ol>
 *   <li>each labelled comment, at its {@code createdAt}, is counted under its source, under "*" (all sources) and
 *       under each tracked topic it belongs to ({@link #topicKey}), and with {@code trends.topic.sources} under each
 *       topic in its source;</li>
 *   <li>tumbling windows per source ({@code trends.window.ms}, and {@code trends.long.window.ms} unless 0) aggregate
 *       counts and mean scores per label, Ekman group and sentiment, in window stores that the query API reads;</li>
 *   <li>each window is written once, when it closes (after {@code trends.grace.ms}), as an {@code EmotionTrend} to
 *       {@code emotion-trends};</li>
 *   <li>closed short windows go through {@link SpikeDetector}, which writes {@code EmotionAlert}s to
 *       {@code emotion-alerts} and keeps them in the {@code alerts} store.</li>
 * </ol>
 */
public final class TrendTopology {
    /** The source key of the all-sources series. */
    public static final String ALL_SOURCES = "*";

    public static final String SHORT_STORE = "trends-short";
    public static final String LONG_STORE = "trends-long";
    public static final String ALERTS_STORE = SpikeDetector.ALERTS;
    static final Serde<Observation> OBSERVATIONS = JsonStateSerde.of(Observation.class, "trend observation", 2);
    static final Serde<TrendAggregate> AGGREGATES = JsonStateSerde.of(TrendAggregate.class, "trend window", 2);
    static final Serde<AlertView> ALERTS = JsonStateSerde.of(AlertView.class, "alert", 2);
    static final Serde<SpikeDetector.Baselines> BASELINES =
            JsonStateSerde.of(SpikeDetector.Baselines.class, "alert baseline", 2);

    private TrendTopology() {}

    /** @param reader how a labelled comment is read (waits out registry outages; counts what it drops) */
    public static Topology build(EmostreamConfig config, RecordReader reader) {
        return build(config, reader, group -> {});
    }

    /** @param onAlert told the group of each alert raised ({@code emostream_alerts_total{group}} in the service) */
    public static Topology build(
            EmostreamConfig config, RecordReader reader, java.util.function.Consumer<String> onAlert) {
        TrendSettings s = TrendSettings.from(config);
        Topics topics = Topics.of(config);
        StreamsBuilder b =
                new StreamsBuilder(StreamsProperties.topologyConfig(config, config.get("trends.application.id")));
        var labelled = topics.labelled().deserializer();
        KStream<String, Observation> observations = b.stream(
                        s.labelled(),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("trends-labelled-source"))
                .process(
                        () -> new LabelledReader(labelled, reader, s.labelled(), s.topicSources()),
                        Named.as("by-source-at-created-at"));
        KGroupedStream<String, Observation> bySource =
                observations.groupByKey(Grouped.with("trends-by-source", Serdes.String(), OBSERVATIONS));

        Serde<EmotionTrend> trends = topics.trends().valueSerde();
        KStream<org.apache.kafka.streams.kstream.Windowed<String>, TrendAggregate> shortWindows =
                windows(bySource, s, s.window(), SHORT_STORE, true);
        shortWindows
                .map((w, agg) -> trend(w, agg), Named.as("short-trend"))
                .to(s.trends(), Produced.with(Serdes.String(), trends).withName("trends-sink"));
        if (!s.longWindow().isZero()) {
            windows(bySource, s, s.longWindow(), LONG_STORE, false)
                    .map((w, agg) -> trend(w, agg), Named.as("long-trend"))
                    .to(s.trends(), Produced.with(Serdes.String(), trends).withName("long-trends-sink"));
        }

        b.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SpikeDetector.BASELINES), Serdes.String(), BASELINES));
        b.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SpikeDetector.ALERTS), Serdes.String(), ALERTS));
        Serde<EmotionAlert> alerts = topics.alerts().valueSerde();
        shortWindows
                .process(
                        () -> new SpikeDetector(s, onAlert),
                        Named.as("spike-detector"),
                        SpikeDetector.BASELINES,
                        SpikeDetector.ALERTS)
                .mapValues(AlertView::toAvro, Named.as("alert-record"))
                .to(s.alerts(), Produced.with(Serdes.String(), alerts).withName("alerts-sink"));
        return b.build();
    }

    private static KStream<org.apache.kafka.streams.kstream.Windowed<String>, TrendAggregate> windows(
            KGroupedStream<String, Observation> bySource,
            TrendSettings s,
            Duration size,
            String store,
            boolean examples) {
        String name = store.substring("trends-".length());
        return bySource.windowedBy(TimeWindows.ofSizeAndGrace(size, s.grace()))
                .emitStrategy(EmitStrategy.onWindowClose())
                .aggregate(
                        TrendAggregate::new,
                        (source, o, agg) -> agg.add(o, examples),
                        Named.as(name + "-windows"),
                        Materialized.<String, TrendAggregate, WindowStore<Bytes, byte[]>>as(store)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(AGGREGATES)
                                .withRetention(s.retentionOf(size)))
                .toStream(Named.as(name + "-closed"));
    }

    private static KeyValue<String, EmotionTrend> trend(
            org.apache.kafka.streams.kstream.Windowed<String> w, TrendAggregate agg) {
        long start = w.window().start(), end = w.window().end();
        String topic = topicOf(w.key());
        EmotionTrend t = agg.toTrend(sourceOf(w.key()), start, end);
        t.setTopic(topic);
        return KeyValue.pair(trendKey(w.key(), start, end), t);
    }

    /** A tracked topic's series key: its comments from all sources. Sources are not expected to start with it. */
    public static final String TOPIC_PREFIX = "#topic/";

    /** Between a topic and a source in the key of a topic's windows in one source ({@code trends.topic.sources}). */
    private static final String SOURCE_SEPARATOR = "#source/";

    public static String topicKey(String topic) {
        return TOPIC_PREFIX + topic;
    }

    /** The series of a topic's comments from one source; {@code "*"} is all its sources. */
    public static String topicKey(String topic, String source) {
        return source.equals(ALL_SOURCES) ? topicKey(topic) : TOPIC_PREFIX + topic + SOURCE_SEPARATOR + source;
    }

    /** The topic of a series key, or null for a source's series. */
    public static String topicOf(String seriesKey) {
        if (!seriesKey.startsWith(TOPIC_PREFIX)) return null;
        int cut = seriesKey.indexOf(SOURCE_SEPARATOR);
        return seriesKey.substring(TOPIC_PREFIX.length(), cut < 0 ? seriesKey.length() : cut);
    }

    /** The source of a series key: the source itself, "*" for all, or the source of a topic's per-source series. */
    public static String sourceOf(String seriesKey) {
        if (!seriesKey.startsWith(TOPIC_PREFIX)) return seriesKey;
        int cut = seriesKey.indexOf(SOURCE_SEPARATOR);
        return cut < 0 ? ALL_SOURCES : seriesKey.substring(cut + SOURCE_SEPARATOR.length());
    }

    /** {@code source@start/duration} in ISO-8601, e.g. {@code news@2026-12-01T10:00:00Z/PT1M}. */
    public static String trendKey(String source, long start, long end) {
        return source + "@" + Instant.ofEpochMilli(start) + "/" + Duration.ofMillis(end - start);
    }
}
