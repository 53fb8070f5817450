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
import java.util.Set;
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

    private HttpEndpoint(HttpServer server) {
        this.server = server;
    }

    /**
     * What the endpoint serves.
     *
     * @param health {@code /ready}: 200 while every stream is RUNNING; {@code /health}: 503 once one has failed for
     *               good, so that a liveness probe restarts the process; both name the parts that are not
     * @param trends the query API under {@code /api/trends}, {@code /api/alerts}, {@code /api/sources}; null: 404 there
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
        s.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "emostream-http");
            t.setDaemon(true);
            return t;
        }));
        s.start();
        LOG.info(
                "{} on {}://{}:{}/ (dashboard, /api/trends, /health, /ready, /metrics){}",
                security.tls() ? "HTTPS" : "HTTP",
                security.tls() ? "https" : "http",
                host,
                s.getAddress().getPort(),
                security.authorization() != null ? ", basic auth but for /health and /ready" : "");
        return new HttpEndpoint(s);
    }

    private static final String REALM = "emostream";
    private static final Set<String> TREND_PARAMETERS =
            new java.util.TreeSet<>(List.of("source", "group", "window", "from", "to", "local"));

    /** The query API: JSON, 400 with the reason for a bad parameter, 503 while the stores cannot answer. */
    private static void api(HttpExchange ex, TrendApi trends) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (trends == null
                || !List.of("/api/trends", "/api/alerts", "/api/sources").contains(path)) {
            send(
                    ex,
                    404,
                    "application/json",
                    error(
                            trends == null && path.matches("/api/(trends|alerts|sources)")
                                    ? "trends are off on this instance (trends.enabled=false or http.port=0)"
                                    : "no such API: " + path + "; see /api/trends, /api/alerts, /api/sources"));
            return;
        }
        if (!ex.getRequestMethod().equals("GET")) {
            send(ex, 405, "application/json", error("only GET"));
            return;
        }
        try {
            long now = System.currentTimeMillis();
            Object body = switch (path) {
                case "/api/trends" -> {
                    ApiParameters p = new ApiParameters(ex.getRequestURI().getRawQuery(), TREND_PARAMETERS);
                    String window = p.get("window", "short");
                    if (!window.equals("short") && !window.equals("long"))
                        throw new IllegalArgumentException("window must be short or long, was '" + window + "'");
                    boolean longWindow = window.equals("long");
                    long to = p.time("to", now, now);
                    long from = p.time("from", to - (longWindow ? 7 * 86_400_000L : 3_600_000L), now);
                    if (from > to) throw new IllegalArgumentException("from (" + from + ") is after to (" + to + ")");
                    yield trends.trends(
                            p.get("source", "*"),
                            EmotionGroups.of(p.get("group", "ekman")),
                            longWindow,
                            from,
                            to,
                            p.flag("local"));
                }
                case "/api/alerts" -> {
                    ApiParameters p = new ApiParameters(ex.getRequestURI().getRawQuery(), Set.of("since", "local"));
                    yield trends.alerts(p.time("since", now - 86_400_000L, now), p.flag("local"));
                }
                default ->
                    trends.sources(new ApiParameters(ex.getRequestURI().getRawQuery(), Set.of("local")).flag("local"));
            };
            send(ex, 200, "application/json", JSON.writeValueAsString(body));
        } catch (IllegalArgumentException e) {
            send(ex, 400, "application/json", error(e.getMessage()));
        } catch (TrendApi.Unavailable e) {
            send(ex, 503, "application/json", error(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("{} failed: {}", ex.getRequestURI(), e.toString());
            send(ex, 500, "application/json", error(e.toString()));
        }
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
    }
}
