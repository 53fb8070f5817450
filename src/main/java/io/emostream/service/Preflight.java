package io.emostream.service;

import io.emostream.config.EmostreamConfig;
import io.emostream.topics.Topic;
import io.emostream.topics.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/** Checks before `run` starts the stream, each failing with one clear sentence: broker, topics, registry. */
public final class Preflight {
    private Preflight() {}

    /** Creates the topics this config needs that are missing (see {@link Topics#needed()}). */
    public static void createAll(EmostreamConfig c) {
        TopicAdmin.create(c, Topics.of(c).needed());
    }

    /** What went wrong, in words: Java's HTTP client throws a ConnectException whose message is null. */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException) return "connection refused";
            if (t instanceof java.net.http.HttpConnectTimeoutException || t instanceof java.net.SocketTimeoutException)
                return "no answer in time";
            if (t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.net.UnknownHostException)
                return "unknown host";
            if (t instanceof javax.net.ssl.SSLException) return "TLS failed (" + t.getMessage() + ")";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage() != null ? root.getMessage() : e.getMessage();
        return m == null || m.isBlank()
                ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + " (" + m + ")";
    }

    public static void check(EmostreamConfig config, boolean createTopics) {
        Map<String, Object> admin = new HashMap<>(config.kafkaClientConfig());
        admin.put("request.timeout.ms", 10_000);
        admin.put("default.api.timeout.ms", 15_000);
        List<String> topics =
                Topics.of(config).needed().stream().map(Topic::name).toList();
        try (Admin a = Admin.create(admin)) {
            Set<String> existing;
            try {
                existing = a.listTopics().names().get(15, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof org.apache.kafka.common.errors.AuthenticationException
                        || e.getCause() instanceof org.apache.kafka.common.errors.AuthorizationException) {
                    throw new IllegalArgumentException("Kafka at " + config.get("bootstrap.servers")
                            + " refused the client: " + e.getCause().getMessage()
                            + " (check kafka.security.protocol, kafka.sasl.* and kafka.ssl.*)");
                }
                throw new IllegalStateException("Kafka at " + config.get("bootstrap.servers") + " is unreachable: "
                        + describe(e) + ": check bootstrap.servers and the kafka.* security settings");
            } catch (TimeoutException e) {
                throw new IllegalStateException(
                        "Kafka at " + config.get("bootstrap.servers")
                                + " is unreachable (no answer in 15 s): check bootstrap.servers and the kafka.* security settings");
            }
            List<String> missing = new ArrayList<>(topics);
            missing.removeAll(existing);
            if (!missing.isEmpty()) {
                if (!createTopics)
                    throw new IllegalArgumentException("missing topics " + missing + " on "
                            + config.get("bootstrap.servers") + ": create them or pass --create-topics");
                createAll(config);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String url = config.get("schema.registry.url");
        if (url.startsWith("http")) {
            try {
                // with the serdes' own client: the same TLS trust (schema.registry.ssl.*) and credentials
                // (basic.auth.*)
                int status = new io.emostream.serde.RestSchemaRegistryClient(
                                url.split(",")[0].trim(), config.serdeConfig())
                        .probe();
                if (status == 401 || status == 403)
                    throw new IllegalArgumentException("schema registry " + url + " refused the credentials (HTTP "
                            + status + "): check basic.auth.user.info");
            } catch (java.io.IOException e) {
                throw new IllegalStateException("schema registry " + url + " is unreachable: " + describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
