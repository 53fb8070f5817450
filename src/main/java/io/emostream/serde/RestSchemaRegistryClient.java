package io.emostream.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;

/**
 * Talks to a Confluent-compatible Schema Registry over its REST API: {@code POST /subjects/{s}/versions} (register),
 * {@code POST /subjects/{s}} (look up), {@code GET /schemas/ids/{id}}. Results are cached, so the registry is called
 * once per schema. Supports basic auth ({@code basic.auth.user.info}) and TLS ({@code schema.registry.ssl.*}).
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http;
    private final String authorization;
    private final Map<String, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    public RestSchemaRegistryClient(String url, Map<String, ?> config) {
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (baseUrl.startsWith("https:")) builder.sslContext(sslContext(config));
        this.http = builder.build();
        Object userInfo = config.get("basic.auth.user.info");
        Object source = config.get("basic.auth.credentials.source");
        if (userInfo != null && (source == null || "USER_INFO".equals(source.toString()))) {
            authorization = "Basic "
                    + Base64.getEncoder().encodeToString(userInfo.toString().getBytes(StandardCharsets.UTF_8));
        } else if ("URL".equals(String.valueOf(source)) && URI.create(baseUrl).getUserInfo() != null) {
            authorization = "Basic "
                    + Base64.getEncoder()
                            .encodeToString(URI.create(baseUrl).getUserInfo().getBytes(StandardCharsets.UTF_8));
        } else {
            authorization = null;
        }
    }

    @Override
    public int register(String subject, Schema schema) {
        return idsBySubjectSchema.computeIfAbsent("R|" + subject + "|" + schema, k -> {
            JsonNode n = call("POST", "/subjects/" + encode(subject) + "/versions", body(schema), subject);
            return n.get("id").asInt();
        });
    }

    @Override
    public int lookup(String subject, Schema schema) {
        return idsBySubjectSchema.computeIfAbsent("L|" + subject + "|" + schema, k -> {
            JsonNode n = call("POST", "/subjects/" + encode(subject), body(schema), subject);
            return n.get("id").asInt();
        });
    }

    @Override
    public Schema byId(int id) {
        return schemasById.computeIfAbsent(id, k -> {
            JsonNode n = call("GET", "/schemas/ids/" + id, null, "schema id " + id);
            return new Schema.Parser().parse(n.get("schema").asText());
        });
    }

    /**
     * {@code GET /subjects} with this client's TLS settings and credentials, for a start-up check: the HTTP status.
     *
     * @throws IOException when the registry cannot be reached (or the TLS handshake fails)
     */
    public int probe() throws IOException, InterruptedException {
        HttpRequest.Builder req =
                HttpRequest.newBuilder(URI.create(baseUrl + "/subjects")).timeout(Duration.ofSeconds(10));
        if (authorization != null) req.header("Authorization", authorization);
        return http.send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String body(Schema schema) {
        try {
            return JSON.writeValueAsString(Map.of("schema", schema.toString()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode call(String method, String path, String body, String what) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", CONTENT_TYPE + ", application/json");
        if (authorization != null) req.header("Authorization", authorization);
        if (body != null)
            req.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofString(body));
        else req.method(method, HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> resp;
        try {
            resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw SchemaRegistryException.transientFault(
                    -1, "schema registry " + baseUrl + " is unreachable (" + what + "): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted calling schema registry " + baseUrl, e);
        }
        JsonNode n;
        try {
            n = JSON.readTree(resp.body());
        } catch (IOException e) {
            String m = "schema registry " + baseUrl + " answered " + method + " " + path + " with HTTP "
                    + resp.statusCode() + " and no JSON";
            if (resp.statusCode() / 100 == 5) throw SchemaRegistryException.transientFault(resp.statusCode(), m, e);
            throw new SchemaRegistryException(m, e);
        }
        if (resp.statusCode() / 100 == 5) {
            throw SchemaRegistryException.transientFault(
                    n.path("error_code").asInt(resp.statusCode()),
                    "schema registry " + baseUrl + " (" + what + ") failed: "
                            + n.path("message").asText("HTTP " + resp.statusCode()),
                    null);
        }
        if (resp.statusCode() / 100 != 2) {
            int code = n.path("error_code").asInt(resp.statusCode());
            throw new SchemaRegistryException(
                    code,
                    "schema registry " + baseUrl + " (" + what + "): "
                            + n.path("message").asText("HTTP " + resp.statusCode()) + " (error " + code + ")");
        }
        return n;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static SSLContext sslContext(Map<String, ?> config) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            TrustManagerFactory tmf = null;
            Object trustLocation = config.get("schema.registry.ssl.truststore.location");
            if (trustLocation != null) {
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(keyStore(
                        trustLocation.toString(),
                        config.get("schema.registry.ssl.truststore.password"),
                        config.get("schema.registry.ssl.truststore.type")));
            }
            KeyManagerFactory kmf = null;
            Object keyLocation = config.get("schema.registry.ssl.keystore.location");
            if (keyLocation != null) {
                Object pw = config.get("schema.registry.ssl.keystore.password");
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                Object keyPw = config.get("schema.registry.ssl.key.password");
                kmf.init(
                        keyStore(keyLocation.toString(), pw, config.get("schema.registry.ssl.keystore.type")),
                        (keyPw != null ? keyPw : pw) == null
                                ? null
                                : String.valueOf(keyPw != null ? keyPw : pw).toCharArray());
            }
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalArgumentException("schema registry TLS settings are unusable: " + e.getMessage(), e);
        }
    }

    private static KeyStore keyStore(String location, Object password, Object type) throws Exception {
        KeyStore ks = KeyStore.getInstance(type == null ? KeyStore.getDefaultType() : type.toString());
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            ks.load(in, password == null ? null : password.toString().toCharArray());
        }
        return ks;
    }
}
