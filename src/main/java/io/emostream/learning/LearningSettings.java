package io.emostream.learning;

import io.emostream.config.EmostreamConfig;

import java.util.List;
import java.util.Set;

/** The learning side's knobs, read once from the config. */
public record LearningSettings(String comments, String labelled, String feedback, String feedbackDlq, String training, String retrain, String versions,
                               long commentRetentionMs, long feedbackWaitMs, boolean pseudoEnabled, Set<String> pseudoLabels, double pseudoMinScore,
                               RetrainPolicy policy) {
    public static LearningSettings from(EmostreamConfig c) {
        return new LearningSettings(c.get("topic.comments"), c.get("topic.labelled"), c.get("topic.feedback"), c.get("topic.feedback.dlq"),
                c.get("topic.training"), c.get("topic.retrain"), c.get("topic.versions"), c.getLong("feedback.comment.retention.ms"),
                c.getLong("feedback.wait.ms"), c.getBoolean("pseudo.enabled"), Set.copyOf(c.getList("pseudo.labels")), c.getDouble("pseudo.min.score"),
                new RetrainPolicy(c.getInt("retrain.min.examples"), List.copyOf(c.getList("retrain.rare.labels")), c.getInt("retrain.rare.min"),
                        c.getLong("retrain.period.ms"), c.getInt("retrain.period.min.examples")));
    }
}
