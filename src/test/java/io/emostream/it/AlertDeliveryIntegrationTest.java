package io.emostream.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.emostream.avro.AlertExample;
import io.emostream.avro.CommentEvent;
import io.emostream.avro.EmotionAlert;
import io.emostream.config.EmostreamConfig;
import io.emostream.delivery.AlertDelivery;
import io.emostream.produce.CommentProducer;
import io.emostream.serde.AvroSerializer;
import io.emostream.service.ClassifierRuntime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Alerts reach people: a local HTTP receiver gets the webhook's JSON and Slack's message, a 500 is retried with the
 * same alert id, a receiver below its severity gets nothing, and a receiver that never answers holds up no labelling.
 */
class AlertDeliveryIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalCluster cluster;
    private static HttpServer receiver;
    private static final List<String> webhook = new CopyOnWriteArrayList<>();
    private static final List<String> slack = new CopyOnWriteArrayList<>();
    private static final List<String> ids = new CopyOnWriteArrayList<>();
    private static final AtomicInteger refuseNext = new AtomicInteger();
    private static final CountDownLatch hung = new CountDownLatch(1);

    @BeforeAll
    static void start() throws Exception {
        cluster = new LocalCluster();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            ids.add(ex.getRequestHeaders().getFirst("Idempotency-Key"));
            webhook.add(body);
            int status = refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 200;
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        receiver.createContext("/slack/T000/B000/secret-token", ex -> {
            slack.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.createContext("/hang", ex -> {
            hung.countDown();
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                // stopped
            }
            ex.close();
        });
        receiver.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        receiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.stop(0);
        cluster.close();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    private static EmotionAlert alert(String id, int severity) {
        return EmotionAlert.newBuilder()
                .setSource("*")
                .setTopic("Acme")
                .setGroup("ekman")
                .setLabel("anger")
                .setWindowStart(Instant.parse("2026-12-06T10:00:00Z"))
                .setWindowEnd(Instant.parse("2026-12-06T10:01:00Z"))
                .setShare(0.65)
                .setBaseline(0.08)
                .setZ(9.5)
                .setCount(26)
                .setWindowCount(40)
                .setExamples(List.of(new AlertExample("c1", "Acme support is a <disgrace>", 0.97f)))
                .setKind("emotion")
                .setSeverity(severity)
                .setReason("topic Acme: anger in 65% of 40 comments, usually 8% (z 9.5)")
                .setAlertId(id)
                .build();
    }

    private static void publish(EmostreamConfig c, EmotionAlert a) throws Exception {
        AvroSerializer<EmotionAlert> avro = new AvroSerializer<>();
        avro.configure(c.serdeConfig(), false);
        try (var p = new KafkaProducer<>(
                Map.<String, Object>of("bootstrap.servers", cluster.kafka.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(c.get("topic.alerts"), "*", avro.serialize(c.get("topic.alerts"), a)))
                    .get();
        }
    }

    /** The delivery's consumer group has its partition: from now on, a new alert is read ("latest" on first start). */
    private static void awaitAssigned(EmostreamConfig c) throws Exception {
        String group = c.get("trends.application.id") + "-alert-delivery";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.kafka.bootstrapServers()))) {
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline) {
                var d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                if (d.members().stream()
                        .anyMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
                    Thread.sleep(1000); // the position is taken after the assignment
                    return;
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the delivery never got its partition");
    }

    private static void await(java.util.function.BooleanSupplier done, String what) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && !done.getAsBoolean()) Thread.sleep(100);
        assertThat(done.getAsBoolean()).as(what).isTrue();
    }

    @Test
    void theWebhookGetsTheJsonAfterARetryAndSlackItsMessageAboveItsSeverity() throws Exception {
        EmostreamConfig c = cluster.config(
                "it-delivery",
                Map.of(
                        "trends.application.id", "it-delivery-trends",
                        "alerts.webhook.url", url("/hook"),
                        "alerts.slack.url", url("/slack/T000/B000/secret-token"),
                        "alerts.slack.min.severity", "2",
                        "alerts.delivery.attempts", "3"));
        cluster.createTopics(c, 1);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (AlertDelivery d = AlertDelivery.start(c, meters, Duration.ofMillis(50))) {
            awaitAssigned(c);
            refuseNext.set(1);
            publish(c, alert("acme|emotion|ekman/anger|1", 3));
            await(() -> webhook.size() == 2 && slack.size() == 1, "webhook twice (500, then 200), Slack once");
            assertThat(webhook.get(0)).isEqualTo(webhook.get(1));
            JsonNode body = JSON.readTree(webhook.get(1));
            assertThat(body.get("id").asText()).isEqualTo("acme|emotion|ekman/anger|1");
            assertThat(body.get("severity").asInt()).isEqualTo(3);
            assertThat(body.get("topic").asText()).isEqualTo("Acme");
            assertThat(body.get("reason").asText()).startsWith("topic Acme: anger in 65%");
            assertThat(body.get("windowStart").asText()).isEqualTo("2026-12-06T10:00:00Z");
            assertThat(body.at("/examples/0/text").asText()).isEqualTo("Acme support is a <disgrace>");
            assertThat(ids).containsOnly("acme|emotion|ekman/anger|1");
            String text = JSON.readTree(slack.get(0)).get("text").asText();
            assertThat(text)
                    .contains("*critical alert*: topic Acme: anger in 65% of 40 comments")
                    .contains("> Acme support is a &lt;disgrace&gt;");

            // severity 1: the webhook (from 1) gets it, Slack (from 2) does not
            publish(c, alert("acme|emotion|ekman/anger|2", 1));
            await(() -> webhook.size() == 3, "the webhook gets the severity-1 alert");
            Thread.sleep(500);
            assertThat(slack).hasSize(1);
            assertThat(meters.get("emostream.alert.deliveries")
                            .tags("receiver", "webhook", "outcome", "retried")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
            assertThat(meters.get("emostream.alert.deliveries")
                            .tags("receiver", "webhook", "outcome", "delivered")
                            .counter()
                            .count())
                    .isEqualTo(2.0);
        }
    }

    @Test
    void aReceiverThatNeverAnswersHoldsUpNoLabelling() throws Exception {
        EmostreamConfig c = cluster.config(
                "it-delivery-hang",
                Map.of(
                        "trends.application.id", "it-delivery-hang-trends",
                        "model.dir", "models/fast",
                        "http.port", "0",
                        "alerts.webhook.url", url("/hang")));
        cluster.createTopics(c, 1);
        try (ClassifierRuntime runtime = ClassifierRuntime.start(c, Path.of("."), m -> {})) {
            assertThat(runtime.classifier().awaitRunning(Duration.ofSeconds(60)))
                    .isTrue();
            awaitAssigned(c);
            publish(c, alert("hang|1", 3));
            assertThat(hung.await(30, TimeUnit.SECONDS))
                    .as("the receiver got the alert and hangs")
                    .isTrue();
            try (CommentProducer p = new CommentProducer(c, c.get("topic.comments"), 0);
                    KafkaConsumer<String, byte[]> out = new KafkaConsumer<>(
                            Map.of(
                                    "bootstrap.servers", cluster.kafka.bootstrapServers(),
                                    "group.id", "it-delivery-hang-reader",
                                    "auto.offset.reset", "earliest",
                                    "isolation.level", "read_committed"),
                            new StringDeserializer(),
                            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
                for (int i = 0; i < 100; i++)
                    p.send(CommentEvent.newBuilder()
                            .setId("h-" + i)
                            .setText(i % 2 == 0 ? "thank you so much" : "this is awful")
                            .setSource("forum")
                            .setCreatedAt(Instant.now())
                            .build());
                out.subscribe(List.of(c.get("topic.labelled")));
                int labelled = 0;
                long deadline = System.currentTimeMillis() + 30_000;
                while (labelled < 100 && System.currentTimeMillis() < deadline)
                    labelled += out.poll(Duration.ofMillis(500)).count();
                assertThat(labelled).as("labelled while the receiver hangs").isEqualTo(100);
            }
            assertThat(hung.getCount()).isZero();
        }
    }
}
