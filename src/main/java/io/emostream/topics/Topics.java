package io.emostream.topics;

import io.emostream.avro.CommentEvent;
import io.emostream.avro.EmotionAlert;
import io.emostream.avro.EmotionTrend;
import io.emostream.avro.LabelFeedback;
import io.emostream.avro.LabelledComment;
import io.emostream.avro.ModelVersion;
import io.emostream.avro.RetrainRequest;
import io.emostream.avro.TrainingExample;
import io.emostream.config.EmostreamConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Every topic emostream reads or writes, named by the config, in one place: the topologies, the retrainer, the
 * model-version follower, {@code produce}, the demo, the start-up check and {@code --create-topics} all take their
 * topics from here (kafka-streams-examples' {@code Schemas.Topics}).
 */
public record Topics(
        Topic<CommentEvent> comments,
        Topic<LabelledComment> labelled,
        Topic<byte[]> dlq,
        Topic<LabelFeedback> feedback,
        Topic<byte[]> feedbackDlq,
        Topic<TrainingExample> training,
        Topic<RetrainRequest> retrain,
        Topic<ModelVersion> versions,
        Topic<EmotionTrend> trends,
        Topic<EmotionAlert> alerts,
        boolean learnerEnabled,
        boolean trendsEnabled) {

    public static Topics of(EmostreamConfig c) {
        Map<String, Object> serde = c.serdeConfig();
        return new Topics(
                new Topic<>("topic.comments", c.get("topic.comments"), CommentEvent.class, 0, false, serde),
                new Topic<>("topic.labelled", c.get("topic.labelled"), LabelledComment.class, 0, false, serde),
                new Topic<>("topic.dlq", c.get("topic.dlq"), null, 0, false, serde),
                // co-partitioned with comments: the feedback join is per partition
                new Topic<>("topic.feedback", c.get("topic.feedback"), LabelFeedback.class, 0, false, serde),
                new Topic<>("topic.feedback.dlq", c.get("topic.feedback.dlq"), null, 0, false, serde),
                // one partition: the retrain trigger counts all examples in one place; compacted: later labels win
                new Topic<>("topic.training", c.get("topic.training"), TrainingExample.class, 1, true, serde),
                new Topic<>("topic.retrain", c.get("topic.retrain"), RetrainRequest.class, 1, false, serde),
                new Topic<>("topic.versions", c.get("topic.versions"), ModelVersion.class, 1, true, serde),
                new Topic<>("topic.trends", c.get("topic.trends"), EmotionTrend.class, 0, false, serde),
                new Topic<>("topic.alerts", c.get("topic.alerts"), EmotionAlert.class, 0, false, serde),
                c.getBoolean("learner.enabled"),
                c.getBoolean("trends.enabled"));
    }

    /** The topics of the learning side. */
    public List<Topic<?>> learning() {
        return List.of(feedback, feedbackDlq, training, retrain, versions);
    }

    /** The topics {@code run} needs with this config: the classifier's, and the learning side's and trends' when on. */
    public List<Topic<?>> needed() {
        LinkedHashSet<Topic<?>> t = new LinkedHashSet<>(List.of(comments, labelled, dlq, versions));
        if (learnerEnabled) t.addAll(learning());
        if (trendsEnabled) t.addAll(List.of(trends, alerts));
        return new ArrayList<>(t);
    }

    /** Every topic, whatever is enabled. */
    public List<Topic<?>> all() {
        return List.of(comments, labelled, dlq, feedback, feedbackDlq, training, retrain, versions, trends, alerts);
    }
}
