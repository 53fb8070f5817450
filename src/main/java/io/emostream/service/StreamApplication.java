package io.emostream.service;

import io.emostream.config.EmostreamConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every topology of emostream runs (classifier, trends, learning): one {@link KafkaStreams} instance with one
 * policy. A stream thread that dies of a transient error is replaced; a fatal error (the JVM's own, a broken topology,
 * missing topics, refused credentials) or more than {@link #MAX_REPLACEMENTS} deaths within a minute shut the client
 * down, and {@link #isAlive()} turns false so that liveness probes and {@code run} see it. Membership is static by
 * default ({@link InstanceId}), and a close leaves the group so that the partitions move at once.
 */
public final class StreamApplication implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamApplication.class);
    public static final int MAX_REPLACEMENTS = 5;

    private final String name;
    private final KafkaStreams streams;
    private final InstanceId instanceId;
    private final Deque<Long> deaths = new ArrayDeque<>();
    private KafkaStreamsMetrics metrics;
    private volatile boolean closing;

    /**
     * @param name       what logs, {@code /health} and {@code run} call this part: "classifier", "trends", "learning"
     * @param properties from {@link io.emostream.streams.StreamsProperties#of}
     */
    public StreamApplication(String name, Topology topology, Properties properties, EmostreamConfig config) {
        this.name = name;
        this.instanceId = InstanceId.assign(properties, config.get("group.instance.id"));
        this.streams = new KafkaStreams(topology, properties);
        streams.setUncaughtExceptionHandler(this::onStreamThreadDeath);
        streams.setStateListener((now, before) -> LOG.info("{} stream {} -> {}", name, before, now));
    }

    /** Starts the stream, its Kafka Streams meters bound to {@code registry} (tagged by application id). */
    public StreamApplication start(MeterRegistry registry) {
        metrics = new KafkaStreamsMetrics(streams);
        // 1 while the part processes (or rebalances), 0 once it has failed or stopped: what "a stream part down" means
        io.micrometer.core.instrument.Gauge.builder("emostream.stream.up", this, a -> a.isAlive() ? 1 : 0)
                .tag("part", name)
                .description("1 while this stream part (classifier, trends, learning) is alive, 0 once it is down")
                .register(registry);
        metrics.bindTo(registry);
        streams.start();
        return this;
    }

    public String name() {
        return name;
    }

    /** For interactive queries. */
    public KafkaStreams streams() {
        return streams;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /**
     * Liveness: false once the client is in ERROR or PENDING_ERROR, or NOT_RUNNING without having been asked to
     * close, which is when an orchestrator should restart the process.
     */
    public boolean isAlive() {
        return switch (streams.state()) {
            case ERROR, PENDING_ERROR -> false;
            case NOT_RUNNING, PENDING_SHUTDOWN -> closing;
            default -> true;
        };
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

    StreamThreadExceptionResponse onStreamThreadDeath(Throwable e) {
        long now = System.nanoTime();
        boolean loop;
        int recent;
        synchronized (deaths) {
            deaths.addLast(now);
            while (!deaths.isEmpty() && now - deaths.peekFirst() > 60_000_000_000L) deaths.removeFirst();
            recent = deaths.size();
            loop = recent > MAX_REPLACEMENTS;
        }
        if (isFatal(e) || loop) {
            LOG.error(
                    "{} stream thread failed{}; shutting the {} stream down: {}",
                    name,
                    loop ? " " + recent + " times within a minute" : " fatally",
                    name,
                    e.toString(),
                    e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.error("{} stream thread failed, replacing it: {}", name, e.toString(), e);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
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

    @Override
    public void close() {
        closing = true;
        // leave the group (also with static membership): the partitions move to the other instances at once instead of
        // waiting out this member's session timeout, so a rolling restart or a scale-in pauses them for seconds
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(8)));
        if (metrics != null) metrics.close();
        instanceId.close();
    }
}
