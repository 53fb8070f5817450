package io.emostream.service;

import io.emostream.config.EmostreamConfig;
import io.emostream.model.ModelHolder;
import io.emostream.streams.ClassifierMetrics;
import io.emostream.streams.ClassifierTopology;
import io.emostream.streams.StreamsProperties;
import io.emostream.streams.ThreadScorers;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/**
 * The running classifier: the topology from {@link ClassifierTopology} as a {@link StreamApplication}, its meters bound
 * to the registry.
 */
public final class ClassifierService implements AutoCloseable {
    private final ModelHolder models;
    private final ClassifierMetrics metrics;
    private final StreamApplication app;
    private final Topology topology;
    private final ThreadScorers scorers;
    private Gauge modelInfo;

    public ClassifierService(EmostreamConfig config, ModelHolder models, MeterRegistry registry) {
        this.models = models;
        this.metrics = new ClassifierMetrics(registry);
        this.scorers = new ThreadScorers(models);
        this.topology = ClassifierTopology.build(config, scorers, metrics);
        this.app = new StreamApplication(
                "classifier", topology, StreamsProperties.of(config, config.get("application.id")), config);
        modelInfo = modelInfo(registry, models.current().version());
        io.micrometer.core.instrument.Counter swaps = io.micrometer.core.instrument.Counter.builder(
                        "emostream.model.swaps")
                .description("models swapped in while running")
                .register(registry);
        models.onSwap(m -> {
            swaps.increment();
            synchronized (this) {
                registry.remove(modelInfo);
                modelInfo = modelInfo(registry, m.version());
            }
        });
    }

    /** {@code emostream_model_info{version}} = 1 for the serving model only: the old series goes when a swap happens. */
    private static Gauge modelInfo(MeterRegistry registry, String version) {
        return Gauge.builder("emostream.model.info", () -> 1)
                .tag("version", version)
                .description("model version serving (label)")
                .strongReference(true)
                .register(registry);
    }

    public ClassifierService start() {
        app.start(metrics.registry());
        return this;
    }

    public StreamApplication app() {
        return app;
    }

    public ClassifierMetrics metrics() {
        return metrics;
    }

    public ModelHolder models() {
        return models;
    }

    public KafkaStreams.State state() {
        return app.state();
    }

    public boolean isRunning() {
        return app.isRunning();
    }

    public boolean isAlive() {
        return app.isAlive();
    }

    /** Waits until RUNNING; false on timeout or if the instance failed. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return app.awaitRunning(timeout);
    }

    public Topology topology() {
        return topology;
    }

    @Override
    public void close() {
        app.close();
        scorers.close(); // after the stream threads: no batch is handed to a lane any more
    }
}
