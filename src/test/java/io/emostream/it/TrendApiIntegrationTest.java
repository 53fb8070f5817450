package io.emostream.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emostream.config.EmostreamConfig;
import io.emostream.http.HttpEndpoint;
import io.emostream.http.LiveStats;
import io.emostream.service.TopicAdmin;
import io.emostream.service.TrendService;
import io.emostream.topics.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two instances of the trends service against a real broker: whichever instance is asked, /api/trends, /api/sources
 * and /api/alerts give the full answer, though each instance holds only some of the sources; bad parameters are 400s.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TrendApiIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> SOURCES = List.of("s0", "s1", "s2", "s3", "s4", "s5");
    private static final long MINUTE = LabelledHistory.MINUTE;

    private static LocalCluster cluster;
    private static final List<AutoCloseable> open = new ArrayList<>();
    private static final List<Integer> ports = new ArrayList<>();
    private static final List<TrendService> services = new ArrayList<>();
    private static long t0;

    @BeforeAll
    static void start() throws Exception {
        cluster = new LocalCluster();
        cluster.createTopics(4, "comments-labelled");
        for (String instance : List.of("a", "b")) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            // the history below replays in minutes of event time per poll, out of order across the four input
            // partitions:
            // a grace of half an hour takes all of it (live traffic needs seconds)
            EmostreamConfig c = cluster.config(
                    "unused",
                    Map.of(
                            "trends.application.id",
                            "trends-it",
                            "http.port",
                            Integer.toString(port),
                            "state.dir",
                            cluster.stateDir.resolve(instance).toString(),
                            "trends.grace.ms",
                            "1800000",
                            "topics.file",
                            topicsFile().toString()));
            if (instance.equals("a"))
                TopicAdmin.create(c, List.of(Topics.of(c).trends(), Topics.of(c).alerts()));
            PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            TrendService trends = new TrendService(c, prometheus).start();
            open.add(0, trends);
            open.add(
                    0,
                    HttpEndpoint.start(
                            "127.0.0.1",
                            port,
                            new HttpEndpoint.Routes(
                                    prometheus, new LiveStats(), new io.emostream.service.StreamParts(), trends)));
            ports.add(port);
            services.add(trends);
        }
        try (LabelledHistory history = new LabelledHistory(cluster.config("unused", Map.of()))) {
            t0 = history.t0;
            history.writeHistory(SOURCES, "s3");
            history.closeWindows(SOURCES, () -> {
                try {
                    return allCounted();
                } catch (Exception e) {
                    return false;
                }
            });
        }
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline
                && get(0, "/api/alerts?since=0").body().equals("[]")) Thread.sleep(250);
    }

    private static java.nio.file.Path topicsFile() throws Exception {
        java.nio.file.Path f = cluster.stateDir.resolve("topics.yaml");
        if (!java.nio.file.Files.exists(f))
            java.nio.file.Files.writeString(
                    f, "topics:\n  - name: " + LabelledHistory.TOPIC + "\n    terms: [acme, \"#acme\"]\n");
        return f;
    }

    /** Every window of the history is in the stores with its 20 comments per source. */
    private static boolean allCounted() throws Exception {
        if (services.stream().anyMatch(s -> s.state() != KafkaStreams.State.RUNNING)) return false;
        HttpResponse<String> r = get(0, "/api/trends?source=*&group=sentiment&from=" + t0 + "&to=" + (t0 + 9 * MINUTE));
        if (r.statusCode() != 200) return false;
        JsonNode points = JSON.readTree(r.body()).get("points");
        if (points.size() < 10) return false;
        for (JsonNode p : points) if (p.get("count").asLong() < 20L * SOURCES.size()) return false;
        return true;
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : open) c.close();
        if (cluster != null) cluster.close();
    }

    private static HttpResponse<String> get(int instance, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(instance) + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(int instance, String path) throws Exception {
        HttpResponse<String> r = get(instance, path);
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void everyInstanceAnswersForEverySourceThoughEachHoldsOnlySome() throws Exception {
        List<String> localA = new ArrayList<>(), localB = new ArrayList<>();
        json(0, "/api/sources?local=true").forEach(n -> localA.add(n.asText()));
        json(1, "/api/sources?local=true").forEach(n -> localB.add(n.asText()));
        assertThat(localA).as("each instance holds a part").isNotEmpty().hasSizeLessThan(SOURCES.size());
        assertThat(localB).isNotEmpty().doesNotContainAnyElementsOf(localA);
        for (int i = 0; i < 2; i++) {
            List<String> all = new ArrayList<>();
            json(i, "/api/sources").forEach(n -> all.add(n.asText()));
            assertThat(all).containsExactlyElementsOf(SOURCES);
        }
        for (String source : SOURCES) {
            String path = "/api/trends?source=" + source + "&group=labels&from=" + t0 + "&to=" + (t0 + 9 * MINUTE);
            JsonNode a = json(0, path), b = json(1, path);
            assertThat(a).isEqualTo(b);
            assertThat(a.get("points")).hasSize(10);
            assertThat(a.get("points").get(0).get("count").asLong()).isEqualTo(20);
            assertThat(a.at("/points/8/emotions/anger/count").asLong()).isEqualTo(source.equals("s3") ? 15 : 1);
            assertThat(a.get("names")).hasSize(28);
        }
        JsonNode all = json(1, "/api/trends?source=*&group=ekman&from=" + t0 + "&to=" + (t0 + 9 * MINUTE));
        assertThat(all.get("points").get(8).get("count").asLong()).isEqualTo(120);
        assertThat(all.at("/points/8/emotions/anger/share").asDouble()).isGreaterThan(15 / 120.0);
        assertThat(json(0, "/api/trends?source=s1&window=long&from=" + t0)
                        .get("windowMs")
                        .asLong())
                .isEqualTo(3_600_000);
    }

    @Test
    void theSpikeAlertIsListedByEveryInstance() throws Exception {
        for (int i = 0; i < 2; i++) {
            JsonNode alerts = json(i, "/api/alerts?since=" + t0);
            assertThat(alerts).anySatisfy(a -> {
                assertThat(a.get("source").asText()).isEqualTo("s3");
                assertThat(a.get("label").asText()).isEqualTo("anger");
                assertThat(a.get("windowStart").asLong()).isEqualTo(t0 + 8 * MINUTE);
                assertThat(a.get("examples")).hasSize(1); // fifteen comments, one text: a repeated post shows once
                assertThat(a.get("examples").get(0).get("text").asText()).isEqualTo("furious about s3");
            });
            assertThat(alerts)
                    .allSatisfy(a -> assertThat(a.get("source").asText()).isIn("s3", "*"));
        }
        assertThat(json(0, "/api/alerts?since=" + (t0 + 9 * MINUTE))).isEmpty();
    }

    @Test
    void aTrackedTopicHasItsTrendsAlertsAndListing() throws Exception {
        for (int i = 0; i < 2; i++) {
            JsonNode acme = json(i, "/api/trends?topic=Acme&group=labels&from=" + t0 + "&to=" + (t0 + 9 * MINUTE));
            assertThat(acme.get("topic").asText()).isEqualTo("Acme");
            assertThat(acme.get("points")).hasSize(10);
            assertThat(acme.at("/points/8/count").asLong()).isEqualTo(20);
            assertThat(acme.at("/points/8/emotions/anger/count").asLong()).isEqualTo(15);
            JsonNode alerts = json(i, "/api/alerts?since=" + t0 + "&topic=Acme");
            assertThat(alerts).isNotEmpty().allSatisfy(a -> {
                assertThat(a.get("topic").asText()).isEqualTo("Acme");
                assertThat(a.get("source").asText()).isEqualTo("*");
                assertThat(a.get("severity").asInt()).isBetween(1, 3);
                assertThat(a.get("reason").asText()).startsWith("topic Acme: ");
            });
            assertThat(alerts)
                    .anySatisfy(a -> assertThat(a.get("label").asText()).isEqualTo("anger"));
            JsonNode topics = json(i, "/api/topics");
            assertThat(topics).hasSize(1);
            assertThat(topics.get(0).get("name").asText()).isEqualTo("Acme");
            assertThat(topics.get(0).get("terms").asInt()).isEqualTo(2);
            assertThat(topics.get(0).has("commentsLastWindow")).isTrue();
        }
        assertThat(json(0, "/api/alerts?since=" + t0 + "&topic=Nobody")).isEmpty();
    }

    @Test
    void trendsAnswerInCsvForSpreadsheets() throws Exception {
        HttpResponse<String> r =
                get(1, "/api/trends?source=s3&group=ekman&format=csv&from=" + t0 + "&to=" + (t0 + 9 * MINUTE));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<String> lines = r.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("series,group,windowStart,windowEnd,comments,emotion,count,share,meanScore");
        assertThat(lines).hasSize(1 + 10 * 7);
        String spike = Instant.ofEpochMilli(t0 + 8 * MINUTE).toString();
        assertThat(lines)
                .anySatisfy(
                        l -> assertThat(l).startsWith("s3,ekman," + spike + ",").contains(",20,anger,15,0.75,"));
    }

    @Test
    void badParametersAre400sThatSayWhy() throws Exception {
        Map<String, String> cases = Map.of(
                "/api/trends?group=moods", "group must be labels, ekman or sentiment",
                "/api/trends?from=yesterday", "from must be epoch milliseconds",
                "/api/trends?from=2h&to=3h", "is after to",
                "/api/trends?window=week", "window must be short or long",
                "/api/trends?sauce=x", "unknown parameter 'sauce'",
                "/api/alerts?since=soon", "since must be",
                "/api/sources?local=maybe", "local must be true or false",
                "/api/trends?format=xlsx", "format must be json or csv",
                "/api/trends?source=s1&topic=Acme", "trends.topic.sources=false");
        for (var e : cases.entrySet()) {
            HttpResponse<String> r = get(0, e.getKey());
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).get("error").asText())
                    .as(e.getKey())
                    .contains(e.getValue());
        }
        assertThat(get(0, "/api/nothing").statusCode()).isEqualTo(404);
    }
}
