package io.emostream.model;

import java.util.IdentityHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model currently serving, swappable while the stream runs. Threads take scorers from it; a model swapped out
 * is closed when the last scorer on it is released, so no batch ever runs on a closed model.
 */
public final class ModelHolder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelHolder.class);

    private volatile EmotionModel current;
    private final Map<EmotionModel, Integer> scorersOpen = new IdentityHashMap<>();
    private final java.util.List<java.util.function.Consumer<EmotionModel>> swapListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Called with the new model after each swap, so that what reports the serving model (metrics, the learning side) follows. */
    public void onSwap(java.util.function.Consumer<EmotionModel> listener) {
        swapListeners.add(listener);
    }

    public ModelHolder(EmotionModel initial) {
        this.current = initial;
    }

    public EmotionModel current() {
        return current;
    }

    public synchronized Scorer openScorer() {
        EmotionModel m = current;
        scorersOpen.merge(m, 1, Integer::sum);
        return m.newScorer();
    }

    public synchronized void release(Scorer scorer) {
        scorer.close();
        EmotionModel m = scorer.model();
        int left = scorersOpen.merge(m, -1, Integer::sum);
        if (left <= 0) {
            scorersOpen.remove(m);
            if (m != current) m.close();
        }
    }

    /** Makes {@code next} the serving model; the old one closes once no thread scores with it. */
    public synchronized void swap(EmotionModel next) {
        EmotionModel old = current;
        current = next;
        LOG.info("Serving model {} (was {})", next.version(), old.version());
        if (!scorersOpen.containsKey(old)) old.close();
        for (java.util.function.Consumer<EmotionModel> l : swapListeners) l.accept(next);
    }

    @Override
    public synchronized void close() {
        for (EmotionModel m : scorersOpen.keySet()) if (m != current) m.close();
        scorersOpen.clear();
        current.close();
    }
}
