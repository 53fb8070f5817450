package io.emostream.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emostream.config.EmostreamConfig;
import io.emostream.emotions.EmotionGroups;
import io.emostream.http.ApiException;
import io.emostream.http.TrendApi;
import io.emostream.serde.RecordReader;
import io.emostream.streams.StreamsProperties;
import io.emostream.tracking.TrackedTopic;
import io.emostream.tracking.TrackedTopics;
import io.emostream.trends.TrendQueries;
import io.emostream.trends.TrendSettings;
import io.emostream.trends.TrendTopology;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trends topology in its own Kafka Streams instance (application id {@code trends.application.id}), and the query
 * API over its stores. With several instances each holds some sources: a question about one source goes to the
 * instance Kafka Streams names for it, alerts and sources are gathered from every instance
 * ({@code application.server} is this instance's {@code http.advertised.listener}).
 */
public final class TrendService implements TrendApi, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrendService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StreamApplication app;
    private final KafkaStreams streams;
    private final MeterRegistry registry;
    private final TrendQueries queries;
    private final TrendSettings settings;
    private final TrackedTopics tracked;
    private final HostInfo self;
    private final HttpClient http;
    private final String scheme;
    private final String authorization;

    public TrendService(EmostreamConfig config, MeterRegistry registry) {
        settings = TrendSettings.from(config);
        var topology = TrendTopology.build(
                config,
                new RecordReader("trends", registry, config.getLong("registry.wait.max.ms")),
                group -> alerts(registry, group).increment());
        for (String group : java.util.List.of("labels", "ekman", "sentiment")) alerts(registry, group);
        Properties p = StreamsProperties.of(config, config.get("trends.application.id"));
        self = advertised(config);
        if (self != null) p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        this.registry = registry;
        app = new StreamApplication("trends", topology, p, config);
        streams = app.streams();
        queries = new TrendQueries(streams);
        tracked = TrackedTopics.from(config);
        // instances ask each other as browsers ask them: over TLS and with the credentials when those are on
        var security = config.httpSecurity();
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3));
        try {
            if (security.tls()) client.sslContext(security.sslContext(false));
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        http = client.build();
        scheme = security.tls() ? "https" : "http";
        authorization = security.authorization();
    }

    /** {@code emostream_alerts_total{group}}: spike alerts raised by this instance, from 0. */
    private static io.micrometer.core.instrument.Counter alerts(MeterRegistry registry, String group) {
        return io.micrometer.core.instrument.Counter.builder("emostream.alerts")
                .tag("group", group)
                .description("spike alerts raised")
                .register(registry);
    }

    /** The address other instances reach this one's API at; null when HTTP is off. */
    static HostInfo advertised(EmostreamConfig c) {
        int port = c.getInt("http.port");
        if (port == 0) return null;
        String listener = c.get("http.advertised.listener").strip();
        if (!listener.isEmpty()) {
            try {
                return HostInfo.buildFromEndpoint(listener);
            } catch (RuntimeException e) {
                throw new io.emostream.config.ConfigException(
                        "config key http.advertised.listener must be host:port, was '" + listener + "'");
            }
        }
        String host = c.get("http.host");
        if (host.equals("0.0.0.0")) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                throw new IllegalStateException(
                        "http.host is 0.0.0.0 and this machine's host name is unknown: set http.advertised.listener",
                        e);
            }
        }
        return new HostInfo(host, port);
    }

    public TrendService start() {
        app.start(registry);
        return this;
    }

    public StreamApplication app() {
        return app;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public Object trends(
            String source, String topic, EmotionGroups group, boolean longWindow, long from, long to, boolean local) {
        if (longWindow && settings.longWindow().isZero())
            throw ApiException.badRequest("the long window is off (trends.long.window.ms=0)");
        if (topic != null && !source.equals(TrendTopology.ALL_SOURCES) && !settings.topicSources())
            throw ApiException.badRequest(
                    "a topic's windows per source are off (trends.topic.sources=false): give " + "source or topic");
        String series = topic == null ? source : TrendTopology.topicKey(topic, source);
        String store = longWindow ? TrendTopology.LONG_STORE : TrendTopology.SHORT_STORE;
        long windowMs = (longWindow ? settings.longWindow() : settings.window()).toMillis();
        if (!local && self != null) {
            KeyQueryMetadata owner =
                    streams.queryMetadataForKey(store, series, Serdes.String().serializer());
            if (owner == null || owner == KeyQueryMetadata.NOT_AVAILABLE)
                throw new Unavailable(
                        "trends are not available yet (the trends stream is " + streams.state() + ")", null);
            if (!owner.activeHost().equals(self)) {
                return ask(
                        owner.activeHost(),
                        "/api/trends?source=" + enc(source) + (topic == null ? "" : "&topic=" + enc(topic)) + "&group="
                                + group.id() + "&window="
                                + (longWindow ? "long" : "short") + "&from=" + from + "&to=" + to);
            }
        }
        List<TrendQueries.Point> points;
        try {
            points = queries.windows(store, windowMs, series, group, from, to);
        } catch (InvalidStateStoreException e) {
            throw new Unavailable(
                    "trends are not available yet (the trends stream is " + streams.state() + "): " + e.getMessage(),
                    e);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", source);
        out.put("topic", topic);
        out.put("group", group.id());
        out.put("window", longWindow ? "long" : "short");
        out.put("windowMs", windowMs);
        out.put("from", from);
        out.put("to", to);
        out.put("names", List.copyOf(group.members().keySet()));
        out.put("points", points);
        return out;
    }

    @Override
    public Object alerts(long since, String topic, boolean local) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Object part : everyInstance("/api/alerts?since=" + since, local, () -> queries.alerts(since))) {
            for (Object a : (List<?>) part) {
                Map<String, Object> alert = JSON.convertValue(a, Map.class);
                if (topic == null || topic.equals(alert.get("topic"))) all.add(alert);
            }
        }
        all.sort(Comparator.comparingLong((Map<String, Object> a) -> ((Number) a.get("windowStart")).longValue())
                .thenComparing(a -> -((Number) a.get("z")).doubleValue()));
        return all;
    }

    @Override
    public Object sources(boolean local) {
        TreeSet<String> all = new TreeSet<>();
        for (Object part : everyInstance("/api/sources", local, () -> queries.sources(TrendTopology.SHORT_STORE))) {
            for (Object s : (Iterable<?>) part) all.add(s.toString());
        }
        return all;
    }

    /**
     * The tracked topics with the comments of each one's latest short window. Each instance counts the topics whose
     * windows it holds, from its own store; the answers of all instances are merged (one request per instance, however
     * many topics).
     */
    @Override
    public Object topics(boolean local) {
        long now = System.currentTimeMillis();
        long window = settings.window().toMillis();
        Map<String, Object> counts = new LinkedHashMap<>();
        for (Object part : everyInstance("/api/topics", local, () -> localTopicCounts(now - 2 * window, now))) {
            for (Object t : (List<?>) part) {
                Map<?, ?> m = (Map<?, ?>) t;
                Object n = m.get("commentsLastWindow");
                if (n != null || !counts.containsKey(String.valueOf(m.get("name"))))
                    counts.put(String.valueOf(m.get("name")), n);
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (TrackedTopic t : tracked.matcher().topics()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put("terms", t.terms().size());
            // every instance answered: a topic no instance has a recent window of had no comments
            Object n = counts.get(t.name());
            m.put("commentsLastWindow", n == null ? 0 : n);
            out.add(m);
        }
        return out;
    }

    /** This instance's count of the latest window of each topic it holds; null for the topics it does not hold. */
    private List<Map<String, Object>> localTopicCounts(long from, long to) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TrackedTopic t : tracked.matcher().topics()) {
            List<TrendQueries.Point> points = queries.windows(
                    TrendTopology.SHORT_STORE,
                    settings.window().toMillis(),
                    TrendTopology.topicKey(t.name()),
                    EmotionGroups.EKMAN,
                    from,
                    to);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put(
                    "commentsLastWindow",
                    points.isEmpty() ? null : points.get(points.size() - 1).count());
            out.add(m);
        }
        return out;
    }

    /** This instance's answer, and unless {@code local} every other instance's, as Kafka Streams lists them. */
    private List<Object> everyInstance(String path, boolean local, java.util.function.Supplier<Object> here) {
        List<Object> parts = new ArrayList<>();
        try {
            parts.add(here.get());
        } catch (InvalidStateStoreException e) {
            throw new Unavailable(
                    "trends are not available yet (the trends stream is " + streams.state() + "): " + e.getMessage(),
                    e);
        }
        if (local || self == null) return parts;
        for (StreamsMetadata m : streams.metadataForAllStreamsClients()) {
            if (!m.hostInfo().equals(self)) parts.add(ask(m.hostInfo(), path));
        }
        return parts;
    }

    private Object ask(HostInfo host, String path) {
        URI uri = URI.create(scheme + "://" + host.host() + ":" + host.port() + path + (path.contains("?") ? "&" : "?")
                + "local=true");
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
            if (authorization != null) request.header("Authorization", authorization);
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200)
                throw new Unavailable(
                        "instance " + host + " answered HTTP " + r.statusCode() + ": "
                                + r.body().strip(),
                        null);
            return JSON.readValue(r.body(), Object.class);
        } catch (IOException e) {
            throw new Unavailable(
                    "instance " + host + ", which holds part of the trends, did not answer: " + Preflight.describe(e),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while asking " + host, e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        app.close();
    }
}
