package io.emostream.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The service's HTTP face: {@code /health} (liveness), {@code /ready} (stream RUNNING and model loaded),
 * {@code /metrics} (Prometheus), {@code /api/live} (last minute as JSON) and {@code /}, a live page polling it.
 */
public final class HttpEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    private HttpEndpoint(HttpServer server) {
        this.server = server;
    }

    /**
     * @param ready {@code /ready}: 200 while the stream is RUNNING with a model loaded
     * @param alive {@code /health}: 503 once the stream has failed for good, so that a liveness probe restarts the process
     */
    public static HttpEndpoint start(String host, int port, PrometheusMeterRegistry prometheus, LiveStats live, BooleanSupplier ready,
                                     BooleanSupplier alive) throws IOException {
        HttpServer s;
        try {
            s = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new IOException("cannot serve HTTP on " + host + ":" + port + " (port in use? set http.port): " + e.getMessage(), e);
        }
        s.createContext("/health", ex -> {
            boolean a = alive.getAsBoolean();
            send(ex, a ? 200 : 503, "text/plain", a ? "ok\n" : "stream failed\n");
        });
        s.createContext("/ready", ex -> {
            boolean r = ready.getAsBoolean();
            send(ex, r ? 200 : 503, "text/plain", r ? "ready\n" : "not ready\n");
        });
        s.createContext("/metrics", ex -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", prometheus.scrape()));
        s.createContext("/api/live", ex -> send(ex, 200, "application/json", JSON.writeValueAsString(live.snapshot())));
        s.createContext("/", ex -> {
            if (!ex.getRequestURI().getPath().equals("/")) { send(ex, 404, "text/plain", "not found\n"); return; }
            try (InputStream in = HttpEndpoint.class.getResourceAsStream("/web/index.html")) {
                send(ex, 200, "text/html; charset=utf-8", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        });
        s.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "emostream-http");
            t.setDaemon(true);
            return t;
        }));
        s.start();
        LOG.info("HTTP on http://{}:{}/ (health, ready, metrics)", host, s.getAddress().getPort());
        return new HttpEndpoint(s);
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
