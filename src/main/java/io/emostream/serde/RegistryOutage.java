package io.emostream.serde;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts each wait for the registry and logs an outage once when it begins and once when it ends. */
public final class RegistryOutage implements RegistryWait.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryOutage.class);
    private final String waiting;
    private final Runnable count;
    private final AtomicLong since = new AtomicLong();

    /** @param waiting what waits, for the log line ("comments", "labelled comments for trends") */
    public RegistryOutage(String waiting, Runnable count) {
        this.waiting = waiting;
        this.count = count;
    }

    @Override
    public void waiting(String reason) {
        count.run();
        if (since.compareAndSet(0, System.currentTimeMillis())) {
            LOG.warn(
                    "Schema registry unavailable ({}): {} wait for it and are retried; none is dead-lettered or skipped for it",
                    reason,
                    waiting);
        }
    }

    @Override
    public void answered() {
        long s = since.getAndSet(0);
        if (s != 0) LOG.info("Schema registry answers again after {} ms", System.currentTimeMillis() - s);
    }
}
