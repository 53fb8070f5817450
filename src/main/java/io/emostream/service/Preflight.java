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
import java.util.function.Consumer;
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
        check(config, createTopics, line -> System.err.println("emostream: " + line));
    }

    /**
     * Waits, with backoff, up to {@code startup.wait.max.ms} for a broker or registry that cannot be reached yet (a
     * cold start brings them up in any order); a refusal (credentials, missing topics) fails at once.
     *
     * @param progress told once per dependency that is waited for
     */
    public static void check(EmostreamConfig config, boolean createTopics, Consumer<String> progress) {
        Waiting waiting = new Waiting(config.getLong("startup.wait.max.ms"), progress);
        String brokers = config.get("bootstrap.servers");
        Set<String> existing = waiting.until("Kafka at " + brokers, () -> listTopics(config, waiting.tryTimeoutMs()));
        List<String> missing = new ArrayList<>(
                Topics.of(config).needed().stream().map(Topic::name).toList());
        missing.removeAll(existing);
        if (!missing.isEmpty()) {
            if (!createTopics)
                throw new IllegalArgumentException(
                        "missing topics " + missing + " on " + brokers + ": create them or pass --create-topics");
            createAll(config);
        }
        String url = config.get("schema.registry.url");
        if (!url.startsWith("mock://"))
            waiting.until("the schema registry at " + url, () -> probeRegistry(config, url));
    }

    private static Set<String> listTopics(EmostreamConfig config, int timeoutMs) throws InterruptedException {
        Map<String, Object> admin = new HashMap<>(config.kafkaClientConfig());
        admin.put("request.timeout.ms", timeoutMs);
        admin.put("default.api.timeout.ms", timeoutMs);
        String brokers = config.get("bootstrap.servers");
        // created for each try: a broker name that does not resolve yet fails the client's creation itself
        try (Admin a = Admin.create(admin)) {
            return a.listTopics().names().get(timeoutMs + 1_000L, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.AuthenticationException
                    || e.getCause() instanceof org.apache.kafka.common.errors.AuthorizationException) {
                throw new IllegalArgumentException("Kafka at " + brokers + " refused the client: "
                        + e.getCause().getMessage() + " (check kafka.security.protocol, kafka.sasl.* and kafka.ssl.*)");
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException)
                throw new Unreachable("no answer in " + timeoutMs / 1000 + " s");
            throw new Unreachable(describe(e));
        } catch (TimeoutException e) {
            throw new Unreachable("no answer in " + timeoutMs / 1000 + " s");
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new Unreachable(describe(e));
        }
    }

    private static Void probeRegistry(EmostreamConfig config, String url) throws InterruptedException {
        try {
            // with the serdes' own client: the same TLS trust (schema.registry.ssl.*) and credentials (basic.auth.*)
            int status = new io.emostream.serde.RestSchemaRegistryClient(url.split(",")[0].trim(), config.serdeConfig())
                    .probe();
            if (status == 401 || status == 403)
                throw new IllegalArgumentException("schema registry " + url + " refused the credentials (HTTP " + status
                        + "): check basic.auth.user.info");
            if (status >= 500) throw new Unreachable("HTTP " + status);
            return null;
        } catch (java.io.IOException e) {
            throw new Unreachable(describe(e));
        }
    }

    /** A dependency that may still be starting: worth another try. */
    static final class Unreachable extends IllegalStateException {
        Unreachable(String why) {
            super(why);
        }
    }

    /** Tries a probe until it answers or the start-up budget is spent, backing off from 250 ms to 5 s. */
    static final class Waiting {
        private final long deadline;
        private final long budgetMs;
        private final Consumer<String> progress;

        Waiting(long budgetMs, Consumer<String> progress) {
            this.budgetMs = budgetMs;
            this.deadline = System.nanoTime() + budgetMs * 1_000_000;
            this.progress = progress;
        }

        /** How long one try may take: half of what is left, between 1 and 10 s, so that a second try fits. */
        int tryTimeoutMs() {
            if (budgetMs == 0) return 10_000; // one try: give it the time one try always had
            long left = (deadline - System.nanoTime()) / 1_000_000;
            return (int) Math.max(1_000, Math.min(10_000, left / 2));
        }

        interface Probe<T> {
            T call() throws InterruptedException;
        }

        <T> T until(String what, Probe<T> probe) {
            long backoff = 250;
            boolean told = false;
            try {
                while (true) {
                    try {
                        return probe.call();
                    } catch (Unreachable e) {
                        if (System.nanoTime() >= deadline)
                            throw new IllegalStateException(what + " is unreachable: " + e.getMessage()
                                    + (budgetMs > 0 ? " (waited " + budgetMs / 1000 + " s, startup.wait.max.ms)" : "")
                                    + ": check its address and the security settings");
                        if (!told)
                            progress.accept("waiting for " + what + " (" + e.getMessage() + "), up to "
                                    + budgetMs / 1000 + " s (startup.wait.max.ms)");
                        told = true;
                        Thread.sleep(Math.max(1, Math.min(backoff, (deadline - System.nanoTime()) / 1_000_000)));
                        backoff = Math.min(5_000, backoff * 2);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what);
            }
        }
    }
}
