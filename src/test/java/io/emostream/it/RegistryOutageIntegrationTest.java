package io.emostream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.avro.CommentEvent;
import io.emostream.avro.LabelFeedback;
import io.emostream.config.EmostreamConfig;
import io.emostream.embedded.EmbeddedKafka;
import io.emostream.model.EmotionModel;
import io.emostream.model.ModelHolder;
import io.emostream.serde.InMemorySchemaRegistry;
import io.emostream.serde.SchemaRegistryServer;
import io.emostream.service.ClassifierService;
import io.emostream.service.LearningService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A schema registry outage makes the stream wait, not drop: records written with a schema version a topology has never
 * fetched arrive while the registry is down; once it is back, every comment is labelled, every feedback joined, and
 * none is dead-lettered.
 */
class RegistryOutageIntegrationTest {

    @Test
    void commentsWaitForTheRegistryAndNoneIsDeadLettered() throws Exception {
        InMemorySchemaRegistry schemas = new InMemorySchemaRegistry();
        SchemaRegistryServer registry = SchemaRegistryServer.start(0, schemas);
        int port = Integer.parseInt(registry.url().substring(registry.url().lastIndexOf(':') + 1));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, null)) {
            kafka.createTopics(List.of("comments", "comments-labelled", "comments-dlq"), 1);
            Path state = Files.createTempDirectory("emostream-it-outage");
            EmostreamConfig config = EmostreamConfig.defaults()
                    .with(Map.of(
                            "bootstrap.servers",
                            kafka.bootstrapServers(),
                            "schema.registry.url",
                            registry.url(),
                            "application.id",
                            "it-outage",
                            "state.dir",
                            state.toString(),
                            "model.device",
                            "cpu",
                            "batch.size",
                            "16"));
            // a newer CommentEvent (one more optional field), registered before the outage: the classifier has not seen
            // its id
            Schema v2 = new Schema.Parser()
                    .parse(CommentEvent.getClassSchema()
                            .toString()
                            .replaceFirst(
                                    "\\]\\s*}\\s*$",
                                    ", {\"name\": \"mood\", \"type\": [\"null\", \"string\"], \"default\": null}]}"));
            int v2id = schemas.register("comments-value", v2);
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            try (ClassifierService service = new ClassifierService(
                            config, new ModelHolder(EmotionModel.load(Path.of("models/fast"), "cpu")), meters)
                    .start()) {
                assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();
                registry.close(); // the outage begins
                int n = 60;
                produce(kafka, "comments", v2, v2id, n);
                awaitRegistryWaits(meters); // the classifier meets the outage and waits
                registry = SchemaRegistryServer.start(port, schemas); // back, with its schemas
                Set<String> labelled = keys(kafka, "comments-labelled", n, Duration.ofSeconds(90));
                assertThat(labelled).hasSize(n);
                assertThat(keys(kafka, "comments-dlq", 0, Duration.ofSeconds(3)))
                        .isEmpty();
            }
        } finally {
            registry.close();
        }
    }

    @Test
    void feedbackThatArrivesDuringAnOutageIsJoinedAfterItNotDeadLettered() throws Exception {
        InMemorySchemaRegistry schemas = new InMemorySchemaRegistry();
        SchemaRegistryServer registry = SchemaRegistryServer.start(0, schemas);
        int port = Integer.parseInt(registry.url().substring(registry.url().lastIndexOf(':') + 1));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, null)) {
            EmostreamConfig config = EmostreamConfig.defaults()
                    .with(Map.of(
                            "bootstrap.servers", kafka.bootstrapServers(),
                            "schema.registry.url", registry.url(),
                            "learner.application.id", "it-outage-learning",
                            "state.dir",
                                    Files.createTempDirectory("emostream-it-outage-learning")
                                            .toString()));
            kafka.createTopics(
                    io.emostream.topics.Topics.of(config).needed().stream()
                            .map(io.emostream.topics.Topic::name)
                            .toList(),
                    1);
            // registered before the outage, never fetched by the learning side
            int commentId = schemas.register("comments-value", CommentEvent.getClassSchema());
            int feedbackId = schemas.register("emotion-feedback-value", LabelFeedback.getClassSchema());
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            try (ModelHolder models = new ModelHolder(EmotionModel.load(Path.of("models/fast"), "cpu"));
                    LearningService learning = new LearningService(config, models, meters).start()) {
                assertThat(learning.app().awaitRunning(Duration.ofSeconds(60))).isTrue();
                registry.close(); // the outage begins
                int n = 5;
                produce(kafka, "comments", CommentEvent.getClassSchema(), commentId, n);
                for (int i = 0; i < n; i++) {
                    GenericRecord f = new GenericData.Record(LabelFeedback.getClassSchema());
                    f.put("commentId", "o-" + i);
                    f.put("labels", List.of("joy"));
                    f.put("at", Instant.now().toEpochMilli());
                    for (Schema.Field field : LabelFeedback.getClassSchema().getFields())
                        if (f.get(field.name()) == null && field.hasDefaultValue())
                            f.put(field.name(), GenericData.get().getDefaultValue(field));
                    send(kafka, "emotion-feedback", "o-" + i, encode(LabelFeedback.getClassSchema(), feedbackId, f));
                }
                awaitRegistryWaits(meters); // the learning side meets the outage and waits
                registry = SchemaRegistryServer.start(port, schemas);
                assertThat(keys(kafka, "training-examples", n, Duration.ofSeconds(60)))
                        .hasSize(n);
                assertThat(keys(kafka, "emotion-feedback-dlq", 0, Duration.ofSeconds(3)))
                        .isEmpty();
            }
        } finally {
            registry.close();
        }
    }

    /** Until a reader counted a wait for the registry: proof that the outage was met, not slept through. */
    private static void awaitRegistryWaits(SimpleMeterRegistry meters) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && waits(meters) == 0) Thread.sleep(100);
        assertThat(waits(meters)).as("waits for the schema registry").isPositive();
    }

    private static double waits(SimpleMeterRegistry meters) {
        var c = meters.find("emostream.dependency.waits")
                .tag("dependency", "schema-registry")
                .counter();
        return c == null ? 0 : c.count();
    }

    private static byte[] encode(Schema schema, int id, GenericRecord r) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(r, enc);
        enc.flush();
        return out.toByteArray();
    }

    private static void send(EmbeddedKafka kafka, String topic, String key, byte[] value) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private static void produce(EmbeddedKafka kafka, String topic, Schema schema, int id, int n) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                GenericRecord r = new GenericData.Record(schema);
                r.put("id", "o-" + i);
                r.put("text", i % 2 == 0 ? "I am so happy for you!" : "This is awful, I hate it");
                r.put("source", "it");
                r.put("createdAt", Instant.now().toEpochMilli());
                if (schema.getField("mood") != null) r.put("mood", "test");
                for (Schema.Field f : schema.getFields())
                    if (r.get(f.name()) == null && f.hasDefaultValue())
                        r.put(f.name(), GenericData.get().getDefaultValue(f));
                producer.send(new ProducerRecord<>(topic, "o-" + i, encode(schema, id, r)));
            }
            producer.flush();
        }
    }

    private static Set<String> keys(EmbeddedKafka kafka, String topic, int expected, Duration timeout) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("group.id", "it-outage-reader-" + topic);
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        Set<String> out = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && (expected == 0 || out.size() < expected))
                consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.key()));
        }
        return out;
    }
}
