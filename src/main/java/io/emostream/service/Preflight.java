package io.emostream.service;

import io.emostream.config.EmostreamConfig;
import io.emostream.embedded.EmbeddedKafka;
import org.apache.kafka.clients.admin.Admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Checks before `run` starts the stream, each failing with one clear sentence: broker, topics, registry. */
public final class Preflight {
    private Preflight() {
    }

    public static void check(EmostreamConfig config, boolean createTopics) {
        Map<String, Object> admin = new HashMap<>(config.kafkaClientConfig());
        admin.put("request.timeout.ms", 10_000);
        admin.put("default.api.timeout.ms", 15_000);
        List<String> topics = List.of(config.get("topic.comments"), config.get("topic.labelled"), config.get("topic.dlq"));
        try (Admin a = Admin.create(admin)) {
            Set<String> existing;
            try {
                existing = a.listTopics().names().get(15, TimeUnit.SECONDS);
            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("Kafka at " + config.get("bootstrap.servers") + " is unreachable (no answer in 15 s): check bootstrap.servers and the kafka.* security settings");
            }
            List<String> missing = new ArrayList<>(topics);
            missing.removeAll(existing);
            if (!missing.isEmpty()) {
                if (!createTopics) throw new IllegalArgumentException("missing topics " + missing + " on " + config.get("bootstrap.servers") + ": create them or pass --create-topics");
                EmbeddedKafka.createTopics(config.get("bootstrap.servers"), config.kafkaClientConfig(), missing, config.getInt("topics.partitions"), (short) config.getInt("topics.replication"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String url = config.get("schema.registry.url");
        if (url.startsWith("http")) {
            try {
                HttpResponse<Void> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                        .send(HttpRequest.newBuilder(URI.create(url.split(",")[0].trim() + "/subjects")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 401 || r.statusCode() == 403) throw new IllegalArgumentException("schema registry " + url + " refused the credentials (HTTP " + r.statusCode() + "): check basic.auth.user.info");
            } catch (java.io.IOException e) {
                throw new IllegalStateException("schema registry " + url + " is unreachable: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
