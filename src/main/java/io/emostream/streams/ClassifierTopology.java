package io.emostream.streams;

import io.emostream.config.EmostreamConfig;
import io.emostream.serde.RecordReader;
import io.emostream.topics.Topics;
import io.emostream.tracking.TrackedTopics;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The classifier: {@code comments} (CommentEvent) → micro-batch per task → one model call per batch → per-label
 * thresholds → {@code comments-labelled} (LabelledComment, keyed as the input); unreadable records and records the
 * model keeps failing on → {@code comments-dlq}. Tests build it with this same function.
 */
public final class ClassifierTopology {
    public static final String SOURCE = "comments-source";
    public static final String PROCESSOR = "micro-batch-classifier";
    public static final String BUFFER_STORE = "pending-comments";
    public static final String LABELLED_SINK = "labelled-sink";
    public static final String DLQ_SINK = "dlq-sink";

    private ClassifierTopology() {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Topology build(EmostreamConfig config, ThreadScorers scorers, ClassifierMetrics metrics) {
        ClassifierSettings s = ClassifierSettings.from(config);
        Topics topics = Topics.of(config);
        var comments = topics.comments().deserializer();
        var labelled = topics.labelled().serializer();

        Topology t = new Topology(StreamsProperties.topologyConfig(config, config.get("application.id")));
        // Raw bytes in: the processor deserializes, so an unreadable record is dead-lettered with its exact bytes.
        t.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), s.commentsTopic());
        // one reader for every task: the registry outage is logged once, not once per task
        RecordReader reader = new RecordReader("classifier", metrics.registry(), s.registryWaitMaxMs());
        ScoreCache cache = ScoreCache.of(s.scoreCacheSize(), metrics.registry());
        // one for every task: the topics file is read once, and re-read once per change
        TrackedTopics tracked = TrackedTopics.from(config).bindTo(metrics.registry());
        t.addProcessor(
                PROCESSOR,
                () -> new MicroBatchProcessor(s, scorers, metrics, cache, tracked, reader, comments),
                SOURCE);
        // Cached: a record put and deleted within one commit interval never reaches the changelog; whatever is still
        // buffered at a commit is flushed to it first, so durability is the same at a fraction of the writes.
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.inMemoryKeyValueStore(BUFFER_STORE), Serdes.Long(), Serdes.ByteArray())
                        .withCachingEnabled(),
                PROCESSOR);
        t.addSink(LABELLED_SINK, s.labelledTopic(), new ByteArraySerializer(), (Serializer) labelled, PROCESSOR);
        t.addSink(DLQ_SINK, s.dlqTopic(), new ByteArraySerializer(), new ByteArraySerializer(), PROCESSOR);
        return t;
    }
}
