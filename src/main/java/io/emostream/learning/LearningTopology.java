package io.emostream.learning;

import io.emostream.config.EmostreamConfig;
import io.emostream.serde.RecordReader;
import io.emostream.streams.StreamsProperties;
import io.emostream.topics.Topics;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The learning side topology:
 * <ol>
 *   <li>{@code comments} + {@code emotion-feedback} → feedback joined with the comment's cleaned text → {@code training-examples}
 *       (unknown labels, unreadable feedback and feedback whose comment never came → {@code emotion-feedback-dlq});</li>
 *   <li>{@code comments-labelled} → confident predictions of rare labels → {@code training-examples} (when enabled);</li>
 *   <li>{@code training-examples} + {@code model-versions} → per-label counts since the current model → one
 *       {@code RetrainRequest} on {@code retrain-requests} when the policy fires.</li>
 * </ol>
 */
public final class LearningTopology {
    public static final String COMMENTS_SOURCE = "learning-comments-source";
    public static final String FEEDBACK_SOURCE = "feedback-source";
    public static final String LABELLED_SOURCE = "learning-labelled-source";
    public static final String EXAMPLES_SOURCE = "training-examples-source";
    public static final String VERSIONS_SOURCE = "model-versions-source";

    private LearningTopology() {}

    /**
     * @param model the serving model: its labels, its cleaning, and the version counts start from; read at each
     *              record, so that a swap reaches the learning side too
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Topology build(EmostreamConfig config, RecordReader reader, ServingModel model) {
        LearningSettings s = LearningSettings.from(config);
        Topics topics = Topics.of(config);
        Topology t = new Topology(StreamsProperties.topologyConfig(config, config.get("learner.application.id")));

        t.addSource(COMMENTS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), s.comments());
        t.addSource(FEEDBACK_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), s.feedback());
        t.addProcessor(
                "comment-texts",
                () -> new FeedbackJoin.Comments(
                        s, model, reader, topics.comments().deserializer()),
                COMMENTS_SOURCE);
        t.addProcessor(
                "feedback-join",
                () -> new FeedbackJoin.Feedback(
                        s, model, reader, topics.feedback().deserializer()),
                FEEDBACK_SOURCE);
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(FeedbackJoin.COMMENT_TEXTS),
                        Serdes.String(),
                        Serdes.ByteArray()),
                "comment-texts",
                "feedback-join");
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(FeedbackJoin.PENDING_FEEDBACK),
                        Serdes.String(),
                        Serdes.ByteArray()),
                "comment-texts",
                "feedback-join");
        List<String> trainingParents = new java.util.ArrayList<>(List.of("comment-texts", "feedback-join"));
        if (s.pseudoEnabled()) {
            t.addSource(LABELLED_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), s.labelled());
            t.addProcessor(
                    "pseudo-labels",
                    () -> new PseudoLabels(s, model, reader, topics.labelled().deserializer()),
                    LABELLED_SOURCE);
            trainingParents.add("pseudo-labels");
        }
        t.addSink(
                FeedbackJoin.TRAINING_SINK,
                s.training(),
                new StringSerializer(),
                (Serializer) topics.training().serializer(),
                trainingParents.toArray(String[]::new));
        t.addSink(
                FeedbackJoin.DLQ_SINK,
                s.feedbackDlq(),
                new StringSerializer(),
                new ByteArraySerializer(),
                "feedback-join");

        t.addSource(EXAMPLES_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), s.training());
        t.addSource(VERSIONS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), s.versions());
        t.addProcessor(
                "retrain-trigger",
                () -> new Accumulator.Examples(
                        s, model.version(), reader, topics.training().deserializer()),
                EXAMPLES_SOURCE);
        t.addProcessor(
                "model-version-listener",
                () -> new Accumulator.Versions(
                        s, model.version(), reader, topics.versions().deserializer()),
                VERSIONS_SOURCE);
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(Accumulator.STATE_STORE), Serdes.String(), Serdes.ByteArray()),
                "retrain-trigger",
                "model-version-listener");
        t.addSink(
                Accumulator.REQUEST_SINK,
                s.retrain(),
                new StringSerializer(),
                (Serializer) topics.retrain().serializer(),
                "retrain-trigger");
        return t;
    }
}
