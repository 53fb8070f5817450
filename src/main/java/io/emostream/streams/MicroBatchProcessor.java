package io.emostream.streams;

import io.emostream.avro.CommentEvent;
import io.emostream.serde.RecordReader;
import io.emostream.streams.BatchLabeller.LabelledBatch;
import io.emostream.streams.BatchLabeller.Outcome;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.header.Headers;
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
 * Gathers a task's comments into micro-batches and labels each batch with one model call.
 *
 * <p>Every consumed comment is first written to a changelogged store and leaves it only when its output is
 * forwarded, in the same transaction: a crash or rebalance loses nothing the consumer committed, the buffer is rebuilt
 * from the store when the task starts again. A batch is dispatched when it holds {@code batch.size} records or its
 * oldest record has waited {@code batch.max.delay.ms} (wall-clock punctuation).
 *
 * <p>With {@code inference.async} (the default) a dispatched batch is scored on one of the stream thread's
 * {@code inference.lanes} while this thread goes on consuming; outputs are forwarded from this thread at the next
 * record or tick after the model is done, batch after batch in dispatch order, so order within a partition is kept.
 * At most one batch per lane is in flight per task, and a full next batch waits for the oldest: memory stays
 * bounded. Unreadable records and records of a batch the model keeps failing on go to the dead-letter sink; the
 * stream never stops for them.
 */
final class MicroBatchProcessor implements Processor<byte[], byte[], byte[], Object> {
    private static final Logger LOG = LoggerFactory.getLogger(MicroBatchProcessor.class);
    /** How often, at most, a finished batch waits to be noticed when no record comes (async). */
    static final long COMPLETION_TICK_MS = 5;

    private final ClassifierSettings settings;
    private final ThreadScorers scorers;
    private final BatchLabeller labeller;
    private final ClassifierMetrics metrics;
    private final Deserializer<CommentEvent> deserializer;
    private final RecordReader reader;

    private ProcessorContext<byte[], Object> context;
    private KeyValueStore<Long, byte[]> store;
    /** Buffered, not yet dispatched, oldest first. */
    private final List<PendingComment> buffer = new ArrayList<>();
    /** Dispatched batches, oldest first; outputs are forwarded in this order whichever lane finishes first. */
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();

    private long nextSeq;

    private record InFlight(List<PendingComment> batch, long dispatchedMs, Future<LabelledBatch> outcomes) {}

