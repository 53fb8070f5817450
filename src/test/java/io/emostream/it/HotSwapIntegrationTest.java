package io.emostream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.TestData;
import io.emostream.avro.CommentEvent;
import io.emostream.avro.LabelledComment;
import io.emostream.config.EmostreamConfig;
import io.emostream.model.ModelBundle;
import io.emostream.produce.CommentProducer;
import io.emostream.serde.AvroDeserializer;
import io.emostream.service.ClassifierRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A model swap under traffic: a broken bundle is refused, a good one is swapped in between batches; no record is lost
 * or duplicated, every output names a valid version, and per partition the version never goes back.
 */
class HotSwapIntegrationTest {
    private static LocalCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = new LocalCluster();
        cluster.createTopics(
                cluster.config("it-hotswap", Map.of("learner.enabled", "false", "trends.enabled", "false")), 3);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) cluster.close();
    }

    @Test
    void swapsUnderTrafficWithoutLossDuplicatesOrGoingBack() throws Exception {
        EmostreamConfig config = cluster.config(
                "it-hotswap",
                Map.of("http.port", "0", "learner.enabled", "false", "trends.enabled", "false", "batch.size", "32"));
        Path v2 = PromotedVersions.copyWithVersion(
                TestData.defaultModel(), cluster.stateDir.resolve("store"), "v2-swapped");
        String v1 = ModelBundle.read(TestData.defaultModel()).version();
        List<String> console = new CopyOnWriteArrayList<>();
        int n = 1500;
        try (ClassifierRuntime runtime = ClassifierRuntime.start(config, Path.of("."), console::add)) {
            assertThat(runtime.classifier().awaitRunning(Duration.ofSeconds(60)))
                    .isTrue();
            // the first half is sent while the broken and then the good version are published; the second half only
            // once the holder serves v2, so some records are surely labelled after the swap however slow the machine
            Thread firstHalf = new Thread(() -> produce(config, 0, n / 2));
            firstHalf.start();
            Thread.sleep(1500);
            PromotedVersions.publish(
                    config,
                    PromotedVersions.promoted(
                            "broken", cluster.stateDir.resolve("no-such-bundle").toString()));
            Thread.sleep(1000);
            PromotedVersions.publish(config, PromotedVersions.promoted("v2-swapped", v2.toString()));
            firstHalf.join();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!runtime.models().current().version().equals("v2-swapped") && System.nanoTime() < deadline)
                Thread.sleep(50);
            produce(config, n / 2, n);

            Map<String, Integer> seen = new HashMap<>();
            Map<Integer, List<String>> versionsByPartition = new HashMap<>();
            for (ConsumerRecord<String, LabelledComment> r : readLabelled(config, n)) {
                seen.merge(r.key(), 1, Integer::sum);
                versionsByPartition
                        .computeIfAbsent(r.partition(), p -> new ArrayList<>())
                        .add(r.value().getModelVersion());
            }
            assertThat(seen).hasSize(n);
            assertThat(seen.values()).containsOnly(1);
            List<String> all =
                    versionsByPartition.values().stream().flatMap(List::stream).toList();
            assertThat(all).containsOnly(v1, "v2-swapped").contains(v1, "v2-swapped");
            for (List<String> versions : versionsByPartition.values()) {
                int firstNew = versions.indexOf("v2-swapped");
                if (firstNew >= 0)
                    assertThat(versions.subList(firstNew, versions.size()))
                            .as("no going back after the swap")
                            .containsOnly("v2-swapped");
            }
            assertThat(console)
                    .anyMatch(l -> l.contains("model broken refused"))
                    .anyMatch(l -> l.contains("swapped model " + v1 + " -> v2-swapped"));
            assertThat(runtime.models().current().version()).isEqualTo("v2-swapped");
        }
    }

    /** Comments {@code from} (inclusive) to {@code to} (exclusive), at 300/s, as traffic. */
    private static void produce(EmostreamConfig config, int from, int to) {
        try (CommentProducer p = new CommentProducer(config, "comments", 300)) {
            for (int i = from; i < to; i++) {
                p.send(CommentEvent.newBuilder()
                        .setId("h-" + i)
                        .setText(i % 2 == 0 ? "thanks a lot!" : "this is so annoying")
                        .setSource("it")
                        .setCreatedAt(Instant.now())
                        .build());
            }
            p.flush();
        }
    }

    private static List<ConsumerRecord<String, LabelledComment>> readLabelled(EmostreamConfig config, int expected) {
        Map<String, Object> p = new HashMap<>(config.kafkaClientConfig());
        p.put("group.id", "hotswap-reader");
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        AvroDeserializer<LabelledComment> d = new AvroDeserializer<>(LabelledComment.class);
        d.configure(config.serdeConfig(), false);
        List<ConsumerRecord<String, LabelledComment>> out = new ArrayList<>();
        try (KafkaConsumer<String, LabelledComment> c = new KafkaConsumer<>(p, new StringDeserializer(), d)) {
            c.subscribe(List.of("comments-labelled"));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline)
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            long grace = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < grace) c.poll(Duration.ofMillis(200)).forEach(out::add);
        }
        return out;
    }
}
