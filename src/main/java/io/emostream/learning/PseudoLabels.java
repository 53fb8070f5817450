package io.emostream.learning;

import io.emostream.avro.ExampleOrigin;
import io.emostream.avro.LabelledComment;
import io.emostream.serde.RecordReader;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The paper's weak supervision made continuous: a labelled comment whose score for one of {@code pseudo.labels}
 * reaches {@code pseudo.min.score} becomes a {@code pseudo} training example with the model's labels.
 *
 * <p>Pseudo examples are keyed {@code pseudo:<comment id>}, apart from feedback (keyed by the comment id), so that on
 * the compacted topic a model's guess never replaces a person's labels, whichever comes last; readers of the topic
 * prefer feedback where a comment has both ({@code TrainingExamples}).
 */
final class PseudoLabels implements Processor<byte[], byte[], String, Object> {
    static final String KEY_PREFIX = "pseudo:";
    private final LearningSettings settings;
    private final ServingModel model;
    private final Deserializer<LabelledComment> deserializer;
    private ProcessorContext<String, Object> ctx;

    private final RecordReader reader;

    PseudoLabels(
            LearningSettings settings,
            ServingModel model,
            RecordReader reader,
            Deserializer<LabelledComment> deserializer) {
        this.reader = reader;
        this.settings = settings;
        this.model = model;
        this.deserializer = deserializer;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        ctx = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        LabelledComment c;
        try {
            c = reader.read(deserializer, settings.labelled(), record.value());
        } catch (RecordReader.Unreadable e) {
            reader.dropped("unreadable-labelled", settings.labelled() + ": " + e.getMessage());
            return;
        }
        if (c.getEmptyText() || !confident(c)) return; // not a drop: only confident predictions are examples
        ctx.forward(
                new Record<String, Object>(
                        KEY_PREFIX + c.getId(),
                        FeedbackJoin.example(
                                c.getId(),
                                model.cleaner().clean(c.getText()),
                                c.getLabels(),
                                ExampleOrigin.pseudo,
                                c.getClassifiedAt()),
                        record.timestamp()),
                FeedbackJoin.TRAINING_SINK);
    }

    boolean confident(LabelledComment c) {
        for (String l : settings.pseudoLabels()) {
            Float s = c.getScores().get(l);
            if (s != null && s >= settings.pseudoMinScore() && c.getLabels().contains(l)) return true;
        }
        return false;
    }
}
