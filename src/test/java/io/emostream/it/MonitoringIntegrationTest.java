package io.emostream.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emostream.avro.CommentEvent;
import io.emostream.config.EmostreamConfig;
import io.emostream.produce.CommentProducer;
import io.emostream.service.ClassifierRuntime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * What deploy/grafana and deploy/prometheus watch exists: the running service (classifier, trends, learning, after
 * comments went through) is scraped at /metrics, and every metric named by a dashboard panel or an alert rule must be
 * in the scrape, so a misspelt or renamed metric fails here rather than showing "No data" in production.
 */
class MonitoringIntegrationTest {
    private static final Pattern METRIC =
            Pattern.compile("\\b((?:emostream|jvm|process|system|cache|kafka)_[a-z0-9_]+)");

    @Test
    void everyMetricTheDashboardAndTheAlertRulesUseIsScraped() throws Exception {
        try (LocalCluster cluster = new LocalCluster()) {
            int port;
            try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
                port = free.getLocalPort();
            }
            EmostreamConfig config = cluster.config(
                    "it-monitoring",
                    Map.of(
                            "http.port",
                            Integer.toString(port),
                            "learner.enabled",
                            "true",
                            "model.dir",
                            "models/fast",
                            // a receiver, so that the delivery counters are there (no alert is raised here)
                            "alerts.webhook.url",
                            "http://127.0.0.1:9/emostream-alerts"));
            cluster.createTopics(config, 1);
            try (ClassifierRuntime runtime = ClassifierRuntime.start(config, Path.of("."), m -> {})) {
                assertThat(runtime.classifier().awaitRunning(Duration.ofSeconds(60)))
                        .isTrue();
                try (CommentProducer p = new CommentProducer(config, config.get("topic.comments"), 0)) {
                    for (int i = 0; i < 20; i++)
                        p.send(CommentEvent.newBuilder()
                                .setId("m-" + i)
                                .setText(i % 2 == 0 ? "thank you so much" : "this is awful")
                                .setSource("monitoring")
                                .setCreatedAt(Instant.now())
                                .build());
                }
                // and one record the trends cannot read, so that their drop counter has a series too
                try (var raw = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(
                        Map.of("bootstrap.servers", cluster.kafka.bootstrapServers()),
                        new org.apache.kafka.common.serialization.StringSerializer(),
                        new org.apache.kafka.common.serialization.ByteArraySerializer())) {
                    raw.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                                    config.get("topic.labelled"), "garbage", new byte[] {0, 0, 0, 0x7f, 1}))
                            .get();
                }
                System.gc(); // the GC pause timer appears with the first collection, which a long-running service has
                HttpClient http = HttpClient.newHttpClient();
                URI metrics = URI.create("http://127.0.0.1:" + runtime.http().port() + "/metrics");
                String scrape = "";
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (System.nanoTime() < deadline) {
                    scrape = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
                            .body();
                    if (scrape.contains("emostream_records_out_total 20.0")
                            && scrape.contains("emostream_records_dropped_total")
                            && scrape.contains("jvm_gc_pause_seconds_sum")
                            && scrape.contains("kafka_consumer_fetch_manager_records_lag_max")) break;
                    Thread.sleep(500);
                }
                Files.writeString(Path.of("target", "metrics-scrape.txt"), scrape);
                Set<String> scraped = new TreeSet<>();
                for (String line : scrape.lines().toList()) {
                    if (line.startsWith("#") || line.isBlank()) continue;
                    String name = line.split("[{ ]", 2)[0];
                    scraped.add(name);
                    // a histogram is queried by its base name with _bucket, _count or _sum
                    scraped.add(name.replaceAll("_(bucket|count|sum|max)$", ""));
                }
                Set<String> used = usedMetrics();
                assertThat(used).hasSizeGreaterThanOrEqualTo(6);
                List<String> missing = new ArrayList<>();
                for (String m : used)
                    if (!scraped.contains(m) && !scraped.contains(m.replaceAll("_(bucket|count|sum)$", "")))
                        missing.add(m);
                assertThat(missing)
                        .as("metrics named in deploy/ but not scraped (see target/metrics-scrape.txt)")
                        .isEmpty();
            }
        }
    }

    /** The metric names in the Grafana dashboards' queries and the Prometheus rules' expressions. */
    @SuppressWarnings("unchecked")
    static Set<String> usedMetrics() throws Exception {
        Set<String> used = new TreeSet<>();
        List<String> exprs = new ArrayList<>();
        JsonNode dashboard = new ObjectMapper()
                .readTree(Path.of("deploy/grafana/emostream.json").toFile());
        assertThat(dashboard.get("panels").size()).isGreaterThanOrEqualTo(6);
        for (JsonNode panel : dashboard.get("panels"))
            for (JsonNode target : panel.path("targets"))
                exprs.add(target.get("expr").asText());
        Map<String, Object> rules = new Yaml().load(Files.readString(Path.of("deploy/prometheus/emostream-rules.yml")));
        int alerts = 0;
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups"))
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                exprs.add(rule.get("expr").toString());
                if (rule.containsKey("alert")) alerts++;
            }
        assertThat(alerts).isGreaterThanOrEqualTo(3);
        for (String e : exprs) {
            Matcher m = METRIC.matcher(e);
            while (m.find()) used.add(m.group(1));
        }
        return used;
    }
}
