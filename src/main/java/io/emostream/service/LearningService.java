package io.emostream.service;

import io.emostream.config.EmostreamConfig;
import io.emostream.learning.LearningTopology;
import io.emostream.learning.ServingModel;
import io.emostream.model.EmotionModel;
import io.emostream.model.ModelHolder;
import io.emostream.streams.StreamsProperties;
import io.emostream.text.TextCleaner;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The learning side topology in its own Kafka Streams instance (its own application id). */
public final class LearningService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LearningService.class);
    private final KafkaStreams streams;

    public LearningService(EmostreamConfig config, ModelHolder models) {
        var topology = LearningTopology.build(config, serving(models));
        streams = new KafkaStreams(topology, StreamsProperties.of(config, config.get("learner.application.id")));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Learning thread failed, replacing it: {}", e.toString(), e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    /** The learning side's view of the serving model: whatever the holder serves now, its cleaner made once per model. */
    static ServingModel serving(ModelHolder models) {
        return new ServingModel() {
            private EmotionModel cleanerOf;
            private TextCleaner cleaner;

            @Override
            public Set<String> labels() {
                return Set.copyOf(models.current().labels());
            }

            @Override
            public synchronized TextCleaner cleaner() {
                EmotionModel m = models.current();
                if (m != cleanerOf) {
                    cleaner = new TextCleaner(m.bundle().config().cleaning());
                    cleanerOf = m;
                }
                return cleaner;
            }

            @Override
            public String version() {
                return models.current().version();
            }
        };
    }

    public LearningService start() {
        streams.start();
        return this;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(8));
    }
}
