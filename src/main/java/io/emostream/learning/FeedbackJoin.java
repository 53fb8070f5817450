package io.emostream.learning;

import io.emostream.avro.CommentEvent;
import io.emostream.avro.ExampleOrigin;
import io.emostream.avro.LabelFeedback;
import io.emostream.avro.TrainingExample;
import io.emostream.serde.AvroBinary;
import io.emostream.serde.RecordReader;
import io.emostream.streams.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins feedback with the text of its comment. Comments' cleaned texts are kept for {@code feedback.comment.retention.ms};
 * feedback that arrives before its comment waits up to {@code feedback.wait.ms} and is dead-lettered after. Both
 * processors share the two stores, so the sources must be co-partitioned (same partition count, keyed by comment id).
 */
final class FeedbackJoin {
    static final String COMMENT_TEXTS = "comment-texts";
    static final String PENDING_FEEDBACK = "pending-feedback";
    static final String TRAINING_SINK = "training-sink";
    static final String DLQ_SINK = "feedback-dlq-sink";
    private static final Logger LOG = LoggerFactory.getLogger(FeedbackJoin.class);

    private FeedbackJoin() {}

    static TrainingExample example(String id, String text, List<String> labels, ExampleOrigin origin, Instant at) {
        return TrainingExample.newBuilder()
                .setId(id)
                .setText(text)
                .setLabels(labels)
                .setOrigin(origin)
                .setAt(at)
                .build();
    }

    private static RecordMetadata meta(ProcessorContext<?, ?> ctx) {
        return ctx.recordMetadata().orElse(null);
    }

    /** Keeps comment texts; releases feedback that was waiting for the comment. */
    static final class Comments implements Processor<byte[], byte[], String, Object> {
        private final LearningSettings settings;
        private final ServingModel model;
        private final Deserializer<CommentEvent> deserializer;
        private ProcessorContext<String, Object> ctx;
        private KeyValueStore<String, byte[]> texts;
        private KeyValueStore<String, byte[]> pending;

        private final RecordReader reader;

        Comments(
                LearningSettings settings,
                ServingModel model,
                RecordReader reader,
                Deserializer<CommentEvent> deserializer) {
            this.reader = reader;
            this.settings = settings;
            this.model = model;
            this.deserializer = deserializer;
        }

        @Override
        public void init(ProcessorContext<String, Object> context) {
            ctx = context;
            texts = context.getStateStore(COMMENT_TEXTS);
            pending = context.getStateStore(PENDING_FEEDBACK);
            context.schedule(
                    ExpiryTick.of(settings.commentRetentionMs(), 1000), PunctuationType.WALL_CLOCK_TIME, this::expire);
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            CommentEvent e;
            try {
                e = reader.read(deserializer, settings.comments(), record.value());
            } catch (RecordReader.Unreadable ex) {
                // the classifier dead-letters unreadable comments with their bytes; here they are only not joinable
                reader.dropped("unreadable-comment", settings.comments() + ": " + ex.getMessage());
                return;
            }
            String text = model.cleaner().clean(e.getText());
            texts.put(
                    e.getId(),
                    new StoredRecord(ctx.currentSystemTimeMs(), "", 0, 0, text.getBytes(StandardCharsets.UTF_8))
                            .encode());
            byte[] waiting = pending.get(e.getId());
            if (waiting != null) {
                pending.delete(e.getId());
                LabelFeedback f = AvroBinary.decode(StoredRecord.decode(waiting).bytes(), LabelFeedback.class);
                ctx.forward(
                        new Record<String, Object>(
                                e.getId(),
                                example(e.getId(), text, f.getLabels(), ExampleOrigin.feedback, f.getAt()),
                                record.timestamp()),
                        TRAINING_SINK);
            }
        }

