package io.emostream.service;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of a running process, stopped in the reverse of the order they started (kafka-streams-examples' Service
 * pattern): whatever a part uses started before it, so it is still open while the part stops. A part with a thread of
 * its own is asked to stop and joined before anything it uses is closed.
 */
public final class Lifecycle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);
    private static final Duration JOIN = Duration.ofSeconds(10);

    private record Part(String name, AutoCloseable stop) {}

    private final Deque<Part> parts = new ArrayDeque<>();
    private boolean closed;

    /** Registers a started part; it is closed before every part registered earlier. */
    public synchronized <T extends AutoCloseable> T add(String name, T part) {
        if (closed) throw new IllegalStateException("stopping: " + name + " not started");
        parts.push(new Part(name, part));
        return part;
    }

    /**
     * Runs {@code body} on a thread of its own. On close, {@code stop} asks it to end, then the thread is joined
     * (interrupted after 10 s if it has not ended).
     */
    public synchronized Thread thread(String name, Runnable body, Runnable stop) {
        Thread t = new Thread(body, name);
        t.start();
        add(name, () -> {
            stop.run();
            t.join(JOIN.toMillis());
            if (t.isAlive()) {
                LOG.warn("{} did not stop within {} s; interrupting it", name, JOIN.toSeconds());
                t.interrupt();
                t.join(JOIN.toMillis());
            }
        });
        return t;
    }

    /** Runs {@code body} on a thread of its own that an interrupt stops; on close it is interrupted and joined. */
    public synchronized Thread thread(String name, Runnable body) {
        Thread[] t = new Thread[1];
        t[0] = thread(name, body, () -> t[0].interrupt());
        return t[0];
    }

    /** Stops every part, newest first; one that fails to stop is logged and the rest still stop. */
    @Override
    public void close() {
        while (true) {
            Part p;
            synchronized (this) {
                closed = true;
                p = parts.poll();
            }
            if (p == null) return;
            try {
                p.stop().close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("While stopping {}: {}", p.name(), e.toString());
            }
        }
    }
}
