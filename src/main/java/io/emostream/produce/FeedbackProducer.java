package io.emostream.produce;

import io.emostream.avro.LabelFeedback;
import io.emostream.config.EmostreamConfig;
import io.emostream.topics.Topics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends LabelFeedback (Avro) keyed by comment id, so it lands in the partition of its comment. */
public final class FeedbackProducer implements AutoCloseable {
    private final KafkaProducer<String, LabelFeedback> producer;
    private final String topic;
    private long sent;

    public FeedbackProducer(EmostreamConfig config, String topic) {
        Map<String, Object> props = new HashMap<>(config.kafkaClientConfig());
        props.put("enable.idempotence", "true");
        this.producer = new KafkaProducer<>(
                props, new StringSerializer(), Topics.of(config).feedback().serializer());
        this.topic = topic;
    }

    public void send(LabelFeedback f) {
        producer.send(new ProducerRecord<>(topic, f.getCommentId(), f));
        sent++;
    }

    public long sent() {
        return sent;
    }

    @Override
    public void close() {
        producer.close();
    }
}
