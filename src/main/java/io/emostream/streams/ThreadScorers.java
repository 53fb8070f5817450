package io.emostream.streams;

import io.emostream.model.ModelHolder;
import io.emostream.model.Scorer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * One {@link Scorer} (one DJL predictor) per stream thread, shared by the tasks that thread runs; renewed between
 * batches when the holder serves a new model. DJL predictors are not thread-safe, so none is ever shared across threads.
 */
public final class ThreadScorers {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadScorers.class);
    private final ModelHolder holder;
    private final ThreadLocal<Scorer> scorers = new ThreadLocal<>();
    private final ScoreCall call;

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
            if (s != null) holder.release(s);
            s = holder.openScorer();
            scorers.set(s);
            // the only pause a swap causes the stream: the model was loaded and warmed up on another thread
            if (old != null) LOG.info("{} switched from model {} to {} between batches in {} µs", Thread.currentThread().getName(), old,
                    s.model().version(), (System.nanoTime() - started) / 1000);
        }
        return s;
    }

    public ModelHolder holder() {
        return holder;
    }
}