        private void expire(long now) {
            List<String> old = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = texts.all()) {
                while (it.hasNext()) {
                    KeyValue<String, byte[]> kv = it.next();
                    if (now - StoredRecord.decode(kv.value).at() > settings.commentRetentionMs()) old.add(kv.key);
                }
            }
            old.forEach(texts::delete);
        }
    }

    /** Validates feedback and emits it as a training example, or parks it until its comment comes. */
    static final class Feedback implements Processor<byte[], byte[], String, Object> {
        private final LearningSettings settings;
        private final ServingModel model;
        private final Deserializer<LabelFeedback> deserializer;
        private ProcessorContext<String, Object> ctx;
        private KeyValueStore<String, byte[]> texts;
        private KeyValueStore<String, byte[]> pending;

        private final RecordReader reader;

        Feedback(
                LearningSettings settings,
                ServingModel model,
                RecordReader reader,
                Deserializer<LabelFeedback> deserializer) {
            this.reader = reader;
            this.settings = settings;
            this.model = model;
            this.deserializer = deserializer;
        }

        @Override
        public void init(ProcessorContext<String, Object> context) {
            ctx = context;
            texts = context.getStateStore(COMMENT_TEXTS);
            pending = context.getStateStore(PENDING_FEEDBACK);
            context.schedule(
                    ExpiryTick.of(settings.feedbackWaitMs(), 100), PunctuationType.WALL_CLOCK_TIME, this::expire);
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            RecordMetadata m = meta(ctx);
            String topic = m == null ? settings.feedback() : m.topic();
            int partition = m == null ? -1 : m.partition();
            long offset = m == null ? -1 : m.offset();
            LabelFeedback f;
            try {
                f = reader.read(deserializer, topic, record.value());
            } catch (RecordReader.Unreadable e) {
                deadLetter(
                        record.key(),
                        record.value(),
                        DeadLetter.DESERIALIZE,
                        String.valueOf(e.getMessage()),
                        topic,
                        partition,
                        offset);
                return;
            }
            Set<String> known = model.labels();
            List<String> unknown =
                    f.getLabels().stream().filter(l -> !known.contains(l)).toList();
            if (f.getLabels().isEmpty() || !unknown.isEmpty()) {
                deadLetter(
                        record.key(),
                        record.value(),
                        DeadLetter.UNKNOWN_LABEL,
                        f.getLabels().isEmpty()
                                ? "feedback for " + f.getCommentId() + " names no label"
                                : "unknown label(s) " + unknown + " for comment " + f.getCommentId(),
                        topic,
                        partition,
                        offset);
                return;
            }
            byte[] text = texts.get(f.getCommentId());
            if (text != null) {
                String cleaned = new String(StoredRecord.decode(text).bytes(), StandardCharsets.UTF_8);
                ctx.forward(
                        new Record<String, Object>(
                                f.getCommentId(),
                                example(f.getCommentId(), cleaned, f.getLabels(), ExampleOrigin.feedback, f.getAt()),
                                record.timestamp()),
                        TRAINING_SINK);
            } else {
                // later feedback for the same comment replaces the waiting one
                pending.put(
                        f.getCommentId(),
                        new StoredRecord(ctx.currentSystemTimeMs(), topic, partition, offset, AvroBinary.encode(f))
                                .encode());
            }
        }

        private void expire(long now) {
            List<KeyValue<String, StoredRecord>> old = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = pending.all()) {
                while (it.hasNext()) {
                    KeyValue<String, byte[]> kv = it.next();
                    StoredRecord r = StoredRecord.decode(kv.value);
                    if (now - r.at() >= settings.feedbackWaitMs()) old.add(KeyValue.pair(kv.key, r));
                }
            }
            for (KeyValue<String, StoredRecord> kv : old) {
                pending.delete(kv.key);
                deadLetter(
                        kv.key.getBytes(StandardCharsets.UTF_8),
                        kv.value.bytes(),
                        DeadLetter.NO_COMMENT,
                        "comment " + kv.key + " did not arrive within " + settings.feedbackWaitMs()
                                + " ms (value is the feedback as plain Avro binary)",
                        kv.value.topic(),
                        kv.value.partition(),
                        kv.value.offset());
            }
        }

        private void deadLetter(
                byte[] key, byte[] value, String stage, String reason, String topic, int partition, long offset) {
            LOG.warn("Dead-lettering feedback {}-{}@{} ({}): {}", topic, partition, offset, stage, reason);
            ctx.forward(
                    new Record<String, Object>(
                            key == null ? null : new String(key, StandardCharsets.UTF_8),
                            value,
                            ctx.currentSystemTimeMs(),
                            DeadLetter.headers(null, stage, reason, topic, partition, offset)),
                    DLQ_SINK);
        }
    }
}
