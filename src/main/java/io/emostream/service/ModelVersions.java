package io.emostream.service;

import io.emostream.avro.ModelStatus;
import io.emostream.avro.ModelVersion;
import io.emostream.config.EmostreamConfig;
import io.emostream.model.ModelBundle;
import io.emostream.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The {@code model-versions} topic as an operator sees it: every decision so far, and "serve this version now". A
 * rollback is a new promoted record for an earlier bundle: every classifier follows the latest promoted record, so
 * all of them swap to it (loaded, checked, then swapped between two batches, as for a retraining).
 */
public final class ModelVersions {
    private final EmostreamConfig config;

    public ModelVersions(EmostreamConfig config) {
        this.config = config;
    }

    /** Every record on the topic, oldest first. */
    public List<ModelVersion> all() {
        Map<String, Object> c = new HashMap<>(config.kafkaClientConfig());
        c.put("isolation.level", "read_committed");
        c.put("enable.auto.commit", "false");
        List<ModelVersion> out = new ArrayList<>();
        try (KafkaConsumer<String, ModelVersion> consumer = new KafkaConsumer<>(
                c, new StringDeserializer(), Topics.of(config).versions().deserializer())) {
            String topic = Topics.of(config).versions().name();
            List<TopicPartition> tps = consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            if (tps.isEmpty())
                throw new IllegalStateException(
                        "topic " + topic + " does not exist on " + config.get("bootstrap.servers"));
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, ModelVersion> r : consumer.poll(Duration.ofMillis(500)))
                    if (r.value() != null) out.add(r.value());
            }
        }
        return out;
    }

    /**
     * Makes every classifier serve {@code versionOrBundle}: a version promoted before (its bundle as recorded, in the
     * model store every instance reads; it need not be readable where this runs) or a bundle directory, which must
     * load here. Each classifier checks the bundle again before it swaps. Returns the record published.
     */
    public ModelVersion use(String versionOrBundle, String why) {
        ModelVersion promoted = null;
        for (ModelVersion v : all())
            if (v.getVersion().equals(versionOrBundle) && v.getStatus() == ModelStatus.promoted) promoted = v;
        String version;
        String location;
        if (promoted != null) {
            version = promoted.getVersion();
            location = promoted.getLocation();
        } else {
            if (!Path.of(versionOrBundle).toFile().isDirectory()) {
                throw new IllegalArgumentException("no promoted version '" + versionOrBundle + "' on "
                        + Topics.of(config).versions()
                        + " and no bundle directory of that name (see ./emostream model list)");
            }
            // a relative path is published as given and each instance reads it under its own home (every image
            // ships models/default and models/fast there): this machine's absolute path would mean nothing in a pod
            location = versionOrBundle;
            version = ModelBundle.read(Path.of(location)).version(); // fails with the reason when unusable
        }
        ModelVersion record = ModelVersion.newBuilder()
                .setVersion(version)
                .setLocation(location)
                .setStatus(ModelStatus.promoted)
                .setReason("chosen by an operator: " + why)
                .setParentVersion("")
                .setMacroF1(Double.NaN)
                .setParentMacroF1(Double.NaN)
                .setPerLabelF1(Map.of())
                .setRequestId("")
                .setCreatedAt(Instant.now())
                .build();
        Map<String, Object> p = new HashMap<>(config.kafkaClientConfig());
        p.put("enable.idempotence", "true");
        try (KafkaProducer<String, ModelVersion> producer = new KafkaProducer<>(
                p, new StringSerializer(), Topics.of(config).versions().serializer())) {
            producer.send(new ProducerRecord<>(Topics.of(config).versions().name(), record.getVersion(), record))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "could not publish to " + Topics.of(config).versions() + ": "
                            + e.getCause().getMessage(),
                    e);
        }
        return record;
    }
}
