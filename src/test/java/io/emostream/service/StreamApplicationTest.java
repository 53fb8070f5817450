package io.emostream.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.config.EmostreamConfig;
import io.emostream.streams.StreamsProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamApplicationTest {
    @TempDir
    Path state;

    private EmostreamConfig config(String instanceId) {
        return EmostreamConfig.defaults()
                .with(Map.of(
                        "schema.registry.url",
                        "mock://stream-app-test",
                        "state.dir",
                        state.toString(),
                        "group.instance.id",
                        instanceId));
    }

    private static Topology topology() {
        StreamsBuilder b = new StreamsBuilder();
        b.stream("in").to("out");
        return b.build();
    }

    private static String instanceId(Properties p) {
        return p.getProperty("main.consumer.group.instance.id");
    }

    @Test
    void aTransientDeathReplacesTheThreadAFatalOneOrACrashLoopShutsTheClientDown() {
        EmostreamConfig c = config("");
        try (StreamApplication app =
                new StreamApplication("test", topology(), StreamsProperties.of(c, "policy-a"), c)) {
            assertThat(app.onStreamThreadDeath(new StreamsException(new SaslAuthenticationException("bad password"))))
                    .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
            assertThat(app.onStreamThreadDeath(new OutOfMemoryError("test")))
                    .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        }
        try (StreamApplication app =
                new StreamApplication("test", topology(), StreamsProperties.of(c, "policy-b"), c)) {
            for (int i = 0; i < StreamApplication.MAX_REPLACEMENTS; i++) {
                assertThat(app.onStreamThreadDeath(new IllegalStateException("a blip")))
                        .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            }
            assertThat(app.onStreamThreadDeath(new IllegalStateException("again")))
                    .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
            assertThat(app.isAlive()).isTrue(); // not started: nothing has failed yet
        }
    }

    @Test
    void withNoInstanceIdConfiguredAnInstanceKeepsOneIdAcrossRestartsAndNeverSharesIt() throws Exception {
        EmostreamConfig c = config("");
        Properties first = StreamsProperties.of(c, "ids");
        String id;
        try (StreamApplication app = new StreamApplication("test", topology(), first, c)) {
            id = instanceId(first);
            assertThat(id).matches("[0-9a-f-]{36}-ids");
            assertThat(Files.readString(state.resolve("emostream-instance-ids")).strip() + "-ids")
                    .isEqualTo(id);
            // a second live instance on the same state directory: never the same id
            Properties second = StreamsProperties.of(c, "ids");
            try (StreamApplication other = new StreamApplication("test", topology(), second, c)) {
                assertThat(instanceId(second)).isNull();
            }
        }
        Properties restarted = StreamsProperties.of(c, "ids");
        try (StreamApplication app = new StreamApplication("test", topology(), restarted, c)) {
            assertThat(instanceId(restarted)).isEqualTo(id);
        }
        // another application id on the same directory is another member
        Properties trends = StreamsProperties.of(c, "ids-trends");
        try (StreamApplication app = new StreamApplication("test", topology(), trends, c)) {
            assertThat(instanceId(trends)).endsWith("-ids-trends").doesNotStartWith(id.substring(0, 36));
        }
    }

    @Test
    void aConfiguredInstanceIdWinsAndDynamicTurnsStaticMembershipOff() {
        EmostreamConfig named = config("pod-0");
        Properties p = StreamsProperties.of(named, "ids");
        try (StreamApplication app = new StreamApplication("test", topology(), p, named)) {
            assertThat(instanceId(p)).isEqualTo("pod-0-ids");
        }
        EmostreamConfig dynamic = config("dynamic");
        Properties d = StreamsProperties.of(dynamic, "ids");
        try (StreamApplication app = new StreamApplication("test", topology(), d, dynamic)) {
            assertThat(instanceId(d)).isNull();
        }
        assertThat(state.resolve("emostream-instance-ids")).doesNotExist();
    }
}
