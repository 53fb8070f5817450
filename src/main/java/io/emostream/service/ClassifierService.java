package io.emostream.service;

import io.emostream.config.EmostreamConfig;
import io.emostream.model.ModelHolder;
import io.emostream.streams.ClassifierMetrics;
import io.emostream.streams.ClassifierTopology;
import io.emostream.streams.StreamsProperties;
import io.emostream.streams.ThreadScorers;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running classifier: the topology from {@link ClassifierTopology} in a {@link KafkaStreams} instance, its
 * meters bound to the registry. A stream thread that dies of a transient error is replaced; a fatal error (the JVM's
 * own, a broken topology, missing topics, refused credentials) or a thread dying again and again shuts the client
 * down, and {@link #isAlive()} turns false so that liveness probes and {@code run} see it.
 */
public final class ClassifierService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClassifierService.class);

    private final ModelHolder models;
    private final ClassifierMetrics metrics;
    private final KafkaStreams streams;
    private final Topology topology;
    private final ThreadScorers scorers;
    private KafkaStreamsMetrics streamsMetrics;
    private volatile boolean closing;
    private Gauge modelInfo;
    /** When recent stream threads died: more than {@link #MAX_REPLACEMENTS} within a minute is a crash loop, not a blip. */
    private final java.util.Deque<Long> deaths = new java.util.ArrayDeque<>();

    public static final int MAX_REPLACEMENTS = 5;

    public ClassifierService(EmostreamConfig config, ModelHolder models, MeterRegistry registry) {
        this.models = models;
        this.metrics = new ClassifierMetrics(registry);
        this.scorers = new ThreadScorers(models);
        this.topology = ClassifierTopology.build(config, scorers, metrics);
        this.streams = new KafkaStreams(topology, StreamsProperties.of(config, config.get("application.id")));
        streams.setUncaughtExceptionHandler(this::onStreamThreadDeath);
        streams.setStateListener((now, before) -> LOG.info("Classifier {} -> {}", before, now));
        modelInfo = modelInfo(registry, models.current().version());
        models.onSwap(m -> {
            synchronized (this) {
                registry.remove(modelInfo);
                modelInfo = modelInfo(registry, m.version());
            }
        });
    }

    public StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onStreamThreadDeath(Throwable e) {
        long now = System.nanoTime();
        boolean loop;
        synchronized (deaths) {
            deaths.addLast(now);
            while (!deaths.isEmpty() && now - deaths.peekFirst() > 60_000_000_000L) deaths.removeFirst();
            loop = deaths.size() > MAX_REPLACEMENTS;
        }
        if (isFatal(e) || loop) {
            LOG.error(
                    "Stream thread failed{}; shutting the classifier down: {}",
                    loop ? " " + deaths.size() + " times within a minute" : " fatally",
                    e.toString(),
                    e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.error("Stream thread failed, replacing it: {}", e.toString(), e);
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** {@code emostream_model_info{version}} = 1 for the serving model only: the old series goes when a swap happens. */
    private static Gauge modelInfo(MeterRegistry registry, String version) {
        return Gauge.builder("emostream.model.info", () -> 1)
                .tag("version", version)
                .description("model version serving (label)")
                .strongReference(true)
                .register(registry);
    }

    /** Errors that a new stream thread would meet again at once. */
    static boolean isFatal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Error
                    || t instanceof org.apache.kafka.streams.errors.TopologyException
                    || t instanceof org.apache.kafka.streams.errors.MissingSourceTopicException
                    || t instanceof org.apache.kafka.common.errors.AuthenticationException
                    || t instanceof org.apache.kafka.common.errors.AuthorizationException) return true;
        }
        return false;
    }

    /**
     * Liveness: false once the client is in ERROR or PENDING_ERROR, or NOT_RUNNING without having been asked to
     * close, which is when an orchestrator should restart the process.
     */
    public boolean isAlive() {
        KafkaStreams.State s = streams.state();
        return switch (s) {
            case ERROR, PENDING_ERROR -> false;
            case NOT_RUNNING, PENDING_SHUTDOWN -> closing;
            default -> true;
        };
    }

    public ClassifierService start() {
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(metrics.registry());
        streams.start();
        return this;
    }

    public ClassifierMetrics metrics() {
        return metrics;
    }

    public ModelHolder models() {
        return models;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /** Waits until RUNNING; false on timeout or if the instance failed. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            KafkaStreams.State s = streams.state();
            if (s == KafkaStreams.State.RUNNING) return true;
            if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.NOT_RUNNING) return false;
            Thread.sleep(50);
        }
        return false;
    }

    public Topology topology() {
        return topology;
    }

    @Override
    public void close() {
        closing = true;
        // leave the group (also with static membership): the partitions move to the other instances at once instead of
        // waiting out this member's session timeout, so a rolling restart or a scale-in pauses them for seconds
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(8)));
        scorers.close(); // after the stream threads: no batch is handed to a lane any more
        if (streamsMetrics != null) streamsMetrics.close();
    }
}
