package io.emostream.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.emostream.httpserver.ServerSecurity;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * An in-process Schema Registry serving the Confluent REST subset the serdes of this and other clients use, on
 * 127.0.0.1: register, look up, fetch by id, list subjects and versions, read a version, read and set the global and
 * per-subject compatibility level, and test a schema's compatibility.
 * For the embedded demo and tests; production points {@code schema.registry.url} at a real registry.
 */
public final class SchemaRegistryServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final InMemorySchemaRegistry registry;
    private final HttpServer server;

    private final boolean tls;

    private SchemaRegistryServer(HttpServer server, InMemorySchemaRegistry registry, boolean tls) {
        this.server = server;
        this.registry = registry;
        this.tls = tls;
    }

    /** Starts on 127.0.0.1:{@code port} (0 = any free port). */
    public static SchemaRegistryServer start(int port) throws IOException {
        return start(port, new InMemorySchemaRegistry());
    }

    /** Starts serving {@code registry}'s schemas: a restart that keeps them, as a registry backed by its topic would. */
    public static SchemaRegistryServer start(int port, InMemorySchemaRegistry registry) throws IOException {
        return start(port, registry, ServerSecurity.NONE);
    }

    /** Behind TLS and basic auth, as a production registry is. */
    public static SchemaRegistryServer start(int port, InMemorySchemaRegistry registry, ServerSecurity security)
            throws IOException {
        HttpServer http = security.create("127.0.0.1", port);
        SchemaRegistryServer s = new SchemaRegistryServer(http, registry, security.tls());
        security.protect(http.createContext("/", s::handle), "schema-registry");
        http.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "schema-registry-http");
            t.setDaemon(true);
            return t;
        }));
        http.start();
        return s;
    }

    public String url() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    public InMemorySchemaRegistry registry() {
        return registry;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String[] p = ex.getRequestURI().getRawPath().replaceAll("/+$", "").split("/");
            String method = ex.getRequestMethod();
            try {
                Object result = route(method, p, ex);
                send(ex, 200, result);
            } catch (SchemaRegistryException e) {
                send(ex, e.httpStatus(), Map.of("error_code", e.errorCode(), "message", e.getMessage()));
            } catch (NotFound e) {
                send(ex, 404, Map.of("error_code", 404, "message", "HTTP 404 Not Found"));
            } catch (RuntimeException e) {
                send(ex, 500, Map.of("error_code", 50001, "message", String.valueOf(e.getMessage())));
            }
        }
    }

    private Object route(String method, String[] p, HttpExchange ex) throws IOException {
        // p[0] is "" (leading slash)
        if (p.length == 4 && p[1].equals("schemas") && p[2].equals("ids") && method.equals("GET")) {
            Schema s = registry.byId(parseInt(p[3], SchemaRegistryException.SCHEMA_NOT_FOUND));
            return Map.of("schema", s.toString());
        }
        if (p.length == 2 && p[1].equals("subjects") && method.equals("GET")) return registry.subjects();
        if (p.length == 2 && p[1].equals("config")) {
            if (method.equals("GET"))
                return Map.of(
                        "compatibilityLevel", registry.globalCompatibility().name());
            if (method.equals("PUT")) {
                CompatibilityLevel level = compatibilityBody(ex);
                registry.setGlobalCompatibility(level);
                return Map.of("compatibility", level.name());
            }
        }
        if (p.length == 3 && p[1].equals("config")) {
            String subject = URLDecoder.decode(p[2], StandardCharsets.UTF_8);
            if (method.equals("GET")) {
                // like Confluent: a subject without a level of its own is a 404 unless the caller asks for the global
                // one
                CompatibilityLevel level = registry.subjectCompatibility(subject)
                        .orElseGet(() -> {
                            if (queryFlag(ex, "defaultToGlobal")) return registry.globalCompatibility();
                            throw new SchemaRegistryException(
                                    SchemaRegistryException.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                                    "Subject '" + subject + "' does not have subject-level compatibility configured");
                        });
                return Map.of("compatibilityLevel", level.name());
            }
            if (method.equals("PUT")) {
                CompatibilityLevel level = compatibilityBody(ex);
                registry.setSubjectCompatibility(subject, level);
                return Map.of("compatibility", level.name());
            }
        }
        if (p.length >= 5
                && p[1].equals("compatibility")
                && p[2].equals("subjects")
                && p[4].equals("versions")
                && method.equals("POST")) {
            String subject = URLDecoder.decode(p[3], StandardCharsets.UTF_8);
            String problem = registry.compatibilityProblem(subject, parseBody(ex), p.length == 6 ? p[5] : "latest");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("is_compatible", problem == null);
            if (queryFlag(ex, "verbose")) m.put("messages", problem == null ? List.of() : List.of(problem));
            return m;
        }
        if (p.length >= 3 && p[1].equals("subjects")) {
            String subject = URLDecoder.decode(p[2], StandardCharsets.UTF_8);
            if (p.length == 3 && method.equals("POST")) {
                Schema schema = parseBody(ex);
                int id = registry.lookup(subject, schema);
                int version = registry.versions(subject).indexOf(id) + 1;
                return versionBody(subject, version, id, schema);
            }
            if (p.length == 4 && p[3].equals("versions") && method.equals("POST"))
                return Map.of("id", registry.register(subject, parseBody(ex)));
            if (p.length == 4 && p[3].equals("versions") && method.equals("GET")) {
                int n = registry.versions(subject).size();
                return java.util.stream.IntStream.rangeClosed(1, n).boxed().toList();
            }
            if (p.length == 5 && p[3].equals("versions") && method.equals("GET")) {
                List<Integer> ids = registry.versions(subject);
                int v = p[4].equals("latest") || p[4].equals("-1")
                        ? ids.size()
                        : parseInt(p[4], SchemaRegistryException.INVALID_VERSION);
                if (v < 1 || v > ids.size())
                    throw new SchemaRegistryException(
                            SchemaRegistryException.VERSION_NOT_FOUND, "Version " + p[4] + " not found.");
                int id = ids.get(v - 1);
                return versionBody(subject, v, id, registry.byId(id));
            }
        }
        throw new NotFound();
    }

    private static Map<String, Object> versionBody(String subject, int version, int id, Schema schema) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", subject);
        m.put("version", version);
        m.put("id", id);
        m.put("schema", schema.toString());
        return m;
    }

    private static int parseInt(String s, int errorCode) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new SchemaRegistryException(errorCode, "'" + s + "' is not a valid id or version");
        }
    }

    private static Schema parseBody(HttpExchange ex) throws IOException {
        JsonNode body;
        try {
            body = JSON.readTree(ex.getRequestBody());
        } catch (IOException e) {
            throw new SchemaRegistryException(SchemaRegistryException.INVALID_SCHEMA, "Request body is not JSON");
        }
        String type = body.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO"))
            throw new SchemaRegistryException(
                    SchemaRegistryException.INVALID_SCHEMA, "Only AVRO schemas are supported, got " + type);
        try {
            return new Schema.Parser().parse(body.path("schema").asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(
                    SchemaRegistryException.INVALID_SCHEMA, "Invalid schema: " + e.getMessage());
        }
    }

    private static CompatibilityLevel compatibilityBody(HttpExchange ex) {
        JsonNode body;
        try {
            body = JSON.readTree(ex.getRequestBody());
        } catch (IOException e) {
            throw new SchemaRegistryException(
                    SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL, "Request body is not JSON");
        }
        return CompatibilityLevel.parse(body.path("compatibility").asText(""));
    }

    private static boolean queryFlag(HttpExchange ex, String name) {
        String query = ex.getRequestURI().getQuery();
        return query != null && java.util.Arrays.asList(query.split("&")).contains(name + "=true");
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static final class NotFound extends RuntimeException {}

    @Override
    public void close() {
        server.stop(0);
    }
}
