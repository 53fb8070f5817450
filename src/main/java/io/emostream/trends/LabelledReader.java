package io.emostream.trends;

import io.emostream.avro.LabelledComment;
import io.emostream.serde.RegistryWait;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a labelled comment and sends it on twice, keyed by its source and by {@link TrendTopology#ALL_SOURCES}, at
 * its {@code createdAt}: windows are in the time comments were written, not the time they were labelled. While the
 * registry is away the record waits ({@link RegistryWait}); a record that cannot be read is skipped with a log line
 * (emostream wrote it, so that is a bug or a foreign producer, and the classifier's dead letters already hold its input).
 */
final class LabelledReader implements Processor<String, byte[], String, Observation> {
    private static final Logger LOG = LoggerFactory.getLogger(LabelledReader.class);
    private final Deserializer<LabelledComment> deserializer;
    private final RegistryWait.Listener registry;
    private final String topic;
    private ProcessorContext<String, Observation> context;

    private final long registryWaitMaxMs;

    LabelledReader(
            Deserializer<LabelledComment> deserializer,
            RegistryWait.Listener registry,
            String topic,
            long registryWaitMaxMs) {
        this.registryWaitMaxMs = registryWaitMaxMs;
        this.deserializer = deserializer;
        this.registry = registry;
        this.topic = topic;
    }

    @Override
    public void init(ProcessorContext<String, Observation> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) return;
        LabelledComment c;
        try {
            c = RegistryWait.deserialize(deserializer, topic, record.value(), registry, registryWaitMaxMs);
        } catch (org.apache.kafka.streams.errors.StreamsException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn(
                    "Skipped an unreadable record of {} (offset {}) for trends: {}",
                    topic,
                    context.recordMetadata()
                            .map(m -> m.partition() + "/" + m.offset())
                            .orElse("?"),
                    e.getMessage());
            return;
        }
        Observation o = Observation.of(c);
        long at = c.getCreatedAt().toEpochMilli();
        context.forward(new Record<>(c.getSource(), o, at));
        context.forward(new Record<>(TrendTopology.ALL_SOURCES, o, at));
    }
}
