package io.emostream.service;

import io.emostream.config.EmostreamConfig;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates emostream's topics on a cluster: `run --create-topics`, the demo's in-process broker, the tests. */
public final class TopicAdmin {
    private TopicAdmin() {}

    /** Creates the missing ones of {@code topics}, each with its partitions (0 = topics.partitions) and cleanup policy. */
    public static void create(EmostreamConfig c, Collection<io.emostream.topics.Topic<?>> topics) {
        for (io.emostream.topics.Topic<?> t : topics) {
            createTopics(
                    c.get("bootstrap.servers"),
                    c.kafkaClientConfig(),
                    List.of(t.name()),
                    t.partitions() == 0 ? c.getInt("topics.partitions") : t.partitions(),
                    (short) c.getInt("topics.replication"),
                    t.compacted());
        }
    }

    /** Creates topics that do not exist yet on any cluster (used by `run --create-topics` too). */
    public static void createTopics(
            String bootstrap,
            Map<String, Object> clientConfig,
            Collection<String> names,
            int partitions,
            short replication) {
        createTopics(bootstrap, clientConfig, names, partitions, replication, false);
    }

    /** As above; {@code compacted} topics keep the latest record per key. */
    public static void createTopics(
            String bootstrap,
            Map<String, Object> clientConfig,
            Collection<String> names,
            int partitions,
            short replication,
            boolean compacted) {
        Map<String, Object> cfg = new java.util.HashMap<>(clientConfig);
        cfg.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(cfg)) {
            for (String name : names) {
                try {
                    NewTopic topic = new NewTopic(name, partitions, replication);
                    if (compacted) topic.configs(Map.of("cleanup.policy", "compact"));
                    admin.createTopics(List.of(topic)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException))
                        throw new IllegalStateException(
                                "cannot create topic " + name + ": "
                                        + e.getCause().getMessage(),
                                e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