    MicroBatchProcessor(
            ClassifierSettings settings,
            ThreadScorers scorers,
            ClassifierMetrics metrics,
            ScoreCache cache,
            io.emostream.tracking.TrackedTopics topics,
            RecordReader reader,
            Deserializer<CommentEvent> deserializer) {
        this.reader = reader;
        this.settings = settings;
        this.scorers = scorers;
        this.labeller = new BatchLabeller(settings, scorers, metrics, cache, topics);
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
        if (!buffer.isEmpty())
            LOG.info("Task {}: {} buffered comments restored from the changelog", context.taskId(), buffer.size());
        // a fifth of the max delay keeps its overshoot small; async also needs to notice finished batches soon
        long tick = Math.max(1, settings.maxDelayMs() / 5);
        if (settings.asyncInference()) tick = Math.min(tick, COMPLETION_TICK_MS);
        context.schedule(Duration.ofMillis(tick), PunctuationType.WALL_CLOCK_TIME, this::advance);
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
            event = reader.read(deserializer, topic, record.value());
        } catch (RecordReader.Unreadable e) {
            deadLetter(
                    record.key(),
                    record.value(),
                    record.timestamp(),
                    record.headers(),
                    DeadLetter.DESERIALIZE,
                    e.getMessage(),
                    topic,
                    partition,
                    offset);
            return;
        }
        PendingComment p = new PendingComment(
                nextSeq++,
                record.key(),
                record.value(),
                record.timestamp(),
                topic,
                partition,
                offset,
                event,
                context.currentSystemTimeMs());
        store.put(p.seq(), p.encode());
        buffer.add(p);
        advance(context.currentSystemTimeMs());
    }

    /**
     * Forwards finished batches in order, dispatches full batches, and the rest once its oldest record is due or,
     * with {@code batch.eager}, as soon as all lanes are idle: a batch then waits only while the model is busy, and
     * fills up meanwhile, so load sets the batch size (small and quick when quiet, full under load).
     */
    private void advance(long nowMs) {
        while (!inFlight.isEmpty() && inFlight.peekFirst().outcomes().isDone()) completeOldest();
        while (buffer.size() >= settings.batchSize()) dispatch(settings.batchSize());
        if (!buffer.isEmpty()
                && inFlight.size() < settings.lanes()
                && (nowMs - buffer.get(0).arrivedMs() >= settings.maxDelayMs()
                        || settings.asyncInference()
                                && settings.eager()
                                && scorers.lanes().allIdle(settings.lanes()))) {
            dispatch(buffer.size());
        }
    }

    private void dispatch(int n) {
        // one batch per lane in flight per task: a full next batch waits for the oldest, which keeps memory bounded
        if (inFlight.size() >= settings.lanes()) completeOldest();
        List<PendingComment> batch = new ArrayList<>(buffer.subList(0, n));
        buffer.subList(0, n).clear();
        long dispatchedMs = System.currentTimeMillis();
        if (settings.asyncInference())
            inFlight.addLast(new InFlight(
                    batch, dispatchedMs, scorers.lanes().submit(settings.lanes(), () -> labeller.label(batch))));
        else forward(labeller.label(batch), dispatchedMs);
    }

    private void completeOldest() {
        InFlight done = inFlight.pollFirst();
        LabelledBatch outcomes;
        try {
            outcomes = done.outcomes().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // the batch is still in the store: whoever runs this task next labels it
            throw new InterruptException(e);
        } catch (ExecutionException e) {
            LOG.error(
                    "Labelling a batch of {} failed outside the model",
                    done.batch().size(),
                    e.getCause());
            outcomes = BatchLabeller.failed(done.batch(), "labelling failed: " + e.getCause());
        }
        forward(outcomes, done.dispatchedMs());
    }

    private void forward(LabelledBatch batch, long dispatchedMs) {
        for (Outcome o : batch.outcomes()) {
            PendingComment p = o.comment();
            if (o.labelled() != null) {
                context.forward(
                        new Record<byte[], Object>(p.key(), o.labelled(), p.timestamp()),
                        ClassifierTopology.LABELLED_SINK);
                long created = p.event().getCreatedAt().toEpochMilli();
                long classified = o.labelled().getClassifiedAt().toEpochMilli();
                metrics.recordOut(
                        o.labelled().getLabels(),
                        classified - created,
                        o.labelled().getModelVersion(),
                        new ClassifierMetrics.Stages(
                                p.arrivedMs() - created,
                                dispatchedMs - p.arrivedMs(),
                                batch.startedMs() - dispatchedMs,
                                classified - batch.startedMs()));
            } else {
                deadLetter(
                        p.key(),
                        p.value(),
                        p.timestamp(),
                        null,
                        DeadLetter.MODEL,
                        o.failure(),
                        p.topic(),
                        p.partition(),
                        p.offset());
            }
            store.delete(p.seq());
        }
    }

    private void deadLetter(
            byte[] key,
            byte[] value,
            long timestamp,
            Headers headers,
            String stage,
            String reason,
            String topic,
            int partition,
            long offset) {
        metrics.recordDeadLetter(stage);
        LOG.warn("Dead-lettering record {}-{}@{} ({}): {}", topic, partition, offset, stage, reason);
        context.forward(
                new Record<byte[], Object>(
                        key, value, timestamp, DeadLetter.headers(headers, stage, reason, topic, partition, offset)),
                ClassifierTopology.DLQ_SINK);
    }

    @Override
    public void close() {
        // Buffered and in-flight records stay in the store (and its changelog): the next owner of this task labels
        // them. An in-flight result that finishes after this is dropped, never forwarded.
    }
}
