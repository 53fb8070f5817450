package io.emostream.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emostream.TestData;
import io.emostream.avro.CommentEvent;
import io.emostream.config.EmostreamConfig;
import io.emostream.model.EmotionModel;
import io.emostream.model.ModelHolder;
import io.emostream.serde.AvroSerializer;
import io.emostream.service.ClassifierService;
import io.emostream.streams.DeadLetter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The classifier against a real KRaft broker and the in-process registry, with the shipped model: N comments with
 * poison pills in the middle come out as exactly N labelled events (read_committed) plus the pills in the DLQ.
 * The output is read the way a client that knows nothing of emostream would: raw bytes, schema fetched over REST.
 */
class ClassifierIntegrationTest {
    private static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new LocalCluster();
        cluster.createTopics(3, "comments", "comments-labelled", "comments-dlq");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) cluster.close();
    }

    @Test
    void labelsEveryCommentExactlyOnceAndDeadLettersThePills() throws Exception {
        EmostreamConfig config =
                cluster.config("it-classifier", Map.of("batch.size", "16", "batch.max.delay.ms", "50"));
        int n = 300;
        List<String> pills = List.of("pill-1", "pill-2", "pill-3");
        try (ClassifierService service = new ClassifierService(
                        config,
                        new ModelHolder(EmotionModel.load(TestData.defaultModel(), "cpu")),
                        new SimpleMeterRegistry())
                .start()) {
            assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();
            produce(config, n, pills);
            Map<String, List<GenericRecord>> labelled = readLabelled(n, Duration.ofSeconds(90));
            assertThat(labelled).hasSize(n);
            assertThat(labelled.values()).allSatisfy(list -> assertThat(list).hasSize(1)); // no duplicates
            GenericRecord any = labelled.get("c-0").get(0);
            assertThat(any.get("modelVersion").toString()).isNotBlank();
            assertThat(((Map<?, ?>) any.get("scores"))).hasSize(28);

            List<ConsumerRecord<String, byte[]>> dead = read("comments-dlq", pills.size(), Duration.ofSeconds(30));
            assertThat(dead).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(pills);
            for (ConsumerRecord<String, byte[]> d : dead) {
                assertThat(new String(
                                d.headers().lastHeader(DeadLetter.SOURCE_TOPIC).value(), StandardCharsets.UTF_8))
                        .isEqualTo("comments");
                assertThat(d.headers().lastHeader(DeadLetter.REASON)).isNotNull();
                assertThat(d.headers().lastHeader(DeadLetter.SOURCE_OFFSET)).isNotNull();
            }
        }
    }

    private void produce(EmostreamConfig config, int n, List<String> pills) {
        AvroSerializer<CommentEvent> avro = new AvroSerializer<>();
        avro.configure(config.serdeConfig(), false);
        Map<String, Object> props = new HashMap<>(config.kafkaClientConfig());
        props.put("enable.idempotence", "true");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            String[] texts = {
                "Thank you so much, this is wonderful!",
                "I am so angry right now",
                "This is hilarious lol",
                "I'm scared about tomorrow",
                "What do you mean?",
                "",
                "Привет 😍",
                "Sorry for your loss."
            };
            for (int i = 0; i < n; i++) {
                if (i == n / 4 || i == n / 2 || i == 3 * n / 4) {
                    String pill = pills.get(i == n / 4 ? 0 : i == n / 2 ? 1 : 2);
                    producer.send(
                            new ProducerRecord<>("comments", pill, ("garbage " + i).getBytes(StandardCharsets.UTF_8)));
                }
                CommentEvent e = CommentEvent.newBuilder()
                        .setId("c-" + i)
                        .setText(texts[i % texts.length])
                        .setSource("it")
                        .setCreatedAt(Instant.now())
                        .build();
                producer.send(new ProducerRecord<>("comments", "c-" + i, avro.serialize("comments", e)));
            }
            producer.flush();
        }
    }

    /** Reads comments-labelled as a third-party client would: raw bytes, Confluent framing, writer schema from the registry's REST API. */
    private Map<String, List<GenericRecord>> readLabelled(int expected, Duration timeout) throws Exception {
        Map<String, List<GenericRecord>> byId = new HashMap<>();
        Map<Integer, Schema> schemas = new HashMap<>();
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        for (ConsumerRecord<String, byte[]> r : read("comments-labelled", expected, timeout)) {
            ByteBuffer buf = ByteBuffer.wrap(r.value());
            assertThat(buf.get()).isEqualTo((byte) 0);
            int id = buf.getInt();
            Schema schema = schemas.get(id);
            if (schema == null) {
                HttpResponse<String> resp = http.send(
                        HttpRequest.newBuilder(URI.create(cluster.registry.url() + "/schemas/ids/" + id))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                schema = new Schema.Parser()
                        .parse(json.readTree(resp.body()).get("schema").asText());
                schemas.put(id, schema);
            }
            GenericRecord rec = new GenericDatumReader<GenericRecord>(schema)
                    .read(null, DecoderFactory.get().binaryDecoder(r.value(), 5, r.value().length - 5, null));
            assertThat(rec.get("id").toString()).isEqualTo(r.key());
            byId.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(rec);
        }
        return byId;
    }

    private List<ConsumerRecord<String, byte[]>> read(String topic, int expected, Duration timeout) {
        Properties p = new Properties();
        p.put("bootstrap.servers", cluster.kafka.bootstrapServers());
        p.put("group.id", "it-reader-" + topic + "-" + System.nanoTime());
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && out.size() < expected) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            // keep polling briefly: anything beyond `expected` would be a duplicate
            long grace = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < grace)
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
        }
        return out;
    }
}
