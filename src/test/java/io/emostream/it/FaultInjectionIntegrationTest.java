package io.emostream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.avro.CommentEvent;
import io.emostream.config.EmostreamConfig;
import io.emostream.serde.AvroSerializer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The classifier in its own JVM ({@code emostream run}), killed with SIGKILL twice while comments flow and restarted
 * each time: read with read_committed, every comment is labelled exactly once and in order per partition. Prints how
 * long the labelled stream stalled after each restart. No membership setting is given: the instance's own id, kept in
 * its state directory, makes the restarted instance take its partitions back without waiting out its session.
 */
class FaultInjectionIntegrationTest {
    private static final int COMMENTS = 3000;

    @Test
    void sigkilledTwiceNothingLostNothingDoubled() throws Exception {
        try (LocalCluster cluster = new LocalCluster()) {
            cluster.createTopics(
                    cluster.config("it-fault", Map.of("learner.enabled", "false", "trends.enabled", "false")), 3);
            Path state = Files.createTempDirectory("emostream-fault-state");
            List<String> args = runArgs(cluster, "it-fault", state);
            EmostreamConfig config = cluster.config("it-fault-producer", Map.of());
            Process app = start(args);
            try {
                awaitLabelled(cluster, 0, Duration.ofSeconds(90)); // up and running
                Thread producer = new Thread(() -> produce(config), "fault-producer");
                producer.start();
                List<Long> stalls = new ArrayList<>();
                for (int kill = 1; kill <= 2; kill++) {
                    Thread.sleep(3_000); // comments keep coming while it is down: the producer runs for about a minute
                    app.destroyForcibly()
                            .waitFor(); // SIGKILL: no shutdown hook, no leaving the group, an open transaction
                    long restarted = System.currentTimeMillis();
                    app = start(args);
                    long resumed = awaitLabelledAfter(cluster, config, restarted, Duration.ofSeconds(120));
                    stalls.add(resumed - restarted);
                    System.out.printf(
                            "fault injection: SIGKILL %d, restart -> labelled stream moving again after %d ms%n",
                            kill, resumed - restarted);
                }
                producer.join();
                List<ConsumerRecord<String, byte[]>> out = readAll(cluster, COMMENTS, Duration.ofSeconds(120));
                assertExactlyOnceInOrder(out);
                // the bar: a crashed instance's partitions are labelled again within 15 s of its restart (JVM start and
                // model load included)
                assertThat(stalls).hasSize(2).allMatch(ms -> ms <= 15_000);
            } finally {
                app.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void aGracefulStopOfOneOfTwoInstancesPausesItsPartitionsForSecondsOnly() throws Exception {
        try (LocalCluster cluster = new LocalCluster()) {
            cluster.createTopics(
                    cluster.config("it-fault", Map.of("learner.enabled", "false", "trends.enabled", "false")), 3);
            EmostreamConfig config = cluster.config("it-sigterm-producer", Map.of());
            List<Process> apps = new ArrayList<>();
            List<Path> states = new ArrayList<>();
            try {
                for (String name : List.of("a", "b")) {
                    Path state = Files.createTempDirectory("emostream-sigterm-" + name);
                    states.add(state);
                    apps.add(start(runArgs(cluster, "it-sigterm", state)));
                }
                awaitLabelled(cluster, 0, Duration.ofSeconds(90));
                Thread.sleep(5_000); // both members in the group, partitions spread
                Thread producer = new Thread(() -> produce(config), "sigterm-producer");
                producer.start();
                Thread.sleep(10_000);
                // the instance about to stop owns partitions of comments (found by the member id it keeps)
                String stoppingId = Files.readString(states.get(0).resolve("emostream-instance-it-sigterm"))
                        .strip();
                assertThat(ownedPartitions(cluster, "it-sigterm", stoppingId))
                        .as("partitions of comments owned by the instance that is stopped")
                        .isNotEmpty();
                long stopped = System.currentTimeMillis();
                apps.get(0).destroy(); // SIGTERM: the shutdown hook closes the stream, which leaves the group
                apps.get(0).waitFor();
                producer.join();
                // the longest a partition waited between two labelled comments after the stop (by classifiedAt)
                io.emostream.serde.AvroDeserializer<io.emostream.avro.LabelledComment> avro =
                        new io.emostream.serde.AvroDeserializer<>(io.emostream.avro.LabelledComment.class);
                avro.configure(config.serdeConfig(), false);
                Map<Integer, Long> last = new HashMap<>();
                long worst = 0;
                List<ConsumerRecord<String, byte[]>> out = readAll(cluster, COMMENTS, Duration.ofSeconds(120));
                for (ConsumerRecord<String, byte[]> r : out) {
                    long at = avro.deserialize("comments-labelled", r.value())
                            .getClassifiedAt()
                            .toEpochMilli();
                    Long before = last.put(r.partition(), at);
                    if (before != null && at > stopped) worst = Math.max(worst, at - Math.max(before, stopped));
                }
                System.out.printf(
                        "fault injection: SIGTERM of one of two instances -> longest pause of a partition %d ms%n",
                        worst);
                assertExactlyOnceInOrder(out);
                assertThat(worst).isLessThanOrEqualTo(5_000);
            } finally {
                for (Process p : apps) p.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void aBrokerStoppedAndStartedAgainLosesAndDoublesNothing() throws Exception {
        try (LocalCluster cluster = new LocalCluster()) {
            cluster.createTopics(
                    cluster.config("it-fault", Map.of("learner.enabled", "false", "trends.enabled", "false")), 3);
            Path state = Files.createTempDirectory("emostream-broker-bounce");
            EmostreamConfig config = cluster.config("it-bounce-producer", Map.of());
            Process app = start(runArgs(cluster, "it-bounce", state));
            try {
                awaitLabelled(cluster, 0, Duration.ofSeconds(90));
                Thread producer = new Thread(() -> produce(config), "bounce-producer");
                producer.start();
                Thread.sleep(5_000);
                cluster.stopBroker(); // the classifier and the producer lose the broker mid-stream
                Thread.sleep(5_000);
                long back = System.currentTimeMillis();
                cluster.startBroker();
                long resumed = awaitLabelledAfter(cluster, config, back, Duration.ofSeconds(120));
                System.out.printf(
                        "fault injection: broker stopped 5 s and restarted -> labelled stream moving again after %d ms%n",
                        resumed - back);
                producer.join();
                List<ConsumerRecord<String, byte[]>> out = readAll(cluster, COMMENTS, Duration.ofSeconds(120));
                assertExactlyOnceInOrder(out);
                assertThat(app.isAlive())
                        .as("the classifier rides out a broker restart")
                        .isTrue();
            } finally {
                app.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * `emostream run` against the cluster with the fast model, no learning side and the default membership settings
     * (the instance keeps its own member id in its state directory).
     */
    private static List<String> runArgs(LocalCluster cluster, String applicationId, Path state) {
        return List.of(
                "run",
                "--set",
                "bootstrap.servers=" + cluster.kafka.bootstrapServers(),
                "--set",
                "schema.registry.url=" + cluster.registry.url(),
                "--set",
                "application.id=" + applicationId,
                "--set",
                "state.dir=" + state,
                "--set",
                "model.dir=models/fast",
                "--set",
                "http.port=0",
                "--set",
                "learner.enabled=false",
                "--set",
                "trends.enabled=false",
                "--set",
                "model.device=cpu");
    }

    /** The partitions of the comments topic that the group member whose instance id starts with {@code id} owns. */
    private static List<Integer> ownedPartitions(LocalCluster cluster, String group, String id) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", cluster.kafka.bootstrapServers()))) {
            return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().stream()
                    .filter(m -> m.groupInstanceId().map(i -> i.startsWith(id)).orElse(false))
                    .flatMap(m -> m.assignment().topicPartitions().stream())
                    .filter(tp -> tp.topic().equals("comments"))
                    .map(org.apache.kafka.common.TopicPartition::partition)
                    .toList();
        }
    }

    /** Every produced comment labelled once, and within each partition in the order it was produced (ids grow). */
    private static void assertExactlyOnceInOrder(List<ConsumerRecord<String, byte[]>> out) {
        Map<String, Integer> seen = new HashMap<>();
        Map<Integer, Integer> lastSeq = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : out) {
            seen.merge(r.key(), 1, Integer::sum);
            int seq = Integer.parseInt(r.key().substring(2));
            Integer last = lastSeq.put(r.partition(), seq);
            assertThat(last == null || seq > last)
                    .as("order in partition %d: %d after %d", r.partition(), seq, last)
                    .isTrue();
        }
        assertThat(seen).hasSize(COMMENTS);
        assertThat(seen.values()).allMatch(n -> n == 1);
    }

    private static Process start(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Dai.djl.offline=true",
                "-Demostream.home=" + Path.of("").toAbsolutePath(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.emostream.cli.Main"));
        cmd.addAll(args);
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(File.createTempFile("emostream-fault-app", ".log"))
                .start();
    }

    private static void produce(EmostreamConfig config) {
        AvroSerializer<CommentEvent> avro = new AvroSerializer<>();
        avro.configure(config.serdeConfig(), false);
        Map<String, Object> props = new HashMap<>(config.kafkaClientConfig());
        props.put("enable.idempotence", "true");
        try (KafkaProducer<String, byte[]> p =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < COMMENTS; i++) {
                String id = String.format("f-%05d", i);
                CommentEvent e = CommentEvent.newBuilder()
                        .setId(id)
                        .setText(i % 2 == 0 ? "thank you, this is great" : "why is this so slow?")
                        .setSource("fault")
                        .setCreatedAt(Instant.now())
                        .build();
                // keyed by id; the partition's order is the id's order because ids grow
                p.send(new ProducerRecord<>("comments", id, avro.serialize("comments", e)));
                if (i % 10 == 9)
                    Thread.sleep(200); // about 50 comments/s for a minute: both kills and restarts land mid-stream
            }
            p.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(LocalCluster cluster) {
        Properties p = new Properties();
        p.put("bootstrap.servers", cluster.kafka.bootstrapServers());
        p.put("isolation.level", "read_committed");
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        // assigned, not subscribed: no group to join, so a short read sees everything committed so far
        List<org.apache.kafka.common.TopicPartition> tps = c.partitionsFor("comments-labelled").stream()
                .map(i -> new org.apache.kafka.common.TopicPartition(i.topic(), i.partition()))
                .toList();
        c.assign(tps);
        c.seekToBeginning(tps);
        return c;
    }

    private static void awaitLabelled(LocalCluster cluster, int atLeast, Duration timeout) throws Exception {
        // the app is RUNNING once it has labelled a probe comment
        EmostreamConfig config = cluster.config("it-fault-probe", Map.of());
        AvroSerializer<CommentEvent> avro = new AvroSerializer<>();
        avro.configure(config.serdeConfig(), false);
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(
                new HashMap<>(config.kafkaClientConfig()), new StringSerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(
                            "comments",
                            "probe",
                            avro.serialize(
                                    "comments",
                                    CommentEvent.newBuilder()
                                            .setId("probe")
                                            .setText("hello")
                                            .setSource("probe")
                                            .setCreatedAt(Instant.now())
                                            .build())))
                    .get();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (KafkaConsumer<String, byte[]> c = consumer(cluster)) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofSeconds(1)))
                    if (r.key().equals("probe")) return;
            }
        }
        throw new AssertionError("the classifier never labelled the probe comment");
    }

    /** When the first comment labelled after {@code sinceMs} (its classifiedAt) is committed: wall clock ms. */
    private static long awaitLabelledAfter(
            LocalCluster cluster, EmostreamConfig config, long sinceMs, Duration timeout) {
        io.emostream.serde.AvroDeserializer<io.emostream.avro.LabelledComment> avro =
                new io.emostream.serde.AvroDeserializer<>(io.emostream.avro.LabelledComment.class);
        avro.configure(config.serdeConfig(), false);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> c = consumer(cluster)) {
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
                    if (avro.deserialize("comments-labelled", r.value())
                                    .getClassifiedAt()
                                    .toEpochMilli()
                            > sinceMs) return System.currentTimeMillis();
                }
            }
        }
        throw new AssertionError("no comment was labelled within " + timeout + " of the restart");
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(LocalCluster cluster, int expected, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = consumer(cluster)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200)))
                    if (!r.key().equals("probe")) out.add(r);
                if (expected != Integer.MAX_VALUE && out.size() >= expected) {
                    long grace =
                            System.nanoTime() + Duration.ofSeconds(2).toNanos(); // anything more would be a duplicate
                    while (System.nanoTime() < grace)
                        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200)))
                            if (!r.key().equals("probe")) out.add(r);
                    break;
                }
            }
        }
        return out;
    }
}
