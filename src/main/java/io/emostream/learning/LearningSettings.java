package io.emostream.learning;

import io.emostream.config.EmostreamConfig;
import io.emostream.topics.Topics;
import java.util.List;
import java.util.Set;

/** The learning side's knobs, read once from the config. */
public record LearningSettings(
        String comments,
        String labelled,
        String feedback,
        String feedbackDlq,
        String training,
        String retrain,
        String versions,
        long commentRetentionMs,
        long feedbackWaitMs,
        boolean pseudoEnabled,
        Set<String> pseudoLabels,
        double pseudoMinScore,
        RetrainPolicy policy) {
    public static LearningSettings from(EmostreamConfig c) {
        Topics t = Topics.of(c);
        return new LearningSettings(
                t.comments().name(),
                t.labelled().name(),
                t.feedback().name(),
                t.feedbackDlq().name(),
                t.training().name(),
                t.retrain().name(),
                t.versions().name(),
                c.getLong("feedback.comment.retention.ms"),
                c.getLong("feedback.wait.ms"),
                c.getBoolean("pseudo.enabled"),
                Set.copyOf(c.getList("pseudo.labels")),
                c.getDouble("pseudo.min.score"),
                new RetrainPolicy(
                        c.getInt("retrain.min.examples"),
                        List.copyOf(c.getList("retrain.rare.labels")),
                        c.getInt("retrain.rare.min"),
                        c.getLong("retrain.period.ms"),
                        c.getInt("retrain.period.min.examples")));
    }
}
