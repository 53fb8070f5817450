package io.emostream.produce;

import io.emostream.avro.CommentEvent;
import io.emostream.config.EmostreamConfig;
import io.emostream.topics.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends CommentEvents (Avro, keyed by id) at an optional steady rate. Idempotent producer: a retry never duplicates. */
public final class CommentProducer implements AutoCloseable {
    private final KafkaProducer<String, CommentEvent> producer;
    private final String topic;
    private final double ratePerSecond;
    private long sent;
    private long startNanos;

    public CommentProducer(EmostreamConfig config, String topic, double ratePerSecond) {
        Map<String, Object> props = new HashMap<>(config.kafkaClientConfig());
        props.put("enable.idempotence", "true");
        props.put("acks", "all");
        props.put("linger.ms", "5");
        this.producer = new KafkaProducer<>(
                props, new StringSerializer(), Topics.of(config).comments().serializer());
        this.topic = topic;
        this.ratePerSecond = ratePerSecond;
    }

    /** Sends one event, first waiting as long as the rate asks (0 = as fast as possible). */
    public void send(CommentEvent e) {
        send(() -> e);
    }

    /**
     * Waits as long as the rate asks, then builds the event and sends it: an event stamped with {@code createdAt} in
     * {@code next} is stamped when it is sent, not up to one rate interval earlier (which every latency would show).
     */
    public void send(Supplier<CommentEvent> next) {
        if (startNanos == 0) startNanos = System.nanoTime();
        if (ratePerSecond > 0) {
            long due = startNanos + (long) (sent * 1e9 / ratePerSecond);
            long wait = due - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
        }
        CommentEvent e = next.get();
        producer.send(new ProducerRecord<>(topic, e.getId(), e), (md, ex) -> {
            if (ex != null)
                throw new IllegalStateException(
                        "could not send comment " + e.getId() + " to " + topic + ": " + ex.getMessage(), ex);
        });
        sent++;
    }

    public long sent() {
        return sent;
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
