package io.emostream.streams;

import io.emostream.model.ModelHolder;
import io.emostream.model.Scorer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link Scorer} (one DJL predictor) per scoring thread, shared by the tasks that thread scores for; renewed between
 * batches when the holder serves a new model. DJL predictors are not thread-safe, so none is ever shared across threads.
 * The scoring thread is the stream thread itself, or its inference lane when scoring is asynchronous. Close this
 * after the Kafka Streams instance: it stops the lanes and releases their predictors.
 */
public final class ThreadScorers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadScorers.class);
    private final ModelHolder holder;
    private final ThreadLocal<Scorer> scorers = new ThreadLocal<>();
    private final ScoreCall call;
    private final InferenceLanes lanes = new InferenceLanes();
    /** Every scorer handed out, so close() can release those of lane threads that have ended. */
    private final Set<Scorer> open = ConcurrentHashMap.newKeySet();

    /** How a batch is scored; tests wrap it to inject model failures. */
    @FunctionalInterface
    public interface ScoreCall {
        float[][] score(Scorer scorer, List<String> cleaned);
    }

    public ThreadScorers(ModelHolder holder) {
        this(holder, Scorer::score);
    }

    public ThreadScorers(ModelHolder holder, ScoreCall call) {
        this.holder = holder;
        this.call = call;
    }

    float[][] score(Scorer scorer, List<String> cleaned) {
        return call.score(scorer, cleaned);
    }

    public Scorer forCurrentThread() {
        Scorer s = scorers.get();
        if (s == null || s.model() != holder.current()) {
            long started = System.nanoTime();
            String old = s == null ? null : s.model().version();
            if (s != null) {
                open.remove(s);
                holder.release(s);
            }
            s = holder.openScorer();
            open.add(s);
            scorers.set(s);
            // the only pause a swap causes the stream: the model was loaded and warmed up on another thread
            if (old != null)
                LOG.info(
                        "{} switched from model {} to {} between batches in {} µs",
                        Thread.currentThread().getName(),
                        old,
                        s.model().version(),
                        (System.nanoTime() - started) / 1000);
        }
        return s;
    }

    InferenceLanes lanes() {
        return lanes;
    }

    /** Waits until every inference lane has finished the batches handed to it so far (tests, orderly shutdown). */
    public void awaitIdle() {
        lanes.awaitIdle();
    }

    @Override
    public void close() {
        lanes.close();
        // the lanes have stopped, and the caller closed the stream threads first: no predictor is in use any more
        for (Scorer s : open) holder.release(s);
        open.clear();
    }

    public ModelHolder holder() {
        return holder;
    }
}
