package io.emostream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmostreamConfigTest {
    @TempDir
    Path dir;

    /**
     * One precedence rule: built-in defaults < a command's own defaults (the demo's short windows) < the file < the
     * environment < --set; a command default that nobody overrides says where it came from.
     */
    @Test
    void aCommandsDefaultsGiveWayToEverythingTheUserSets() throws Exception {
        Path file = Files.writeString(dir.resolve("c.properties"), "trends.window.ms=30000\n");
        Map<String, String> demo = Map.of(
                "trends.window.ms", "10000",
                "trends.grace.ms", "2000",
                "retrain.epochs", "1",
                "pseudo.enabled", "true");
        EmostreamConfig c = EmostreamConfig.load(
                file, Map.of("EMOSTREAM_TRENDS_GRACE_MS", "4000"), Map.of("retrain.epochs", "3"), demo, "demo");
        assertThat(c.get("trends.window.ms")).isEqualTo("30000");
        assertThat(c.get("trends.grace.ms")).isEqualTo("4000");
        assertThat(c.get("retrain.epochs")).isEqualTo("3");
        assertThat(c.get("pseudo.enabled")).isEqualTo("true");
        assertThat(c.origin("pseudo.enabled")).isEqualTo("demo default");
        assertThat(c.origin("retrain.epochs")).isEqualTo("--set");
        assertThat(EmostreamConfig.load(null, Map.of(), Map.of(), demo, "demo").get("trends.window.ms"))
                .isEqualTo("10000");
    }

    @Test
    void fileThenEnvironmentThenSetWin() throws Exception {
        Path file = dir.resolve("my.properties");
        Files.writeString(file, "batch.size=10\nbatch.max.delay.ms=20\ntopic.comments=in\n");
        EmostreamConfig c = EmostreamConfig.load(
                file,
                Map.of("EMOSTREAM_BATCH_SIZE", "11", "EMOSTREAM_BATCH_MAX_DELAY_MS", "21"),
                Map.of("batch.size", "12"));
        assertThat(c.getInt("batch.size")).isEqualTo(12);
        assertThat(c.getLong("batch.max.delay.ms")).isEqualTo(21);
        assertThat(c.get("topic.comments")).isEqualTo("in");
        assertThat(c.get("topic.labelled")).isEqualTo("comments-labelled");
    }

    @Test
    void kafkaKeysPassThroughWithoutPrefix() {
        EmostreamConfig c = EmostreamConfig.load(
                null,
                Map.of("EMOSTREAM_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"),
                Map.of("kafka.sasl.mechanism", "PLAIN", "basic.auth.user.info", "u:p"));
        assertThat(c.kafkaClientConfig())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN");
        assertThat(c.serdeConfig())
                .containsEntry("basic.auth.user.info", "u:p")
                .containsEntry("specific.avro.reader", "true");
    }

    @Test
    void unknownAndIllTypedKeysFailNamingKeyAndOrigin() throws Exception {
        assertThatThrownBy(() -> EmostreamConfig.load(null, Map.of(), Map.of("batch.sise", "3")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown config key 'batch.sise'")
                .hasMessageContaining("--set");
        assertThatThrownBy(() -> EmostreamConfig.load(null, Map.of("EMOSTREAM_BATCH_SIZE", "lots"), Map.of()))
                .hasMessageContaining("batch.size must be an integer")
                .hasMessageContaining("EMOSTREAM_BATCH_SIZE");
        assertThatThrownBy(() -> EmostreamConfig.load(null, Map.of("EMOSTREAM_NOPE", "1"), Map.of()))
                .hasMessageContaining("EMOSTREAM_NOPE");
        assertThatThrownBy(() -> EmostreamConfig.load(null, Map.of(), Map.of("processing.guarantee", "exactly_once")))
                .hasMessageContaining("exactly_once_v2 or at_least_once");
        assertThatThrownBy(() -> EmostreamConfig.load(dir.resolve("missing.properties"), Map.of(), Map.of()))
                .hasMessageContaining("not found");
    }

    @Test
    void kubernetesServiceLinkVariablesArePassedOverAndTyposStillRefused() {
        // what a pod gets for Services named emostream-metrics, emostream-classifier, emostream-http and emostream
        Map<String, String> links = Map.of(
                "EMOSTREAM_METRICS_PORT", "tcp://10.96.12.7:8080",
                "EMOSTREAM_METRICS_PORT_8080_TCP", "tcp://10.96.12.7:8080",
                "EMOSTREAM_METRICS_PORT_8080_TCP_PROTO", "tcp",
                "EMOSTREAM_METRICS_PORT_8080_TCP_PORT", "8080",
                "EMOSTREAM_METRICS_PORT_8080_TCP_ADDR", "10.96.12.7",
                "EMOSTREAM_CLASSIFIER_SERVICE_HOST", "10.96.12.8",
                "EMOSTREAM_CLASSIFIER_SERVICE_PORT", "8080",
                "EMOSTREAM_CLASSIFIER_SERVICE_PORT_HTTP", "8080",
                "EMOSTREAM_HTTP_PORT", "tcp://10.96.12.9:8080",
                "EMOSTREAM_SERVICE_HOST", "10.96.12.10");
        Map<String, String> env = new java.util.HashMap<>(links);
        env.put("EMOSTREAM_BATCH_SIZE", "16");
        EmostreamConfig c = EmostreamConfig.load(null, env, Map.of());
        assertThat(c.getInt("batch.size")).isEqualTo(16);
        assertThat(c.get("http.port")).isEqualTo(EmostreamConfig.defaults().get("http.port"));
        env.put("EMOSTREAM_BATCH_SIZ", "1");
        assertThatThrownBy(() -> EmostreamConfig.load(null, env, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("EMOSTREAM_BATCH_SIZ matches no config key");
        // a real key keeps its meaning even where its name has a service link's shape
        assertThat(EmostreamConfig.load(null, Map.of("EMOSTREAM_HTTP_PORT", "9090"), Map.of())
                        .getInt("http.port"))
                .isEqualTo(9090);
    }

    @Test
    void registryCredentialsAndTrustCanComeFromTheEnvironmentAsKafkaSettingsDo() {
        EmostreamConfig c = EmostreamConfig.load(
                null,
                Map.of(
                        "EMOSTREAM_BASIC_AUTH_USER_INFO", "u:p",
                        "EMOSTREAM_SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION", "/etc/tls/trust.p12",
                        "EMOSTREAM_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"),
                Map.of());
        assertThat(c.serdeConfig())
                .containsEntry("basic.auth.user.info", "u:p")
                .containsEntry("schema.registry.ssl.truststore.location", "/etc/tls/trust.p12");
        assertThat(c.kafkaClientConfig()).containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    }

    @Test
    void kafkaPrefixedBootstrapServersAreTheBrokersEverythingReports() {
        EmostreamConfig c = EmostreamConfig.load(null, Map.of(), Map.of("kafka.bootstrap.servers", "broker-1:9093"));
        assertThat(c.get("bootstrap.servers")).isEqualTo("broker-1:9093");
        assertThat(c.kafkaClientConfig()).containsEntry("bootstrap.servers", "broker-1:9093");
    }

    @Test
    void everyKeyIsDocumentedInTheConfigurationTable() throws Exception {
        Properties defaults = new Properties();
        try (var in = EmostreamConfig.class.getResourceAsStream("/emostream.properties")) {
            defaults.load(in);
        }
        String table = Files.readString(Path.of("docs/configuration.md"));
        for (String key : defaults.stringPropertyNames())
            assertThat(table).as("docs/configuration.md row for " + key).contains("| `" + key + "` |");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {
                "batch.size=0 | config key batch.size must be positive, was 0 (from --set)",
                "http.port=-1 | config key http.port must be 0 or more, was -1 (from --set)",
                "pseudo.min.score=2 | config key pseudo.min.score must be between 0 and 1, was 2 (from --set)",
                "model.device=tpu | config key model.device must be auto, cpu or gpu, was 'tpu' (from --set)",
                "inference.lanes=zero | config key inference.lanes must be auto or a positive integer, was 'zero' (from --set)",
                "alerts.z=x | config key alerts.z must be a number, was 'x' (from --set)",
                "trends.enabled=maybe | config key trends.enabled must be true or false, was 'maybe' (from --set)",
                "http.ssl.keystore.type=PEM | config key http.ssl.keystore.type must be PKCS12 or JKS, was 'PEM' (from --set)"
            })
    void aBadValueIsRefusedNamingTheKeyTheRuleAndWhereItCameFrom(String setting, String message) {
        String[] kv = setting.split("=", 2);
        assertThatThrownBy(() -> EmostreamConfig.load(null, Map.of(), Map.of(kv[0], kv[1])))
                .hasMessage(message);
    }
}
