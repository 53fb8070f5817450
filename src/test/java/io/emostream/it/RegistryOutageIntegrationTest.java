package io.emostream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.avro.CommentEvent;
import io.emostream.config.EmostreamConfig;
import io.emostream.embedded.EmbeddedKafka;
import io.emostream.model.EmotionModel;
import io.emostream.model.ModelHolder;
import io.emostream.serde.InMemorySchemaRegistry;
import io.emostream.serde.SchemaRegistryServer;
import io.emostream.service.ClassifierService;
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
 * A schema registry outage makes the stream wait, not drop: comments written with a schema version the classifier has
 * never fetched arrive while the registry is down; once it is back, every one is labelled and none is dead-lettered.
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
            try (ClassifierService service = new ClassifierService(
                            config,
                            new ModelHolder(EmotionModel.load(Path.of("models/fast"), "cpu")),
                            new SimpleMeterRegistry())
                    .start()) {
                assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();
                registry.close(); // the outage begins
                int n = 60;
                produce(kafka, v2, v2id, n);
                Thread.sleep(3_000); // the classifier meets the outage and waits
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

    private static void produce(EmbeddedKafka kafka, Schema schema, int id, int n) throws Exception {
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
                r.put("mood", "test");
                for (Schema.Field f : schema.getFields())
                    if (r.get(f.name()) == null && f.hasDefaultValue())
                        r.put(f.name(), GenericData.get().getDefaultValue(f));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(0);
                out.write(ByteBuffer.allocate(4).putInt(id).array());
                BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
                new GenericDatumWriter<GenericRecord>(schema).write(r, enc);
                enc.flush();
                producer.send(new ProducerRecord<>("comments", "o-" + i, out.toByteArray()));
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
