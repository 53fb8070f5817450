package io.emostream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.TestData;
import io.emostream.config.EmostreamConfig;
import io.emostream.emotions.EmotionGroups;
import io.emostream.http.TrendApi;
import io.emostream.model.EmotionModel;
import io.emostream.model.ModelHolder;
import io.emostream.service.ClassifierService;
import io.emostream.service.TopicAdmin;
import io.emostream.service.TrendService;
import io.emostream.topics.Topics;
import io.emostream.trends.TrendQueries;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients that know nothing of emostream (KafkaJS, and @kafkajs/confluent-schema-registry with avsc for Avro) write
 * comments in the Confluent wire format through the REST registry, half of them with a newer CommentEvent schema (one
 * more optional field) and a record that is not Avro among them. They read the labelled events back (read_committed),
 * and the bad record from the dead-letter topic with its headers: {@code scripts/third-party-client/check.mjs}
 * against a real broker, the registry and the classifier with the shipped model. Needs Node.js and
 * {@code npm ci --prefix scripts/third-party-client}, which {@code .ci/run} does; without them the test is skipped
 * and says why. The same client reads emotion-trends and emotion-alerts, made by the trends topology from labelled
 * comments with a spike in them.
 */
class ThirdPartyClientTest {
    private static final Path DIR = Path.of("scripts/third-party-client");
    private static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        io.emostream.OutsideTools.require(
                Files.isDirectory(DIR.resolve("node_modules")),
                "run `npm ci --prefix scripts/third-party-client` (.ci/run does) to include this test");
        cluster = new LocalCluster();
        cluster.createTopics(2, "comments", "comments-labelled", "comments-dlq", "nothing-comes-here");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) cluster.close();
    }

    @Test
    void aClientThatKnowsNothingOfEmostreamWritesCommentsAndReadsTheirLabels() throws Exception {
        EmostreamConfig config = cluster.config("it-third-party", Map.of());
        try (ClassifierService service = new ClassifierService(
                        config,
                        new ModelHolder(EmotionModel.load(TestData.defaultModel(), "cpu")),
                        new SimpleMeterRegistry())
                .start()) {
            assertThat(service.awaitRunning(Duration.ofSeconds(60))).isTrue();

            Result ok = check("--timeout-s", "90");
            assertThat(ok.exit()).as(ok.output()).isZero();
            assertThat(ok.output())
                    .contains("third-party check passed")
                    .containsPattern("schema ids (\\d+) and, from a newer CommentEvent, (?!\\1)\\d+")
                    .containsPattern("ok tp-\\w+-5: \\[neutral\\]") // the empty text
                    .containsPattern("ok tp-\\w+-pill: dead-lettered, .+"); // with the reason the headers give

            // the check fails when the labelled events do not come: here it waits on a topic that gets none
            Result none = check("--labelled", "nothing-comes-here", "--timeout-s", "5");
            assertThat(none.exit()).as(none.output()).isEqualTo(1);
            assertThat(none.output()).contains("timed out", "still missing");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aClientThatKnowsNothingOfEmostreamReadsTheTrendsAndTheAlerts() throws Exception {
        // the history replays out of order across partitions: a long grace takes all of it (see LabelledHistory)
        // a topic of its own: the other test's labelled comments of now would make this history late
        cluster.createTopics(2, "labelled-history");
        EmostreamConfig config = cluster.config(
                "it-third-party",
                Map.of(
                        "trends.application.id",
                        "it-third-party-trends",
                        "http.port",
                        "0",
                        "trends.grace.ms",
                        "1800000",
                        "trends.long.window.ms",
                        "0",
                        "topic.labelled",
                        "labelled-history"));
        TopicAdmin.create(
                config, List.of(Topics.of(config).trends(), Topics.of(config).alerts()));
        List<String> sources = List.of("forum", "news");
        try (TrendService trends = new TrendService(config, new SimpleMeterRegistry()).start();
                LabelledHistory history = new LabelledHistory(config)) {
            history.writeHistory(sources, "forum");
            history.closeWindows(sources, () -> {
                try {
                    var points = (List<TrendQueries.Point>) ((Map<String, Object>) trends.trends(
                                    "*",
                                    null,
                                    EmotionGroups.EKMAN,
                                    false,
                                    history.t0,
                                    history.t0 + 9 * LabelledHistory.MINUTE,
                                    true))
                            .get("points");
                    return points.size() == LabelledHistory.WINDOWS
                            && points.stream().allMatch(p -> p.count() == LabelledHistory.PER_WINDOW * sources.size());
                } catch (TrendApi.Unavailable e) {
                    return false;
                }
            });
            Result ok = check("--trends", "emotion-trends", "--alerts", "emotion-alerts", "--timeout-s", "60");
            assertThat(ok.exit()).as(ok.output()).isZero();
            assertThat(ok.output())
                    .contains("third-party check passed: emotion trends and alerts")
                    .containsPattern("ok trend \\S+@\\S+/PT1M: \\d+ comments")
                    .containsPattern("ok alert (forum|\\*)/\\w+/(anger|negative): \\d+%");
        }
    }

    private record Result(int exit, String output) {}

    private static Result check(String... more) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                "node",
                "check.mjs",
                "--bootstrap",
                cluster.kafka.bootstrapServers(),
                "--registry",
                cluster.registry.url()));
        command.addAll(List.of(more));
        Process p = new ProcessBuilder(command)
                .directory(DIR.toFile())
                .redirectErrorStream(true)
                .start();
        byte[] out = p.getInputStream().readAllBytes(); // ends when the script exits
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
