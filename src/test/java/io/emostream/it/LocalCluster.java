package io.emostream.it;

import io.emostream.config.EmostreamConfig;
import io.emostream.embedded.EmbeddedKafka;
import io.emostream.serde.SchemaRegistryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A real broker and registry on 127.0.0.1 for one test class; closed by the test. */
final class LocalCluster implements AutoCloseable {
    EmbeddedKafka kafka;
    final SchemaRegistryServer registry;
    final Path stateDir;

    private final Path kafkaData;
    private int port;

    LocalCluster() throws Exception {
        kafkaData = Files.createTempDirectory("emostream-it-kafka");
        kafka = EmbeddedKafka.start(0, kafkaData);
        port = Integer.parseInt(
                kafka.bootstrapServers().substring(kafka.bootstrapServers().lastIndexOf(':') + 1));
        registry = SchemaRegistryServer.start(0);
        stateDir = Files.createTempDirectory("emostream-it-state");
    }

    /** The topics this config needs (see Topics#needed), as --create-topics makes them, with {@code partitions} each. */
    void createTopics(EmostreamConfig config, int partitions) {
        EmostreamConfig c = config.with(Map.of("topics.partitions", Integer.toString(partitions)));
        io.emostream.service.TopicAdmin.create(
                c, io.emostream.topics.Topics.of(c).needed());
    }

    void createTopics(int partitions, String... names) {
        kafka.createTopics(List.of(names), partitions);
    }

    EmostreamConfig config(String applicationId, Map<String, String> more) {
        Map<String, String> m = new HashMap<>(Map.of(
                "bootstrap.servers", kafka.bootstrapServers(),
                "schema.registry.url", registry.url(),
                "application.id", applicationId,
                "state.dir", stateDir.toString(),
                "model.device", "cpu"));
        m.putAll(more);
        return EmostreamConfig.defaults().with(m);
    }

    /** Stops the broker (its log stays), as an outage would. */
    void stopBroker() {
        kafka.close();
    }

    /** Starts the broker again on the same port with the same log. */
    void startBroker() throws Exception {
        kafka = EmbeddedKafka.start(port, kafkaData);
    }

    @Override
    public void close() {
        registry.close();
        kafka.close();
    }
}
