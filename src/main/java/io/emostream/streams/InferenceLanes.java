package io.emostream.streams;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inference threads ("lanes") of each stream thread. A stream thread hands its batches to its lanes and goes on
 * polling, buffering and producing while the model runs, so broker I/O and inference overlap. Lanes belong to one
 * stream thread, not to a task: the tasks of a thread share them instead of each starting forward passes on the
 * same cores. Each lane thread scores with its own predictor (DJL predictors are not thread-safe).
 */
final class InferenceLanes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InferenceLanes.class);

    /** One stream thread's lanes and how many of its batches are queued or being scored. */
    private record Lanes(ExecutorService pool, AtomicInteger busy) {}

    private final Map<Thread, Lanes> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean closed;

    /** Runs {@code task} on one of the calling stream thread's {@code laneCount} lanes (created on first use). */
    <T> Future<T> submit(int laneCount, Callable<T> task) {
        if (closed) throw new IllegalStateException("inference lanes are closed");
        Lanes mine = lanesOf(laneCount);
        pending.incrementAndGet();
        mine.busy().incrementAndGet();
        FutureTask<T> future = new FutureTask<>(task) {
            @Override
            protected void done() { // after the result is set: awaitIdle() never returns before isDone() is true
                mine.busy().decrementAndGet();
                if (pending.decrementAndGet() == 0)
                    synchronized (pending) {
                        pending.notifyAll();
                    }
            }
        };
        mine.pool().execute(future);
        return future;
    }

    /** Whether the calling stream thread's lanes have nothing queued or running. */
    boolean allIdle(int laneCount) {
        return lanesOf(laneCount).busy().get() == 0;
    }

    private Lanes lanesOf(int laneCount) {
        Lanes mine = lanes.get(Thread.currentThread());
        return mine != null
                ? mine
                : lanes.computeIfAbsent(Thread.currentThread(), t -> {
                    stopLanesOfEndedThreads();
                    AtomicInteger n = new AtomicInteger();
                    return new Lanes(
                            Executors.newFixedThreadPool(laneCount, r -> {
                                Thread lane = new Thread(r, t.getName() + "-inference-" + n.incrementAndGet());
                                lane.setDaemon(
                                        true); // a lane never keeps the JVM alive; close() is the orderly way out
                                return lane;
                            }),
                            new AtomicInteger());
                });
    }

    /** A stream thread that died was replaced by a new one (with lanes of its own): its lanes have nothing left to do. */
    private void stopLanesOfEndedThreads() {
        lanes.entrySet().removeIf(e -> {
            if (e.getKey().isAlive()) return false;
            e.getValue().pool().shutdown();
            LOG.info(
                    "Stopped the inference lanes of ended stream thread {}",
                    e.getKey().getName());
            return true;
        });
    }

    /** How many stream threads have lanes now. */
    int streamThreadsWithLanes() {
        return lanes.size();
    }

    /** Waits until every batch submitted so far has been scored. */
    void awaitIdle() {
        synchronized (pending) {
            while (pending.get() > 0) {
                try {
                    pending.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        List<Map.Entry<Thread, Lanes>> all = List.copyOf(lanes.entrySet());
        all.forEach(e -> e.getValue().pool().shutdown());
        for (Map.Entry<Thread, Lanes> e : all) {
            try {
                if (!e.getValue().pool().awaitTermination(30, TimeUnit.SECONDS))
                    LOG.warn(
                            "Inference lanes of {} did not stop within 30 s",
                            e.getKey().getName());
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        lanes.clear();
    }
}
