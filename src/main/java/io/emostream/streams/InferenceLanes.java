package io.emostream.streams;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One inference thread ("lane") per stream thread. A stream thread hands its batches to its lane and goes on
 * polling, buffering and producing while the model runs, so broker I/O and inference overlap. One lane per stream
 * thread, not per task: the tasks of a thread queue behind each other instead of running several forward passes at
 * once on the same cores, and the lane's thread owns its predictor (DJL predictors are not thread-safe).
 */
final class InferenceLanes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InferenceLanes.class);

    private final Map<Thread, ExecutorService> lanes = new ConcurrentHashMap<>();
    private final Runnable onLaneExit;
    private volatile boolean closed;

    /** @param onLaneExit runs on each lane's thread as its last task (releases its predictor) */
    InferenceLanes(Runnable onLaneExit) {
        this.onLaneExit = onLaneExit;
    }

    /** Runs {@code task} on the calling stream thread's lane, after what that lane already has queued. */
    <T> Future<T> submit(Callable<T> task) {
        if (closed) throw new IllegalStateException("inference lanes are closed");
        Thread owner = Thread.currentThread();
        return lanes.computeIfAbsent(owner, t -> Executors.newSingleThreadExecutor(r -> {
            Thread lane = new Thread(r, t.getName() + "-inference");
            lane.setDaemon(true); // a lane never keeps the JVM alive; close() is the orderly way out
            return lane;
        })).submit(task);
    }

    /** Waits until every lane has finished what was submitted to it so far. */
    void awaitIdle() {
        for (ExecutorService lane : List.copyOf(lanes.values())) {
            try {
                lane.submit(() -> { }).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (ExecutorService lane : lanes.values()) {
            lane.submit(onLaneExit);
            lane.shutdown();
        }
        for (Map.Entry<Thread, ExecutorService> e : lanes.entrySet()) {
            try {
                if (!e.getValue().awaitTermination(30, TimeUnit.SECONDS)) LOG.warn("Inference lane of {} did not stop within 30 s", e.getKey().getName());
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        lanes.clear();
    }
}
