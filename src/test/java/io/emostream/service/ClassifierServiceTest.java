package io.emostream.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.config.EmostreamConfig;
import io.emostream.model.EmotionModel;
import io.emostream.model.ModelHolder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ClassifierServiceTest {

    @Test
    void aTransientDeathReplacesTheThreadAFatalOneOrACrashLoopShutsTheClientDown() {
        EmostreamConfig config = EmostreamConfig.defaults().with(Map.of("schema.registry.url", "mock://service-test"));
        try (ModelHolder models = new ModelHolder(EmotionModel.load(Path.of("models/fast"), "cpu"));
                ClassifierService service = new ClassifierService(config, models, new SimpleMeterRegistry())) {
            assertThat(service.onStreamThreadDeath(
                            new StreamsException(new SaslAuthenticationException("bad password"))))
                    .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
            assertThat(service.onStreamThreadDeath(new OutOfMemoryError("test")))
                    .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        }
        try (ModelHolder models = new ModelHolder(EmotionModel.load(Path.of("models/fast"), "cpu"));
                ClassifierService service = new ClassifierService(config, models, new SimpleMeterRegistry())) {
            for (int i = 0; i < ClassifierService.MAX_REPLACEMENTS; i++) {
                assertThat(service.onStreamThreadDeath(new IllegalStateException("a blip")))
                        .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            }
            assertThat(service.onStreamThreadDeath(new IllegalStateException("again")))
                    .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
            assertThat(service.isAlive()).isTrue(); // not started: nothing has failed yet
        }
    }
}
