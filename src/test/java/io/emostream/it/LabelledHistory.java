package io.emostream.it;

import io.emostream.avro.LabelledComment;
import io.emostream.config.EmostreamConfig;
import io.emostream.emotions.EmotionGroups;
import io.emostream.serde.AvroSerializer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Labelled comments as the classifier writes them, straight onto comments-labelled, for the trends: ten one-minute
 * windows two hours ago, 20 comments per source and minute with anger in 1-2 of them, except the spike source's ninth
 * minute (15 of 20).
 */
final class LabelledHistory implements AutoCloseable {
    static final long MINUTE = 60_000;
    static final int WINDOWS = 10;
    static final int SPIKE_WINDOW = 8;
    static final int PER_WINDOW = 20;

    final long t0 = (System.currentTimeMillis() / MINUTE - 120) * MINUTE;
    private final AvroSerializer<LabelledComment> avro = new AvroSerializer<>();
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private int id;

    LabelledHistory(EmostreamConfig c) {
        avro.configure(c.serdeConfig(), false);
        producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", c.get("bootstrap.servers")),
                new StringSerializer(),
                new ByteArraySerializer());
        topic = c.get("topic.labelled");
    }

    void writeHistory(List<String> sources, String spikeSource) {
        for (int w = 0; w < WINDOWS; w++) {
            for (String source : sources) {
                int angry = source.equals(spikeSource) && w == SPIKE_WINDOW ? 15 : 1 + w % 2;
                for (int i = 0; i < PER_WINDOW; i++) send(source, t0 + w * MINUTE + i * 1000L, i < angry);
            }
        }
        producer.flush();
    }

    /**
     * Once {@code counted} (every comment of the history is in the windows, none late), comments of now close every
     * past window; twice, 1.5 s apart, because Kafka Streams looks for closed windows at most once a wall-clock second,
     * when a record comes.
     */
    void closeWindows(List<String> sources, BooleanSupplier counted) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline && !counted.getAsBoolean()) Thread.sleep(250);
        for (int round = 0; round < 2; round++) {
            for (String source : sources) send(source, System.currentTimeMillis(), false);
            producer.flush();
            Thread.sleep(1500);
        }
    }

    /** The tracked topic the comments of {@link #TOPIC_SOURCE} belong to. */
    static final String TOPIC = "Acme";

    static final String TOPIC_SOURCE = "s3";

    private void send(String source, long createdAt, boolean angry) {
        Map<String, Float> scores = new HashMap<>();
        for (String l : EmotionGroups.GOEMOTIONS) scores.put(l, 0.01f);
        scores.put(angry ? "anger" : "neutral", 0.9f);
        String key = "c" + id++;
        LabelledComment c = LabelledComment.newBuilder()
                .setId(key)
                .setSource(source)
                .setCreatedAt(Instant.ofEpochMilli(createdAt))
                .setText(angry ? "furious about " + source : "fine")
                .setLabels(List.of(angry ? "anger" : "neutral"))
                .setScores(scores)
                .setTopLabel(angry ? "anger" : "neutral")
                .setModelVersion("v1")
                .setClassifiedAt(Instant.now())
                // the spiking source's comments are about a tracked topic
                .setTopics(source.equals(TOPIC_SOURCE) ? List.of(TOPIC) : List.of())
                .build();
        producer.send(new ProducerRecord<>(topic, key, avro.serialize(topic, c)));
    }

    @Override
    public void close() {
        producer.close();
    }
}
