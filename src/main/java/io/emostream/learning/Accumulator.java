package io.emostream.learning;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emostream.avro.ModelStatus;
import io.emostream.avro.ModelVersion;
import io.emostream.avro.RetrainRequest;
import io.emostream.avro.TrainingExample;
import io.emostream.serde.RecordReader;
import io.emostream.serde.VersionedBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts new training examples per label since the current model and asks for one retraining when the policy fires.
 * While a request is open no other is sent; a ModelVersion answering it (promoted or rejected) restarts the counts,
 * at the new model when promoted. Runs on one-partition topics, so there is one count for the whole stream.
 *
 * <p>Counts are of distinct comments: each comment's counted labels are kept (key {@code comment:<id>}), and a later
 * example for the same comment (repeated feedback, or feedback after a pseudo label) replaces them instead of adding.
 */
final class Accumulator {
    static final String STATE_STORE = "retrain-state";
    static final String REQUEST_SINK = "retrain-request-sink";
    private static final String KEY = "state";
    private static final String COMMENT_PREFIX = "comment:";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(Accumulator.class);

    /** Format 2 of the state and of a comment's labels: format 1 (JSON; labels joined by newlines) behind a version header. */
    static final int FORMAT = 2;

    /** The accumulator's whole state, one JSON value in the store. */
    public static final class State {
        public String baseVersion;
        public long since;
        public int total;
        public TreeMap<String, Integer> counts = new TreeMap<>();
        public String openRequest;
    }

    private Accumulator() {}

    static State load(KeyValueStore<String, byte[]> store, String initialVersion, long now) {
        byte[] b = store.get(KEY);
        if (b == null) {
            State s = new State();
            s.baseVersion = initialVersion;
            s.since = now;
            return s;
        }
        try {
            return JSON.readValue(
                    VersionedBytes.unwrap(b, "retrain trigger state", FORMAT).payload(), State.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void save(KeyValueStore<String, byte[]> store, State s) {
        try {
            store.put(KEY, VersionedBytes.wrap(FORMAT, JSON.writeValueAsBytes(s)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> labels(byte[] stored) {
        return List.of(new String(
                        VersionedBytes.unwrap(stored, "counted labels", FORMAT).payload(), StandardCharsets.UTF_8)
                .split("\n"));
    }

    private static void forgetComments(KeyValueStore<String, byte[]> store) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.prefixScan(COMMENT_PREFIX, new StringSerializer())) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        keys.forEach(store::delete);
    }

    /** Counts examples and fires the policy. */
    static final class Examples implements Processor<byte[], byte[], String, Object> {
        private final LearningSettings settings;
        private final String initialVersion;
        private final Deserializer<TrainingExample> deserializer;
        private ProcessorContext<String, Object> ctx;
        private KeyValueStore<String, byte[]> store;

        private final RecordReader reader;

        Examples(
                LearningSettings settings,
                String initialVersion,
                RecordReader reader,
                Deserializer<TrainingExample> deserializer) {
            this.reader = reader;
            this.settings = settings;
            this.initialVersion = initialVersion;
            this.deserializer = deserializer;
        }

        @Override
        public void init(ProcessorContext<String, Object> context) {
            ctx = context;
            store = context.getStateStore(STATE_STORE);
            context.schedule(ExpiryTick.of(settings.policy().periodMs(), 100), PunctuationType.WALL_CLOCK_TIME, now -> {
                State s = load(store, initialVersion, now);
                fire(s, now);
            });
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            TrainingExample e;
            try {
                e = reader.read(deserializer, settings.training(), record.value());
            } catch (RecordReader.Unreadable ex) {
                reader.dropped("unreadable-example", settings.training() + ": " + ex.getMessage());
                return;
            }
            long now = ctx.currentSystemTimeMs();
            State s = load(store, initialVersion, now);
            byte[] before = store.get(COMMENT_PREFIX + e.getId());
            if (before == null) s.total++;
            else for (String l : labels(before)) s.counts.computeIfPresent(l, (k, n) -> n > 1 ? n - 1 : null);
            for (String l : e.getLabels()) s.counts.merge(l, 1, Integer::sum);
            store.put(
                    COMMENT_PREFIX + e.getId(),
                    VersionedBytes.wrap(FORMAT, String.join("\n", e.getLabels()).getBytes(StandardCharsets.UTF_8)));
            fire(s, now);
        }

        private void fire(State s, long now) {
            if (s.openRequest == null) {
                Optional<String> reason = settings.policy().decide(s.counts, s.total, now - s.since);
                if (reason.isPresent()) {
                    s.openRequest = "retrain-" + s.baseVersion + "-" + now;
                    TreeMap<String, Integer> counts = new TreeMap<>(s.counts);
                    counts.put("_total", s.total);
                    RetrainRequest r = RetrainRequest.newBuilder()
                            .setId(s.openRequest)
                            .setReason(reason.get())
                            .setCounts(new java.util.HashMap<>(counts))
                            .setBaseVersion(s.baseVersion)
                            .setRequestedAt(Instant.ofEpochMilli(now))
                            .build();
                    LOG.info("Requesting a retraining of {}: {}", s.baseVersion, reason.get());
                    ctx.forward(new Record<String, Object>("retrain", r, now), REQUEST_SINK);
                }
            }
            save(store, s);
        }
    }

    /** Restarts the counts when a retraining is decided. */
    static final class Versions implements Processor<byte[], byte[], String, Object> {
        private final LearningSettings settings;
        private final String initialVersion;
        private final Deserializer<ModelVersion> deserializer;
        private ProcessorContext<String, Object> ctx;
        private KeyValueStore<String, byte[]> store;

        private final RecordReader reader;

        Versions(
                LearningSettings settings,
                String initialVersion,
                RecordReader reader,
                Deserializer<ModelVersion> deserializer) {
            this.reader = reader;
            this.settings = settings;
            this.initialVersion = initialVersion;
            this.deserializer = deserializer;
        }

        @Override
        public void init(ProcessorContext<String, Object> context) {
            ctx = context;
            store = context.getStateStore(STATE_STORE);
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            ModelVersion v;
            try {
                v = reader.read(deserializer, settings.versions(), record.value());
            } catch (RecordReader.Unreadable ex) {
                reader.dropped("unreadable-version", settings.versions() + ": " + ex.getMessage());
                return;
            }
            long now = ctx.currentSystemTimeMs();
            State s = load(store, initialVersion, now);
            boolean answersOpen = s.openRequest != null && s.openRequest.equals(v.getRequestId());
            if (v.getStatus() == ModelStatus.promoted || answersOpen) {
                State fresh = new State();
                fresh.baseVersion = v.getStatus() == ModelStatus.promoted ? v.getVersion() : s.baseVersion;
                fresh.since = now;
                save(store, fresh);
                forgetComments(store);
            }
        }
    }
}
