package io.emostream.serde;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a topology of emostream reads a record's value. While the schema registry cannot answer, the record
 * waits ({@link RegistryWait}: backoff, one log line per outage, {@code emostream_dependency_waits_total}) and past
 * {@code registry.wait.max.ms} the task fails and is retried from its last commit. A record that is truly unreadable
 * (bad bytes, an unknown schema id, a tombstone) is handed back as {@link Unreadable}: the topology dead-letters it
 * where it has a dead-letter topic, or drops it through {@link #dropped}, which logs each cause once and counts every
 * drop ({@code emostream_records_dropped_total{topology,reason}}). Nothing is dropped silently.
 */
public final class RecordReader {
    private static final Logger LOG = LoggerFactory.getLogger(RecordReader.class);

    private final String topology;
    private final MeterRegistry registry;
    private final RegistryWait.Listener outage;
    private final long registryWaitMaxMs;
    private final Set<String> told = ConcurrentHashMap.newKeySet();

    /**
     * @param topology          "classifier", "trends", "learning": the tag of the drop counter and the log lines
     * @param registryWaitMaxMs registry.wait.max.ms
     */
    public RecordReader(String topology, MeterRegistry registry, long registryWaitMaxMs) {
        this.topology = topology;
        this.registry = registry;
        this.registryWaitMaxMs = registryWaitMaxMs;
        Counter waits = Counter.builder("emostream.dependency.waits")
                .tag("dependency", "schema-registry")
                .description(
                        "retries of a record whose schema the registry could not give (unreachable, timeout, 5xx); the record waits, it is not dead-lettered")
                .register(registry);
        this.outage = new RegistryOutage(topology + " input", waits::increment);
    }

    /** A record that no retry would make readable. */
    public static final class Unreadable extends Exception {
        public Unreadable(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /**
     * @return the value, never null
     * @throws Unreadable                                         for a record that cannot be read
     * @throws org.apache.kafka.streams.errors.StreamsException when the registry stayed away past the wait
     */
    public <T> T read(Deserializer<T> deserializer, String topic, byte[] value) throws Unreadable {
        if (value == null) throw new Unreadable("null value (tombstone)", null);
        T read;
        try {
            read = RegistryWait.deserialize(deserializer, topic, value, outage, registryWaitMaxMs);
        } catch (org.apache.kafka.streams.errors.StreamsException e) {
            throw e; // the registry stayed away: the record is not bad, its task is retried from its last commit
        } catch (RuntimeException e) {
            throw new Unreadable(String.valueOf(e.getMessage()), e);
        }
        if (read == null) throw new Unreadable("empty value", null);
        return read;
    }

    /**
     * A record this topology deliberately leaves out: counted, and logged the first time for each reason.
     *
     * @param reason a short stable word for the counter's tag ("unreadable", "no-comment-yet")
     * @param detail what the log line adds (which record, why)
     */
    public void dropped(String reason, String detail) {
        Counter.builder("emostream.records.dropped")
                .tag("topology", topology)
                .tag("reason", reason)
                .description("records a topology left out on purpose, by reason")
                .register(registry)
                .increment();
        if (told.add(reason))
            LOG.warn(
                    "{}: dropped a record ({}): {}; further drops for this reason are only counted "
                            + "(emostream_records_dropped_total, topology={}, reason={})",
                    topology,
                    reason,
                    detail,
                    topology,
                    reason);
    }

    /** For the classifier's own outage listener. */
    public RegistryWait.Listener registryListener() {
        return outage;
    }
}
