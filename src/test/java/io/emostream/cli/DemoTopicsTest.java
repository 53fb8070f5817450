package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * `./emostream demo --set alerts.webhook.url=…` as a user runs it, in its own JVM with the defaults: its made-up
 * brands are tracked topics with windows, and the planted burst about one of them reaches the webhook, all within four
 * minutes of start.
 */
class DemoTopicsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void theDemosBrandsAreTopicsAndTheBurstAboutOneReachesTheWebhook() throws Exception {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            received.add(JSON.readTree(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        int http = freePort();
        Path log = Files.createTempFile("emostream-demo", ".log");
        List<String> cmd = ChildJvm.command(
                "demo",
                "--kafka-port",
                Integer.toString(freePort()),
                "--registry-port",
                Integer.toString(freePort()),
                "--http-port",
                Integer.toString(http),
                "--set",
                "alerts.webhook.url=http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        Process demo = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long started = System.currentTimeMillis();
        long deadline = started + TimeUnit.MINUTES.toMillis(4);
        try {
            JsonNode topics = null;
            JsonNode nimbus = null;
            while (System.currentTimeMillis() < deadline) {
                Thread.sleep(2000);
                assertThat(demo.isAlive())
                        .as(() -> "the demo exited: " + read(log))
                        .isTrue();
                if (topics == null) topics = get(http, "/api/topics");
                if (nimbus == null || nimbus.get("points").isEmpty())
                    nimbus = get(http, "/api/trends?topic=Nimbus&group=ekman&from=10m");
                boolean alerted = received.stream()
                        .anyMatch(a -> "Nimbus".equals(a.path("topic").asText(null))
                                && a.path("label").asText().matches("anger|negative|comments"));
                if (topics != null && nimbus != null && !nimbus.get("points").isEmpty() && alerted) break;
            }
            assertThat(topics).as(() -> read(log)).isNotNull();
            List<String> names = new ArrayList<>();
            topics.forEach(t -> names.add(t.get("name").asText()));
            assertThat(names).containsExactlyInAnyOrder("Nimbus", "Larkspur Air", "Quill Bank");
            assertThat(nimbus.get("topic").asText()).isEqualTo("Nimbus");
            assertThat(nimbus.get("points")).isNotEmpty();
            assertThat(received)
                    .as(() -> "alerts received " + received + "\n" + read(log))
                    .anySatisfy(a -> {
                        assertThat(a.get("topic").asText()).isEqualTo("Nimbus");
                        assertThat(a.get("id").asText()).isNotEmpty();
                        assertThat(a.get("severity").asInt()).isBetween(1, 3);
                        assertThat(a.get("reason").asText()).startsWith("topic Nimbus: ");
                        assertThat(a.get("examples").toString()).contains("Nimbus");
                    });
            System.out.printf(
                    "demo: topics, topic windows and the Nimbus alert at the webhook %.0f s after start%n",
                    (System.currentTimeMillis() - started) / 1000.0);
        } finally {
            demo.destroy();
            if (!demo.waitFor(30, TimeUnit.SECONDS)) demo.destroyForcibly();
            receiver.stop(0);
        }
    }

    private static JsonNode get(int port, String path) {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (Exception notYet) {
            return null;
        }
    }

    private static String read(Path log) {
        try {
            String s = Files.readString(log, StandardCharsets.UTF_8);
            return s.length() > 8000 ? s.substring(s.length() - 8000) : s;
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }
}
