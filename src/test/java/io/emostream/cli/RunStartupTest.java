package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * `emostream run` as a Kubernetes pod starts it: with the service-link variables Kubernetes injects for Services named
 * emostream-*, and a broker that is not there (yet). It must wait for the broker, then fail on the broker, never on
 * the environment.
 */
class RunStartupTest {

    private static Process run(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = ChildJvm.command("run");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        return pb.start();
    }

    @Test
    void serviceLinkVariablesDoNotStopStartUpAndAnAbsentBrokerIsWaitedForThenNamed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: no broker there
        }
        Map<String, String> links = Map.of(
                "EMOSTREAM_METRICS_PORT", "tcp://10.96.12.7:8080",
                "EMOSTREAM_METRICS_PORT_8080_TCP", "tcp://10.96.12.7:8080",
                "EMOSTREAM_METRICS_PORT_8080_TCP_ADDR", "10.96.12.7",
                "EMOSTREAM_METRICS_SERVICE_HOST", "10.96.12.7",
                "EMOSTREAM_CLASSIFIER_SERVICE_PORT_HTTP", "8080");
        Process p = run(
                links,
                "--set",
                "bootstrap.servers=127.0.0.1:" + port,
                "--set",
                "startup.wait.max.ms=6000",
                "--set",
                "http.port=0");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out)
                .doesNotContain("matches no config key")
                .contains("waiting for Kafka at 127.0.0.1:" + port)
                .contains("Kafka at 127.0.0.1:" + port + " is unreachable")
                .contains("startup.wait.max.ms");
        assertThat(p.exitValue()).as(out).isEqualTo(Main.RUNTIME_FAILURE);
    }

    @Test
    void aTypoInARealKeyIsStillRefusedByName() throws Exception {
        Process p = run(Map.of("EMOSTREAM_BATCH_SIZ", "1", "EMOSTREAM_METRICS_PORT", "tcp://10.96.12.7:8080"));
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).contains("EMOSTREAM_BATCH_SIZ matches no config key").doesNotContain("EMOSTREAM_METRICS_PORT");
        assertThat(p.exitValue()).isEqualTo(Main.USAGE_ERROR);
    }

    @Test
    void brokerAndRegistryAddressesOfTheWrongShapeGetOneLineEach() throws Exception {
        Process p = run(Map.of(), "--set", "schema.registry.url=registry:8081");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).contains("schema.registry.url must be http:// or https:// URLs");
        assertThat(p.exitValue()).isEqualTo(Main.USAGE_ERROR);
        p = run(Map.of(), "--set", "bootstrap.servers=");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).contains("bootstrap.servers must be host:port").doesNotContain("KafkaAdminClient");
        assertThat(p.exitValue()).isEqualTo(Main.USAGE_ERROR);
    }
}
