package io.emostream.streams;

import io.emostream.avro.CommentEvent;
import io.emostream.avro.LabelledComment;
import io.emostream.config.EmostreamConfig;
import io.emostream.model.EmotionModel;
import io.emostream.model.ModelHolder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The stream's labelling outside the stream, for {@code classify}: the same truncation, empty-text rule, language
 * handling, model call, thresholds and output fields as the classifier topology, because it is the same
 * {@link BatchLabeller}. One instance per thread.
 */
public final class CommentLabeller implements AutoCloseable {
    /** One comment's outcome: its labelled event, or why the model could not score it. */
    public record Result(LabelledComment labelled, String failure) {}

    private final ThreadScorers scorers;
    private final BatchLabeller labeller;
    private long seq;

    /** @param model owned by the caller, who closes it after this */
    public CommentLabeller(EmostreamConfig config, EmotionModel model) {
        this.scorers = new ThreadScorers(new ModelHolder(model));
        ClassifierSettings settings = ClassifierSettings.from(config);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        this.labeller = new BatchLabeller(
                settings,
                scorers,
                new ClassifierMetrics(meters),
                ScoreCache.of(settings.scoreCacheSize(), meters),
                io.emostream.tracking.TrackedTopics.from(config));
    }

    /** Labels the comments as one micro-batch; results in input order. */
    public List<Result> label(List<CommentEvent> comments) {
        List<PendingComment> batch = new ArrayList<>(comments.size());
        for (CommentEvent e : comments) batch.add(new PendingComment(seq++, null, null, 0, "", -1, -1, e, 0));
        List<Result> out = new ArrayList<>(comments.size());
        for (BatchLabeller.Outcome o : labeller.label(batch).outcomes()) out.add(new Result(o.labelled(), o.failure()));
        return out;
    }

    @Override
    public void close() {
        scorers.close();
    }
}
