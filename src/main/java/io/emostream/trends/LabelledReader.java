package io.emostream.trends;

import io.emostream.avro.LabelledComment;
import io.emostream.serde.RecordReader;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Reads a labelled comment and sends it on keyed by its source, by {@link TrendTopology#ALL_SOURCES} and by each
 * tracked topic it belongs to ({@link TrendTopology#topicKey}), at
 * its {@code createdAt}: windows are in the time comments were written, not the time they were labelled. Reading
 * follows {@link RecordReader}: while the registry is away the record waits; one that cannot be read is dropped and
 * counted (emostream wrote it, so that is a bug or a foreign producer, and the classifier's dead letters already hold
 * its input).
 */
final class LabelledReader implements Processor<String, byte[], String, Observation> {
    private final Deserializer<LabelledComment> deserializer;
    private final RecordReader reader;
    private final String topic;
    private ProcessorContext<String, Observation> context;

    private final boolean topicSources;

    LabelledReader(
            Deserializer<LabelledComment> deserializer, RecordReader reader, String topic, boolean topicSources) {
        this.topicSources = topicSources;
        this.deserializer = deserializer;
        this.reader = reader;
        this.topic = topic;
    }

    @Override
    public void init(ProcessorContext<String, Observation> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        LabelledComment c;
        try {
            c = reader.read(deserializer, topic, record.value());
        } catch (RecordReader.Unreadable e) {
            reader.dropped(
                    "unreadable",
                    topic + " "
                            + context.recordMetadata()
                                    .map(m -> m.partition() + "@" + m.offset())
                                    .orElse("?") + ": " + e.getMessage());
            return;
        }
        Observation o = Observation.of(c);
        long at = c.getCreatedAt().toEpochMilli();
        context.forward(new Record<>(c.getSource(), o, at));
        context.forward(new Record<>(TrendTopology.ALL_SOURCES, o, at));
        for (String topic : c.getTopics()) {
            context.forward(new Record<>(TrendTopology.topicKey(topic), o, at));
            if (topicSources) context.forward(new Record<>(TrendTopology.topicKey(topic, c.getSource()), o, at));
        }
    }
}
