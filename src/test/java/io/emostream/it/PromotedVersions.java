package io.emostream.it;

import io.emostream.avro.ModelStatus;
import io.emostream.avro.ModelVersion;
import io.emostream.config.EmostreamConfig;
import io.emostream.model.ModelBundle;
import io.emostream.serde.AvroSerializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** What a retraining leaves behind, for tests: a bundle in a model store, and its promoted record on model-versions. */
final class PromotedVersions {
    private PromotedVersions() {}

    /** A copy of {@code bundle} in {@code store}/{@code version}, its manifest naming that version. */
    static Path copyWithVersion(Path bundle, Path store, String version) throws Exception {
        Path dir = Files.createDirectories(store.resolve(version));
        try (var files = Files.list(bundle)) {
            for (Path f : files.toList()) Files.copy(f, dir.resolve(f.getFileName()));
        }
        var manifest = (com.fasterxml.jackson.databind.node.ObjectNode)
                ModelBundle.JSON.readTree(dir.resolve("bundle.json").toFile());
        manifest.put("version", version);
        ModelBundle.JSON.writeValue(dir.resolve("bundle.json").toFile(), manifest);
        return dir;
    }

    static ModelVersion promoted(String version, String location) {
        return ModelVersion.newBuilder()
                .setVersion(version)
                .setLocation(location)
                .setStatus(ModelStatus.promoted)
                .setReason("test")
                .setParentVersion("wide")
                .setMacroF1(0.5)
                .setParentMacroF1(0.4)
                .setPerLabelF1(Map.of())
                .setCreatedAt(Instant.now())
                .build();
    }

    static void publish(EmostreamConfig config, ModelVersion v) throws Exception {
        AvroSerializer<ModelVersion> ser = new AvroSerializer<>();
        ser.configure(config.serdeConfig(), false);
        try (KafkaProducer<String, ModelVersion> p =
                new KafkaProducer<>(new HashMap<>(config.kafkaClientConfig()), new StringSerializer(), ser)) {
            p.send(new ProducerRecord<>("model-versions", v.getVersion(), v)).get();
        }
    }
}
