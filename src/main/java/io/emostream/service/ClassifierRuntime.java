package io.emostream.service;

import io.emostream.config.EmostreamConfig;
import io.emostream.http.HttpEndpoint;
import io.emostream.http.LiveStats;
import io.emostream.model.Devices;
import io.emostream.model.EmotionModel;
import io.emostream.model.ModelHolder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Everything `run` and `demo` start around the topology: the model, the classifier, the learning and trend topologies, metrics and the HTTP endpoint. */
public final class ClassifierRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClassifierRuntime.class);

    private final Lifecycle parts;
    private final ModelHolder models;
    private final ClassifierService classifier;
    private final HttpEndpoint http;
    private final StreamParts streams;

    private ClassifierRuntime(
            Lifecycle parts, ModelHolder models, ClassifierService classifier, HttpEndpoint http, StreamParts streams) {
        this.parts = parts;
        this.streams = streams;
        this.models = models;
        this.classifier = classifier;
        this.http = http;
    }

    public static Path modelDir(EmostreamConfig config, Path home) {
        Path p = Path.of(config.get("model.dir"));
        return p.isAbsolute() ? p : home.resolve(p);
    }

    public static ClassifierRuntime start(EmostreamConfig config, Path home) throws IOException {
        return start(config, home, msg -> LOG.info(msg));
    }

    /** @param console where model swaps and refusals are reported */
    public static ClassifierRuntime start(
            EmostreamConfig config, Path home, java.util.function.Consumer<String> console) throws IOException {
        Devices.useCpuThreads(config.inferenceThreads());
        EmotionModel model = EmotionModel.load(modelDir(config, home), config.get("model.device"));
        LOG.info(
                "Model {} on {}; batch.size={} batch.max.delay.ms={}, {} inference lanes per stream thread",
                model.version(),
                model.device(),
                config.get("batch.size"),
                config.get("batch.max.delay.ms"),
                config.getBoolean("inference.async") ? config.inferenceLanes() : 0);
        // started in this order, stopped in the reverse: nothing is closed while a later part still uses it
        Lifecycle parts = new Lifecycle();
        try {
            ModelHolder models = parts.add("models", new ModelHolder(model));
            PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            bindJvm(prometheus);
            ClassifierService classifier = parts.add("classifier", new ClassifierService(config, models, prometheus));
            LiveStats live = new LiveStats();
            live.attach(classifier.metrics());
            classifier.start();
            StreamParts streams = new StreamParts().add(classifier.app());
            TrendService trends = config.getBoolean("trends.enabled")
                    ? parts.add("trends", new TrendService(config, prometheus).start())
                    : null;
            if (trends != null) {
                streams.add(trends.app());
                io.emostream.delivery.AlertDelivery delivery =
                        io.emostream.delivery.AlertDelivery.start(config, prometheus);
                if (delivery != null) parts.add("alert-delivery", delivery);
            }
            HttpEndpoint http = null;
            int port = config.getInt("http.port");
            if (port > 0) {
                http = parts.add(
                        "http",
                        HttpEndpoint.start(
                                config.get("http.host"),
                                port,
                                new HttpEndpoint.Routes(prometheus, live, streams, trends),
                                config.httpSecurity()));
            }
            ModelVersionFollower follower = new ModelVersionFollower(config, models, home, console);
            parts.thread("emostream-model-follower", follower, follower::close);
            if (config.getBoolean("learner.enabled"))
                streams.add(parts.add("learning", new LearningService(config, models, prometheus).start())
                        .app());
            return new ClassifierRuntime(parts, models, classifier, http, streams);
        } catch (IOException | RuntimeException e) {
            parts.close();
            throw e;
        }
    }

    /** The JVM's memory, GC, threads, class loading and the process's CPU and uptime, with Micrometer's binders. */
    public static void bindJvm(io.micrometer.core.instrument.MeterRegistry registry) {
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
        // its listener lives as long as the process, as the registry does
        new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.UptimeMetrics().bindTo(registry);
    }

    public ClassifierService classifier() {
        return classifier;
    }

    /** Every stream application of this process (classifier, trends, learning), for liveness. */
    public StreamParts streams() {
        return streams;
    }

    public ModelHolder models() {
        return models;
    }

    public HttpEndpoint http() {
        return http;
    }

    @Override
    public void close() {
        parts.close();
    }
}
