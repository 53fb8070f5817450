package io.emostream.streams;

import io.emostream.avro.LabelledComment;
import io.emostream.model.EmotionModel;
import io.emostream.model.Scorer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Labels one micro-batch: cut, clean, one model call (with bounded retries), thresholds. Touches no Kafka state, so it
 * runs on whichever thread scores for the stream thread: the stream thread itself, or its inference lane.
 */
final class BatchLabeller {
    private static final Logger LOG = LoggerFactory.getLogger(BatchLabeller.class);

    /** What became of one comment: its labelled event, or (labelled == null) why it goes to the dead-letter topic. */
    record Outcome(PendingComment comment, LabelledComment labelled, String failure) {
    }

    /** A batch's outcomes, in input order, and when its labelling began (wall clock, ms). */
    record LabelledBatch(List<Outcome> outcomes, long startedMs) {
    }

    private final ClassifierSettings settings;
    private final ThreadScorers scorers;
    private final ClassifierMetrics metrics;

    BatchLabeller(ClassifierSettings settings, ThreadScorers scorers, ClassifierMetrics metrics) {
        this.settings = settings;
        this.scorers = scorers;
        this.metrics = metrics;
    }

    LabelledBatch label(List<PendingComment> batch) {
        long startedMs = System.currentTimeMillis();
        int n = batch.size();
        String[] texts = new String[n];
        boolean[] truncated = new boolean[n];
        List<String> cleaned = new ArrayList<>(n);
        List<Integer> scoredRows = new ArrayList<>(n);
        Scorer scorer = scorers.forCurrentThread();
        EmotionModel model = scorer.model();
        for (int i = 0; i < n; i++) {
            String text = batch.get(i).event().getText();
            if (text == null) text = "";
            if (text.length() > settings.maxChars()) {
                text = cutAt(text, settings.maxChars());
                truncated[i] = true;
            }
            texts[i] = text;
            String c = model.encoder().clean(text);
            if (!c.isEmpty()) { cleaned.add(c); scoredRows.add(i); }
        }
        float[][] scores = null;
        String failure = null;
        long started = System.nanoTime();
        for (int attempt = 0; attempt <= settings.maxRetries() && !cleaned.isEmpty(); attempt++) {
            try {
                scores = scorers.score(scorer, cleaned);
                failure = null;
                break;
            } catch (RuntimeException e) {
                failure = e.getMessage();
                LOG.warn("Model {} failed on a batch of {} (attempt {} of {}): {}", model.version(), cleaned.size(), attempt + 1, settings.maxRetries() + 1, failure);
            }
        }
        metrics.recordBatch(n, System.nanoTime() - started);
        long now = System.currentTimeMillis();
        List<Outcome> out = new ArrayList<>(n);
        int next = 0;
        for (int i = 0; i < n; i++) {
            PendingComment p = batch.get(i);
            boolean isScored = next < scoredRows.size() && scoredRows.get(next) == i;
            if (!isScored) {
                out.add(new Outcome(p, LabelledCommentFactory.empty(p.event(), texts[i], truncated[i], model, now), null));
            } else if (failure != null) {
                next++;
                out.add(new Outcome(p, null, "model " + model.version() + " failed after " + (settings.maxRetries() + 1) + " attempts: " + failure));
            } else {
                out.add(new Outcome(p, LabelledCommentFactory.scored(p.event(), texts[i], truncated[i], scores[next++], model, now), null));
            }
        }
        return new LabelledBatch(out, startedMs);
    }

    /** Every record of the batch to the dead-letter topic: the lane itself failed (a bug, not the model). */
    static LabelledBatch failed(List<PendingComment> batch, String reason) {
        return new LabelledBatch(batch.stream().map(p -> new Outcome(p, null, reason)).toList(), System.currentTimeMillis());
    }

    /** Cuts at a code-point boundary so a surrogate pair (emoji) is never split. */
    static String cutAt(String text, int maxChars) {
        int end = maxChars;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) end--;
        return text.substring(0, end);
    }
}
