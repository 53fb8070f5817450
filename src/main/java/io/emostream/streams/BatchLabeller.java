package io.emostream.streams;

import io.emostream.avro.LabelledComment;
import io.emostream.model.EmotionModel;
import io.emostream.model.Scorer;
import io.emostream.text.LanguageIdentifier;
import io.emostream.tracking.TopicMatcher;
import io.emostream.tracking.TrackedTopics;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Labels one micro-batch: cut, clean, one model call (with bounded retries), thresholds. Touches no Kafka state, so it
 * runs on whichever thread scores for the stream thread: the stream thread itself, or its inference lane.
 */
final class BatchLabeller {
    private static final Logger LOG = LoggerFactory.getLogger(BatchLabeller.class);

    /** What became of one comment: its labelled event, or (labelled == null) why it goes to the dead-letter topic. */
    record Outcome(PendingComment comment, LabelledComment labelled, String failure) {}

    /** A batch's outcomes, in input order, and when its labelling began (wall clock, ms). */
    record LabelledBatch(List<Outcome> outcomes, long startedMs) {}

    /** Thread-safe, and its profiles cost a few MB: one for every labeller. */
    private static final LanguageIdentifier LANGUAGES = new LanguageIdentifier();

    private final ClassifierSettings settings;
    private final ThreadScorers scorers;
    private final ClassifierMetrics metrics;

    private final ScoreCache cache;

    private final TrackedTopics topics;

    BatchLabeller(
            ClassifierSettings settings,
            ThreadScorers scorers,
            ClassifierMetrics metrics,
            ScoreCache cache,
            TrackedTopics topics) {
        this.cache = cache;
        this.topics = topics;
        this.settings = settings;
        this.scorers = scorers;
        this.metrics = metrics;
    }

