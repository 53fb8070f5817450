package io.emostream.service;

import io.emostream.config.EmostreamConfig;
import io.emostream.learning.LearningTopology;
import io.emostream.learning.ServingModel;
import io.emostream.model.EmotionModel;
import io.emostream.model.ModelHolder;
import io.emostream.streams.StreamsProperties;
import io.emostream.text.TextCleaner;
import java.util.Set;

/** The learning side topology in its own Kafka Streams instance (its own application id). */
public final class LearningService implements AutoCloseable {
    private final StreamApplication app;
    private final io.micrometer.core.instrument.MeterRegistry registry;

    public LearningService(
            EmostreamConfig config, ModelHolder models, io.micrometer.core.instrument.MeterRegistry registry) {
        var topology = LearningTopology.build(
                config,
                new io.emostream.serde.RecordReader("learning", registry, config.getLong("registry.wait.max.ms")),
                serving(models));
        this.registry = registry;
        app = new StreamApplication(
                "learning", topology, StreamsProperties.of(config, config.get("learner.application.id")), config);
    }

    public StreamApplication app() {
        return app;
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
        app.start(registry);
        return this;
    }

    @Override
    public void close() {
        app.close();
    }
}
