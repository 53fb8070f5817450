package io.emostream.delivery;

import io.emostream.avro.EmotionAlert;
import io.emostream.config.EmostreamConfig;
import io.emostream.serde.RecordReader;
import io.emostream.topics.Topic;
import io.emostream.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alerts to people: reads {@code emotion-alerts} (committed alerts only) in its own consumer group, beside the
 * stream, and POSTs each to the webhook and to Slack when their severity is enough. A receiver that fails is retried
 * with backoff (1 s doubling to 30 s, {@code alerts.delivery.attempts} in all; a 4xx other than 408/429 is not
 * retried); the offsets are committed after delivery, so an instance that dies re-sends its last alerts rather than
 * losing them, and a receiver drops repeats by the alert's id. Its first start begins at the topic's end: a new
 * deployment does not replay a week of old alerts into Slack. Nothing here touches the stream: a slow or dead receiver
 * only delays the next alerts.
 */
public final class AlertDelivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertDelivery.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final List<Receiver> receivers;
    private final int attempts;
    private final Duration firstBackoff;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Topic<EmotionAlert> topic;
    private final RecordReader reader;
    private final MeterRegistry registry;
    private final Thread thread;
    private volatile boolean running = true;

    private AlertDelivery(EmostreamConfig config, List<Receiver> receivers, MeterRegistry registry, Duration backoff) {
        this.receivers = receivers;
        this.attempts = config.getInt("alerts.delivery.attempts");
        this.firstBackoff = backoff;
        this.registry = registry;
        this.topic = Topics.of(config).alerts();
        this.reader = new RecordReader("alert-delivery", registry, config.getLong("registry.wait.max.ms"));
        Map<String, Object> c = new HashMap<>(config.kafkaClientConfig());
        c.put("group.id", config.get("trends.application.id") + "-alert-delivery");
        c.put("isolation.level", "read_committed");
        c.put("enable.auto.commit", "false");
        c.put("auto.offset.reset", "latest");
        // one alert per poll: its deliveries, retries included, must end within the poll interval, or the group would
        // take the partition away mid-delivery (alerts are few; a commit each costs nothing here)
        c.put("max.poll.records", "1");
        long worstCase = receivers.size() * attempts * (MAX_BACKOFF.toMillis() + REQUEST_TIMEOUT.toMillis());
        c.put("max.poll.interval.ms", String.valueOf(Math.max(300_000, worstCase + 60_000)));
        this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "emostream-alert-delivery");
        this.thread.setDaemon(true);
    }

    /** The delivery the config asks for, started; null when no receiver is configured. */
    public static AlertDelivery start(EmostreamConfig config, MeterRegistry registry) {
        return start(config, registry, FIRST_BACKOFF);
    }

    /** As {@link #start(EmostreamConfig, MeterRegistry)}, with the first retry's wait (tests shorten it). */
    public static AlertDelivery start(EmostreamConfig config, MeterRegistry registry, Duration firstBackoff) {
        List<Receiver> receivers = receivers(config);
        if (receivers.isEmpty()) return null;
        AlertDelivery d = new AlertDelivery(config, receivers, registry, firstBackoff);
        // every series from the start, at 0, so that rate() and a "failed" alert rule see the first failure
        for (Receiver r : receivers) for (String outcome : OUTCOMES) d.counter(r, outcome);
        d.consumer.subscribe(List.of(d.topic.name()));
        d.thread.start();
        LOG.info(
                "Delivering alerts from {} to {}",
                d.topic.name(),
                receivers.stream()
                        .map(r -> r.safeName() + " from severity " + r.minSeverity())
                        .toList());
        return d;
    }

    private static final List<String> OUTCOMES = List.of("delivered", "retried", "failed");

    static List<Receiver> receivers(EmostreamConfig config) {
        List<Receiver> out = new ArrayList<>();
        for (String kind : List.of("webhook", "slack")) {
            String key = "alerts." + kind + ".url";
            String url = config.get(key).strip();
            if (url.isEmpty()) continue;
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null || uri.getHost() == null || !uri.getScheme().matches("https?"))
                throw new io.emostream.config.ConfigException(
                        "config key " + key + " (from " + config.origin(key) + ") must be an http:// or https:// URL");
            out.add(new Receiver(kind, uri, config.getInt("alerts." + kind + ".min.severity")));
        }
        return out;
    }

    private void run() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> r : records) {
                    EmotionAlert a = read(r);
                    if (a == null) continue;
                    for (Receiver receiver : receivers) if (receiver.wants(a) && running) deliver(receiver, a);
                }
                if (!records.isEmpty()) consumer.commitSync();
            }
        } catch (WakeupException | org.apache.kafka.common.errors.InterruptException e) {
            // closing
        } catch (InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("Alert delivery stopped: {}", e.toString(), e);
        } finally {
            Thread.interrupted(); // the consumer's close must not see our own interrupt
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private EmotionAlert read(ConsumerRecord<String, byte[]> r) {
        try {
            return reader.read(topic.deserializer(), topic.name(), r.value());
        } catch (RecordReader.Unreadable e) {
            reader.dropped("unreadable", topic.name() + " " + r.partition() + "@" + r.offset() + ": " + e.getMessage());
            return null;
        }
    }

    /** POSTs until the receiver takes it or the attempts run out; true when delivered. */
    boolean deliver(Receiver receiver, EmotionAlert a) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(receiver.url())
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", a.getAlertId())
                .POST(HttpRequest.BodyPublishers.ofString(receiver.body(a)))
                .build();
        Duration wait = firstBackoff;
        String last = "";
        for (int attempt = 1; attempt <= attempts && running; attempt++) {
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                if (status / 100 == 2) {
                    count(receiver, "delivered");
                    return true;
                }
                last = "HTTP " + status;
                if (status / 100 == 4 && status != 408 && status != 429) break; // refused: trying again changes nothing
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            if (attempt < attempts) {
                count(receiver, "retried");
                Thread.sleep(wait.toMillis());
                wait = wait.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait.multipliedBy(2);
            }
        }
        count(receiver, "failed");
        LOG.warn("Alert {} not delivered to {}: {}", a.getAlertId(), receiver.safeName(), last);
        return false;
    }

    private void count(Receiver receiver, String outcome) {
        counter(receiver, outcome).increment();
    }

    private Counter counter(Receiver receiver, String outcome) {
        return Counter.builder("emostream.alert.deliveries")
                .description("alert deliveries by receiver and outcome (delivered, retried, failed)")
                .tag("receiver", receiver.kind())
                .tag("outcome", outcome)
                .register(registry);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(2000);
            // still waiting out a backoff or a receiver: cut it short
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
