package io.emostream.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.emostream.emotions.EmotionGroups;
import io.emostream.httpserver.ServerSecurity;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's HTTP face: {@code /health} (liveness), {@code /ready} (stream RUNNING and model loaded),
 * {@code /metrics} (Prometheus), {@code /api/live} (throughput and latency), the trends query API, and {@code /}, the
 * dashboard polling them (its chart library from a WebJar under {@code /webjars/}).
 */
public final class HttpEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final java.util.concurrent.ExecutorService executor;

    private HttpEndpoint(HttpServer server, java.util.concurrent.ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * What the endpoint serves.
     *
     * @param health {@code /ready}: 200 while every stream is RUNNING; {@code /health}: 503 once one has failed for
     *               good, so that a liveness probe restarts the process; both name the parts that are not
     * @param trends the query API ({@link ApiPath}); null: 404 there
     */
    public record Routes(PrometheusMeterRegistry prometheus, LiveStats live, Health health, TrendApi trends) {}

    public static HttpEndpoint start(String host, int port, Routes routes) throws IOException {
        return start(host, port, routes, ServerSecurity.NONE);
    }

    /**
     * @param security TLS and basic auth; the probes ({@code /health}, {@code /ready}) stay open, as kubelets call
     *                 them without credentials and they tell nothing but up or down
     */
    public static HttpEndpoint start(String host, int port, Routes routes, ServerSecurity security) throws IOException {
        HttpServer s;
        try {
            s = security.create(host, port);
        } catch (IOException e) {
            throw new IOException(
                    "cannot serve HTTP on " + host + ":" + port + " (port in use? set http.port): " + e.getMessage(),
                    e);
        }
        s.createContext("/health", ex -> {
            List<String> failed = routes.health().failed();
            if (failed.isEmpty()) send(ex, 200, "text/plain", "ok\n");
            else send(ex, 503, "text/plain", "stream failed: " + String.join(", ", failed) + "\n");
        });
        s.createContext("/ready", ex -> {
            List<String> waiting = routes.health().waiting();
            if (waiting.isEmpty()) send(ex, 200, "text/plain", "ready\n");
            else send(ex, 503, "text/plain", "not ready: " + String.join(", ", waiting) + "\n");
        });
        security.protect(
                s.createContext(
                        "/metrics",
                        ex -> send(
                                ex,
                                200,
                                "text/plain; version=0.0.4; charset=utf-8",
                                routes.prometheus().scrape())),
                REALM);
        security.protect(
                s.createContext(
                        "/api/live",
                        ex -> send(
                                ex,
                                200,
                                "application/json",
                                JSON.writeValueAsString(routes.live().snapshot()))),
                REALM);
        security.protect(s.createContext("/api/", ex -> api(ex, routes.trends())), REALM);
        security.protect(s.createContext("/webjars/", HttpEndpoint::webjar), REALM);
        security.protect(
                s.createContext("/", ex -> {
                    if (!ex.getRequestURI().getPath().equals("/")) {
                        send(ex, 404, "text/plain", "not found\n");
                        return;
                    }
                    try (InputStream in = HttpEndpoint.class.getResourceAsStream("/web/index.html")) {
                        send(
                                ex,
                                200,
                                "text/html; charset=utf-8",
                                new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }),
                REALM);
        java.util.concurrent.ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "emostream-http");
            t.setDaemon(true);
            return t;
        });
        s.setExecutor(executor);
        s.start();
        LOG.info(
                "{} on {}://{}:{}/ (dashboard, /api/trends, /health, /ready, /metrics){}",
                security.tls() ? "HTTPS" : "HTTP",
                security.tls() ? "https" : "http",
                host,
                s.getAddress().getPort(),
                security.authorization() != null ? ", basic auth but for /health and /ready" : "");
        return new HttpEndpoint(s, executor);
    }

    private static final String REALM = "emostream";

    /** The query API: JSON (or CSV for trends), errors as {@link ApiException}s mapped to their status here only. */
    private static void api(HttpExchange ex, TrendApi trends) throws IOException {
        String path = ex.getRequestURI().getPath();
        try {
            ApiPath api = ApiPath.of(path)
                    .orElseThrow(() -> ApiException.notFound("no such API: " + path + "; see " + ApiPath.list()));
            if (trends == null)
                throw ApiException.notFound("trends are off on this instance (trends.enabled=false or http.port=0)");
            if (!ex.getRequestMethod().equals("GET")) throw new ApiException(405, "only GET", null);
            ApiParameters p = new ApiParameters(ex.getRequestURI().getRawQuery(), api.parameters);
            long now = System.currentTimeMillis();
            Object body = switch (api) {
                case TRENDS -> trends(trends, p, now);
                case ALERTS ->
                    trends.alerts(p.time("since", now - 86_400_000L, now), p.get("topic", null), p.flag("local"));
                case SOURCES -> trends.sources(p.flag("local"));
                case TOPICS -> trends.topics(p.flag("local"));
            };
            if (api == ApiPath.TRENDS && p.get("format", "json").equals("csv"))
                send(ex, 200, "text/csv; charset=utf-8", TrendCsv.of(JSON.convertValue(body, Map.class)));
            else send(ex, 200, "application/json", JSON.writeValueAsString(body));
        } catch (ApiException e) {
            send(ex, e.status(), "application/json", error(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("{} failed: {}", ex.getRequestURI(), e.toString(), e);
            send(ex, 500, "application/json", error("internal error; the service's log has the cause"));
        }
    }

    private static Object trends(TrendApi trends, ApiParameters p, long now) {
        String window = p.get("window", "short");
        if (!window.equals("short") && !window.equals("long"))
            throw ApiException.badRequest("window must be short or long, was '" + window + "'");
        String format = p.get("format", "json");
        if (!format.equals("json") && !format.equals("csv"))
            throw ApiException.badRequest("format must be json or csv, was '" + format + "'");
        String topic = p.get("topic", null);
        boolean longWindow = window.equals("long");
        long to = p.time("to", now, now);
        long from = p.time("from", to - (longWindow ? 7 * 86_400_000L : 3_600_000L), now);
        if (from > to) throw ApiException.badRequest("from (" + from + ") is after to (" + to + ")");
        EmotionGroups group;
        try {
            group = EmotionGroups.of(p.get("group", "ekman"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        return trends.trends(p.get("source", "*"), topic, group, longWindow, from, to, p.flag("local"));
    }

    private static String error(String message) throws IOException {
        return JSON.writeValueAsString(java.util.Map.of("error", message));
    }

    /** Static files of the WebJars on the classpath (the dashboard's chart library), never outside them. */
    private static void webjar(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (path.contains("..") || !path.matches("/webjars/[A-Za-z0-9._/-]+")) {
            send(ex, 404, "text/plain", "not found\n");
            return;
        }
        try (InputStream in = HttpEndpoint.class.getResourceAsStream("/META-INF/resources" + path)) {
            if (in == null) {
                send(ex, 404, "text/plain", "not found\n");
                return;
            }
            byte[] bytes = in.readAllBytes();
            String type = path.endsWith(".js")
                    ? "text/javascript; charset=utf-8"
                    : path.endsWith(".css") ? "text/css; charset=utf-8" : "application/octet-stream";
            ex.getResponseHeaders().set("Content-Type", type);
            ex.getResponseHeaders().set("Cache-Control", "max-age=86400");
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
