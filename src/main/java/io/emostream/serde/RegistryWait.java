package io.emostream.serde;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.errors.StreamsException;

/**
 * Deserializes in a stream thread, and while the registry cannot answer (unreachable, timing out, 5xx) waits and asks
 * again with bounded exponential backoff: such a record is good, and dead-lettering or skipping it would drop it for an
 * outage. Past {@code maxMs} (registry.wait.max.ms) the stream thread fails instead, so that the task is retried from its last commit
 * (nothing skipped, nothing doubled) by a replacement thread, and the poll loop is never held longer than the
 * consumer's poll interval allows. An answer that the record is bad (bad bytes, unknown id) is thrown at once.
 */
public final class RegistryWait {

    /** Told of each failed attempt and of the first answer after one, for a metric and one log line per outage. */
    public interface Listener {
        void waiting(String reason);

        void answered();
    }

    private RegistryWait() {}

    public static <T> T deserialize(
            Deserializer<T> deserializer, String topic, byte[] value, Listener listener, long maxMs) {
        long started = System.currentTimeMillis();
        long backoff = 100;
        while (true) {
            try {
                T e = deserializer.deserialize(topic, value);
                listener.answered();
                return e;
            } catch (RuntimeException e) {
                if (!SchemaRegistryException.isTransient(e)) throw e;
                listener.waiting(e.getMessage());
                if (System.currentTimeMillis() - started > maxMs) {
                    throw new StreamsException(
                            "schema registry unavailable for " + maxMs
                                    + " ms; the task will be retried from its last commit: " + e.getMessage(),
                            e);
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new StreamsException("interrupted while waiting for the schema registry", ie);
                }
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }
}
