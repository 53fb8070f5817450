package io.emostream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emostream.avro.CommentEvent;
import io.emostream.avro.LabelledComment;
import io.emostream.config.EmostreamConfig;
import io.emostream.embedded.EmbeddedKafka;
import io.emostream.httpserver.ServerSecurity;
import io.emostream.produce.CommentProducer;
import io.emostream.serde.AvroDeserializer;
import io.emostream.serde.InMemorySchemaRegistry;
import io.emostream.serde.SchemaRegistryServer;
import io.emostream.service.ClassifierRuntime;
import io.emostream.service.Preflight;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A production-like setup, configured only with the standard Kafka and Confluent keys: the broker's client listener is
 * SASL_SSL (PLAIN over TLS, a certificate made by this test), the schema registry is behind TLS and basic auth, and
 * the service's own endpoint serves HTTPS with basic auth. Comments go in and come out labelled, the probes answer
 * without credentials and nothing else does, and no secret shows in the log or in /metrics.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SecureDeploymentIntegrationTest {
    private static final String STORE_PASSWORD = "store-pw-6f1c";
    private static final String KAFKA_SECRET = "kafka-secret-91d2";
    private static final String REGISTRY_SECRET = "registry-secret-3a7e";
    private static final String HTTP_SECRET = "http-secret-c0b5";

    /** A self-signed certificate for 127.0.0.1 in a PKCS12 keystore, and a truststore holding it, made with the JDK's keytool. */
    private static void certificates(Path dir) throws Exception {
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(
                keytool,
                "-genkeypair",
                "-alias",
                "emostream",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-keystore",
                dir.resolve("server.p12").toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD,
                "-keypass",
                STORE_PASSWORD);
        run(
                keytool,
                "-exportcert",
                "-alias",
                "emostream",
                "-rfc",
                "-keystore",
                dir.resolve("server.p12").toString(),
                "-storepass",
                STORE_PASSWORD,
                "-file",
                dir.resolve("server.pem").toString());
        run(
                keytool,
                "-importcert",
                "-noprompt",
                "-alias",
                "emostream",
                "-file",
                dir.resolve("server.pem").toString(),
                "-keystore",
                dir.resolve("trust.p12").toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD);
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + "\n" + out).isZero();
    }

    @Test
    void labelsOverSaslSslWithATlsRegistryAndAProtectedEndpointAndKeepsEverySecretOutOfLogsAndMetrics()
            throws Exception {
        Path dir = Files.createTempDirectory("emostream-secure");
        certificates(dir);
        String keystore = dir.resolve("server.p12").toString(),
                truststore = dir.resolve("trust.p12").toString();
        Map<String, String> listener = Map.of(
                "listener.name.secure.sasl.enabled.mechanisms",
                "PLAIN",
                "listener.name.secure.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_emostream=\"" + KAFKA_SECRET
                        + "\";",
                "listener.name.secure.ssl.keystore.location",
                keystore,
                "listener.name.secure.ssl.keystore.password",
                STORE_PASSWORD,
                "listener.name.secure.ssl.keystore.type",
                "PKCS12",
                "listener.name.secure.ssl.key.password",
                STORE_PASSWORD);
        int httpPort = EmbeddedKafka.freePort();

        PrintStream err = System.err, out = System.out;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(
                        0,
                        dir.resolve("data"),
                        new EmbeddedKafka.SecureListener(EmbeddedKafka.freePort(), "SASL_SSL", listener));
                SchemaRegistryServer registry = SchemaRegistryServer.start(
                        0,
                        new InMemorySchemaRegistry(),
                        new ServerSecurity(
                                Path.of(keystore), STORE_PASSWORD, "PKCS12", "registry-user:" + REGISTRY_SECRET))) {
            assertThat(registry.url()).startsWith("https://");
            Map<String, String> settings = new HashMap<>();
            settings.putAll(Map.of(
                    "bootstrap.servers",
                    kafka.secureBootstrapServers(),
                    "schema.registry.url",
                    registry.url(),
                    "application.id",
                    "secure-it",
                    "state.dir",
                    dir.resolve("state").toString(),
                    "model.dir",
                    "models/fast",
                    "model.device",
                    "cpu",
                    "http.port",
                    Integer.toString(httpPort)));
            // the standard Kafka client keys (kafka.* passes them to every client) and Confluent's registry client keys
            settings.putAll(Map.of(
                    "kafka.security.protocol",
                    "SASL_SSL",
                    "kafka.sasl.mechanism",
                    "PLAIN",
                    "kafka.sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"emostream\" password=\""
                            + KAFKA_SECRET + "\";",
                    "kafka.ssl.truststore.location",
                    truststore,
                    "kafka.ssl.truststore.password",
                    STORE_PASSWORD,
                    "kafka.ssl.truststore.type",
                    "PKCS12"));
            settings.putAll(Map.of(
                    "basic.auth.credentials.source",
                    "USER_INFO",
                    "basic.auth.user.info",
                    "registry-user:" + REGISTRY_SECRET,
                    "schema.registry.ssl.truststore.location",
                    truststore,
                    "schema.registry.ssl.truststore.password",
                    STORE_PASSWORD,
                    "schema.registry.ssl.truststore.type",
                    "PKCS12"));
            settings.putAll(Map.of(
                    "http.auth.user.info",
                    "admin:" + HTTP_SECRET,
                    "http.ssl.keystore.location",
                    keystore,
                    "http.ssl.keystore.password",
                    STORE_PASSWORD));
            EmostreamConfig config = EmostreamConfig.defaults().with(settings);

            // from here on, everything printed is checked for secrets: the refused logins too
            PrintStream tee = new PrintStream(new Tee(log, err), true, StandardCharsets.UTF_8);
            System.setErr(tee);
            System.setOut(new PrintStream(new Tee(log, out), true, StandardCharsets.UTF_8));
            // wrong credentials are refused with one line that names the cause, not the secret
            assertThatThrownBy(() -> Preflight.check(
                            config.with(
                                    Map.of(
                                            "kafka.sasl.jaas.config",
                                            "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"emostream\" password=\"wrong-one\";")),
                            true))
                    .hasMessageContaining("refused the client")
                    .hasMessageNotContaining("wrong-one");
            assertThatThrownBy(() -> Preflight.check(
                            config.with(Map.of("basic.auth.user.info", "registry-user:wrong-one")), true))
                    .hasMessageContaining("refused the credentials (HTTP 401)")
                    .hasMessageNotContaining("wrong-one");

            Preflight.check(config, true);
            try (ClassifierRuntime runtime = ClassifierRuntime.start(config, Path.of("."), m -> {})) {
                assertThat(runtime.classifier().awaitRunning(Duration.ofSeconds(60)))
                        .isTrue();
                Set<String> sent = new HashSet<>();
                try (CommentProducer producer = new CommentProducer(config, config.get("topic.comments"), 0)) {
                    for (int i = 0; i < 20; i++) {
                        sent.add("s-" + i);
                        producer.send(CommentEvent.newBuilder()
                                .setId("s-" + i)
                                .setText("thank you, this is wonderful " + i)
                                .setSource("secure")
                                .setCreatedAt(Instant.now())
                                .build());
                    }
                }
                assertThat(labelled(config, sent.size())).containsExactlyInAnyOrderElementsOf(sent);

                HttpClient https = HttpClient.newBuilder()
                        .sslContext(new ServerSecurity(Path.of(truststore), STORE_PASSWORD, "PKCS12", null)
                                .sslContext(false))
                        .build();
                String base = "https://127.0.0.1:" + httpPort;
                assertThat(get(https, base + "/health", null).statusCode()).isEqualTo(200);
                // the trend part may still be rebalancing after the first output: readiness says so until it settles
                assertThat(awaitReady(https, base + "/ready")).isEqualTo(200);
                for (String path : List.of("/", "/metrics", "/api/live", "/api/sources")) {
                    assertThat(get(https, base + path, null).statusCode())
                            .as(path + " without credentials")
                            .isEqualTo(401);
                    assertThat(get(https, base + path, "admin:wrong").statusCode())
                            .as(path + " with a wrong password")
                            .isEqualTo(401);
                    assertThat(get(https, base + path, "admin:" + HTTP_SECRET).statusCode())
                            .as(path)
                            .isIn(200, 503);
                }
                String metrics =
                        get(https, base + "/metrics", "admin:" + HTTP_SECRET).body();
                assertThat(metrics).contains("emostream_records_out_total");
                for (String secret : List.of(STORE_PASSWORD, KAFKA_SECRET, REGISTRY_SECRET, HTTP_SECRET))
                    assertThat(metrics).doesNotContain(secret);
                // plain HTTP is not served
                assertThatThrownBy(
                                () -> get(HttpClient.newHttpClient(), "http://127.0.0.1:" + httpPort + "/health", null))
                        .isInstanceOf(java.io.IOException.class);
            }
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        assertThat(logged).contains("HTTPS on https://127.0.0.1:" + httpPort);
        for (String secret : List.of(STORE_PASSWORD, KAFKA_SECRET, REGISTRY_SECRET, HTTP_SECRET, "wrong-one")) {
            assertThat(logged).as("the log names no secret").doesNotContain(secret);
        }
    }

    private static int awaitReady(HttpClient https, String url) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        int status = get(https, url, null).statusCode();
        while (status != 200 && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
            status = get(https, url, null).statusCode();
        }
        return status;
    }

    private static List<String> labelled(EmostreamConfig config, int expected) {
        Map<String, Object> p = new HashMap<>(config.kafkaClientConfig());
        p.put("group.id", "secure-it-reader");
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        AvroDeserializer<LabelledComment> avro = new AvroDeserializer<>(LabelledComment.class);
        avro.configure(config.serdeConfig(), false);
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<String, LabelledComment> c = new KafkaConsumer<>(p, new StringDeserializer(), avro)) {
            c.subscribe(List.of(config.get("topic.labelled")));
            long deadline = System.currentTimeMillis() + 90_000;
            while (ids.size() < expected && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(r -> ids.add(r.value().getId()));
            }
        }
        return ids;
    }

    private static HttpResponse<String> get(HttpClient client, String url, String userInfo) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (userInfo != null)
            r.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
        return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Writes to the captured log and on to the console. */
    private static final class Tee extends OutputStream {
        private final OutputStream a, b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
