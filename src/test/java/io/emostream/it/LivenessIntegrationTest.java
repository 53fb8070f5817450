package io.emostream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.config.EmostreamConfig;
import io.emostream.http.HttpEndpoint;
import io.emostream.http.LiveStats;
import io.emostream.model.EmotionModel;
import io.emostream.model.ModelHolder;
import io.emostream.service.ClassifierService;
import io.emostream.service.StreamParts;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/** A stream that fails for good is seen by liveness: /health answers 503 and the service says it is not alive. */
class LivenessIntegrationTest {

    @Test
    void aStreamThatFailsFatallyTurnsHealthTo503() throws Exception {
        try (LocalCluster cluster = new LocalCluster()) {
            // the input topic is never created: every new stream thread would fail the same way, so the client shuts
            // down
            cluster.createTopics(1, "comments-labelled", "comments-dlq");
            EmostreamConfig config = cluster.config("it-liveness", Map.of("topic.comments", "no-such-topic"));
            PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            try (ClassifierService service = new ClassifierService(
                    config, new ModelHolder(EmotionModel.load(Path.of("models/fast"), "cpu")), prometheus)) {
                HttpEndpoint http = HttpEndpoint.start(
                        "127.0.0.1",
                        0,
                        new HttpEndpoint.Routes(
                                prometheus, new LiveStats(), new StreamParts().add(service.app()), null));
                try {
                    HttpClient client = HttpClient.newHttpClient();
                    URI health = URI.create("http://127.0.0.1:" + http.port() + "/health");
                    assertThat(client.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString())
                                    .statusCode())
                            .isEqualTo(200);
                    service.start();
                    long deadline = System.nanoTime() + 60_000_000_000L;
                    while (service.isAlive() && System.nanoTime() < deadline) Thread.sleep(100);
                    assertThat(service.isAlive())
                            .as("state %s", service.state())
                            .isFalse();
                    assertThat(service.state()).isIn(KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_ERROR);
                    HttpResponse<String> r =
                            client.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).isEqualTo(503);
                    assertThat(r.body()).contains("stream failed: classifier (");
                } finally {
                    http.close();
                }
            }
        }
    }
}