    LabelledBatch label(List<PendingComment> batch) {
        long startedMs = System.currentTimeMillis();
        int n = batch.size();
        String[] texts = new String[n];
        String[] languages = new String[n];
        boolean[] unread = new boolean[n];
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
            languages[i] = LANGUAGES.identify(text, batch.get(i).event().getLang());
            metrics.recordLanguage(languages[i]);
            unread[i] = !settings.scoreUnreadableLanguages() && !reads(model, languages[i]);
            String c = unread[i] ? "" : model.encoder().clean(text);
            if (!c.isEmpty()) {
                cleaned.add(c);
                scoredRows.add(i);
            }
        }
        float[][] scores = new float[cleaned.size()][];
        String[] failures = new String[cleaned.size()];
        long started = System.nanoTime();
        if (cache.enabled()) scoreMisses(scorer, model.version(), cleaned, scores, failures);
        else if (!cleaned.isEmpty()) isolate(scorer, cleaned, 0, cleaned.size(), true, scores, failures);
        metrics.recordBatch(n, System.nanoTime() - started);
        long now = System.currentTimeMillis();
        List<Outcome> out = new ArrayList<>(n);
        int next = 0;
        for (int i = 0; i < n; i++) {
            PendingComment p = batch.get(i);
            boolean isScored = next < scoredRows.size() && scoredRows.get(next) == i;
            if (unread[i]) {
                out.add(new Outcome(
                        p,
                        LabelledCommentFactory.unreadLanguage(
                                p.event(), texts[i], truncated[i], languages[i], model, now),
                        null));
            } else if (!isScored) {
                out.add(new Outcome(
                        p,
                        LabelledCommentFactory.empty(p.event(), texts[i], truncated[i], languages[i], model, now),
                        null));
            } else if (failures[next] != null) {
                out.add(new Outcome(
                        p,
                        null,
                        "model " + model.version() + " failed on this text after " + (settings.maxRetries() + 1)
                                + " attempts, alone and in its batch: " + failures[next++]));
            } else {
                out.add(new Outcome(
                        p,
                        LabelledCommentFactory.scored(
                                p.event(), texts[i], truncated[i], languages[i], scores[next++], model, now),
                        null));
            }
        }
        TopicMatcher matcher = topics.matcher();
        if (!matcher.topics().isEmpty()) {
            for (int i = 0; i < n; i++) {
                LabelledComment l = out.get(i).labelled();
                if (l != null)
                    l.setTopics(matcher.match(texts[i], batch.get(i).event().getMetadata()));
            }
        }
        return new LabelledBatch(out, startedMs);
    }

    /**
     * Fills {@code scores} from the cache, and scores each text it lacks once (a text repeated within the batch too),
     * through {@link #isolate}; what the model scored goes into the cache.
     */
    private void scoreMisses(Scorer scorer, String version, List<String> cleaned, float[][] scores, String[] failures) {
        java.util.Map<String, Integer> misses = new java.util.LinkedHashMap<>();
        for (int i = 0; i < cleaned.size(); i++) {
            scores[i] = cache.get(version, cleaned.get(i));
            if (scores[i] == null) misses.putIfAbsent(cleaned.get(i), misses.size());
        }
        if (misses.isEmpty()) return;
        List<String> texts = new ArrayList<>(misses.keySet());
        float[][] scored = new float[texts.size()][];
        String[] failed = new String[texts.size()];
        isolate(scorer, texts, 0, texts.size(), true, scored, failed);
        for (int k = 0; k < texts.size(); k++) if (failed[k] == null) cache.put(version, texts.get(k), scored[k]);
        for (int i = 0; i < cleaned.size(); i++) {
            if (scores[i] != null) continue;
            int k = misses.get(cleaned.get(i));
            scores[i] = scored[k];
            failures[i] = failed[k];
        }
    }

    /**
     * Scores rows {@code [from, to)}; a call that keeps failing is split in halves until the failing texts are alone, so
     * one text the model cannot score costs only itself. The whole batch and a single text get the bounded retries
     * with backoff (a transient fault passes); the halves in between get one attempt each. A text's scores do not
     * depend on the batch it is scored in, so a split changes no score.
     */
    private void isolate(
            Scorer scorer, List<String> cleaned, int from, int to, boolean whole, float[][] scores, String[] failures) {
        int attempts = whole || to - from == 1 ? settings.maxRetries() + 1 : 1;
        String failure = null;
        for (int attempt = 0; attempt < attempts; attempt++) {
            if (attempt > 0) backoff(attempt);
            try {
                float[][] s = scorers.score(scorer, cleaned.subList(from, to));
                System.arraycopy(s, 0, scores, from, to - from);
                return;
            } catch (RuntimeException e) {
                failure = e.getMessage();
                LOG.warn(
                        "Model {} failed on {} text(s) (attempt {} of {}): {}",
                        scorer.model().version(),
                        to - from,
                        attempt + 1,
                        attempts,
                        failure);
            }
        }
        if (to - from == 1) {
            failures[from] = failure;
            return;
        }
        int mid = (from + to) >>> 1;
        isolate(scorer, cleaned, from, mid, false, scores, failures);
        isolate(scorer, cleaned, mid, to, false, scores, failures);
    }

    /** 50 ms, 100 ms, 200 ms ... at most 1 s before retry {@code attempt}. */
    private static void backoff(int attempt) {
        try {
            Thread.sleep(Math.min(1000L, 50L << Math.min(attempt - 1, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying the model", e);
        }
    }

    /** Every record of the batch to the dead-letter topic: the lane itself failed (a bug, not the model). */
    static LabelledBatch failed(List<PendingComment> batch, String reason) {
        return new LabelledBatch(
                batch.stream().map(p -> new Outcome(p, null, reason)).toList(), System.currentTimeMillis());
    }

    /** Whether the model reads this language; a text whose language cannot be told is read, as the model reads it. */
    static boolean reads(EmotionModel model, String language) {
        return language.equals(LanguageIdentifier.UNDETERMINED)
                || model.bundle().manifest().languages().contains(language);
    }

    /** Cuts at a code-point boundary so a surrogate pair (emoji) is never split. */
    static String cutAt(String text, int maxChars) {
        int end = maxChars;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) end--;
        return text.substring(0, end);
    }
}
