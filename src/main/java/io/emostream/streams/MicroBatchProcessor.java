package io.emostream.streams;

import io.emostream.avro.CommentEvent;
import io.emostream.avro.LabelledComment;
import io.emostream.model.EmotionModel;
import io.emostream.model.Scorer;
import org.apache.kafka.common.errors.SerializationException;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Gathers a task's comments into micro-batches and labels each batch with one model call.
 *
 * <p>Every consumed comment is first written to a changelogged store, so a crash or rebalance loses nothing the
 * consumer committed: the buffer is rebuilt from the store when the task starts again. A batch is flushed when it
 * holds {@code batch.size} records or its oldest record has waited {@code batch.max.delay.ms} (wall-clock
 * punctuation). Records leave in arrival order, so order within a partition is kept. Unreadable records and
 * records of a batch the model keeps failing on go to the dead-letter sink; the stream never stops for them.
 */
final class MicroBatchProcessor implements Processor<byte[], byte[], byte[], Object> {
    private static final Logger LOG = LoggerFactory.getLogger(MicroBatchProcessor.class);

    private final ClassifierSettings settings;
    private final ThreadScorers scorers;
    private final ClassifierMetrics metrics;
    private final Deserializer<CommentEvent> deserializer;

    private ProcessorContext<byte[], Object> context;
    private KeyValueStore<Long, byte[]> store;
    private final List<PendingComment> buffer = new ArrayList<>();
    private long nextSeq;

    MicroBatchProcessor(ClassifierSettings settings, ThreadScorers scorers, ClassifierMetrics metrics, Deserializer<CommentEvent> deserializer) {
        this.settings = settings;
        this.scorers = scorers;
        this.metrics = metrics;
        this.deserializer = deserializer;
    }

    @Override
    public void init(ProcessorContext<byte[], Object> context) {
        this.context = context;
        this.store = context.getStateStore(ClassifierTopology.BUFFER_STORE);
        try (KeyValueIterator<Long, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Long, byte[]> kv = it.next();
                PendingComment p = PendingComment.decode(kv.key, kv.value);
                buffer.add(p.withEvent(deserializer.deserialize(p.topic(), p.value()), context.currentSystemTimeMs()));
                nextSeq = Math.max(nextSeq, kv.key + 1);
            }
        }
        buffer.sort((a, b) -> Long.compare(a.seq(), b.seq()));
        if (!buffer.isEmpty()) LOG.info("Task {}: {} buffered comments restored from the changelog", context.taskId(), buffer.size());
        long tick = Math.max(1, settings.maxDelayMs() / 5);
        context.schedule(Duration.ofMillis(tick), PunctuationType.WALL_CLOCK_TIME, this::flushIfDue);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        metrics.recordIn();
        RecordMetadata meta = context.recordMetadata().orElse(null);
        String topic = meta == null ? settings.commentsTopic() : meta.topic();
        int partition = meta == null ? -1 : meta.partition();
        long offset = meta == null ? -1 : meta.offset();
        CommentEvent event;
        try {
            event = deserializer.deserialize(topic, record.value());
            if (event == null) throw new SerializationException("null value (tombstone) is not a comment");
        } catch (RuntimeException e) {
            deadLetter(record.key(), record.value(), record.timestamp(), record.headers(), DeadLetter.DESERIALIZE, e.getMessage(), topic, partition, offset);
            return;
        }
        PendingComment p = new PendingComment(nextSeq++, record.key(), record.value(), record.timestamp(), topic, partition, offset, event, context.currentSystemTimeMs());
        store.put(p.seq(), p.encode());
        buffer.add(p);
        if (buffer.size() >= settings.batchSize()) flush();
    }

    private void flushIfDue(long nowMs) {
        if (!buffer.isEmpty() && nowMs - buffer.get(0).arrivedMs() >= settings.maxDelayMs()) flush();
    }

    private void flush() {
        while (!buffer.isEmpty()) {
            int n = Math.min(settings.batchSize(), buffer.size());
            List<PendingComment> batch = new ArrayList<>(buffer.subList(0, n));
            label(batch);
            buffer.subList(0, n).clear();
            for (PendingComment p : batch) store.delete(p.seq());
        }
    }

    private void label(List<PendingComment> batch) {
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
        int next = 0;
        for (int i = 0; i < n; i++) {
            PendingComment p = batch.get(i);
            boolean isScored = next < scoredRows.size() && scoredRows.get(next) == i;
            LabelledComment out;
            if (!isScored) {
                out = LabelledCommentFactory.empty(p.event(), texts[i], truncated[i], model, now);
            } else if (failure != null) {
                next++;
                deadLetter(p.key(), p.value(), p.timestamp(), null, DeadLetter.MODEL,
                        "model " + model.version() + " failed after " + (settings.maxRetries() + 1) + " attempts: " + failure, p.topic(), p.partition(), p.offset());
                continue;
            } else {
                out = LabelledCommentFactory.scored(p.event(), texts[i], truncated[i], scores[next++], model, now);
            }
            context.forward(new Record<byte[], Object>(p.key(), out, p.timestamp()), ClassifierTopology.LABELLED_SINK);
            metrics.recordOut(out.getLabels(), now - p.event().getCreatedAt().toEpochMilli(), out.getModelVersion());
        }
    }

    /** Cuts at a code-point boundary so a surrogate pair (emoji) is never split. */
    static String cutAt(String text, int maxChars) {
        int end = maxChars;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) end--;
        return text.substring(0, end);
    }

    private void deadLetter(byte[] key, byte[] value, long timestamp, org.apache.kafka.common.header.Headers headers, String stage, String reason,
                            String topic, int partition, long offset) {
        metrics.recordDeadLetter(stage);
        LOG.warn("Dead-lettering record {}-{}@{} ({}): {}", topic, partition, offset, stage, reason);
        context.forward(new Record<byte[], Object>(key, value, timestamp, DeadLetter.headers(headers, stage, reason, topic, partition, offset)), ClassifierTopology.DLQ_SINK);
    }

    @Override
    public void close() {
        // Buffered records stay in the store (and its changelog): the next owner of this task labels them.
    }
}
