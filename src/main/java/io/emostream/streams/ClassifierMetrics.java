package io.emostream.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The classifier's Prometheus meters: records in/out, dead letters, batch sizes, inference time, latency, labels. */
public final class ClassifierMetrics {
    private final MeterRegistry registry;
    private final Counter in;
    private final Counter out;
    private final DistributionSummary batchSize;
    private final Timer inference;
    private final Timer latency;
    private final Timer[] stages;
    private final Map<String, Counter> dlq = new ConcurrentHashMap<>();
    private final Map<String, Counter> labels = new ConcurrentHashMap<>();
    private volatile Consumer<LabelledEvent> listener = e -> {};
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClassifierMetrics.class);

    /** What the live page and the bench need of each output. */
    public record LabelledEvent(List<String> labels, long latencyMs, String modelVersion, Stages stages) {}

    /**
     * Where one comment's createdAt → classifiedAt latency went, in ms: from its creation until the stream thread took
     * it ({@code transport}: producer, broker, fetch), waiting for its batch to be dispatched ({@code buffered}),
     * waiting for a free lane ({@code queued}), and its batch's labelling ({@code model}: clean, forward pass,
     * thresholds). They add up to the latency, give or take the clocks' milliseconds.
     */
    public record Stages(long transportMs, long bufferedMs, long queuedMs, long modelMs) {
        public static final List<String> NAMES = List.of("transport", "buffered", "queued", "model");

        public long[] values() {
            return new long[] {transportMs, bufferedMs, queuedMs, modelMs};
        }
    }

    public ClassifierMetrics(MeterRegistry registry) {
        this.registry = registry;
        registerDeadLetterStages();
        in = Counter.builder("emostream.records.in")
                .description("comments consumed")
                .register(registry);
        out = Counter.builder("emostream.records.out")
                .description("labelled comments produced")
                .register(registry);
        batchSize = DistributionSummary.builder("emostream.batch.size")
                .description("records per model call")
                .serviceLevelObjectives(1, 8, 16, 32, 64, 128, 256, 512)
                .register(registry);
        inference = Timer.builder("emostream.inference")
                .description("model time per batch")
                .publishPercentileHistogram()
                .register(registry);
        latency = Timer.builder("emostream.latency")
                .description("createdAt to classifiedAt")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        stages = Stages.NAMES.stream()
                .map(stage -> Timer.builder("emostream.latency.stage")
                        .tag("stage", stage)
                        .description("one part of createdAt to classifiedAt: transport, buffered, queued or model")
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofSeconds(60))
                        .register(registry))
                .toArray(Timer[]::new);
    }

    /** {@code emostream_comments_language_total{language}}: comments per language, given or detected. */
    void recordLanguage(String language) {
        languages
                .computeIfAbsent(
                        language,
                        l -> Counter.builder("emostream.comments.language")
                                .tag("language", l)
                                .description(
                                        "comments per language (CommentEvent.lang, else detected; und = cannot tell)")
                                .register(registry))
                .increment();
    }

    private final java.util.Map<String, Counter> languages = new java.util.concurrent.ConcurrentHashMap<>();

    public MeterRegistry registry() {
        return registry;
    }

    public void onEvent(Consumer<LabelledEvent> listener) {
        this.listener = listener;
    }

    void recordIn() {
        in.increment();
    }

    void recordBatch(int size, long nanos) {
        batchSize.record(size);
        inference.record(Duration.ofNanos(nanos));
    }

    void recordOut(List<String> labelNames, long latencyMs, String modelVersion, Stages stageTimes) {
        out.increment();
        latency.record(Duration.ofMillis(Math.max(0, latencyMs)));
        // per record on the stream thread: no array, no stream
        recordStage(0, stageTimes.transportMs());
        recordStage(1, stageTimes.bufferedMs());
        recordStage(2, stageTimes.queuedMs());
        recordStage(3, stageTimes.modelMs());
        for (String l : labelNames)
            labels.computeIfAbsent(
                            l,
                            k -> Counter.builder("emostream.labels")
                                    .tag("label", k)
                                    .register(registry))
                    .increment();
        listener.accept(new LabelledEvent(labelNames, latencyMs, modelVersion, stageTimes));
    }

    private void recordStage(int index, long ms) {
        stages[index].record(Math.max(0, ms), TimeUnit.MILLISECONDS);
    }

    /** Both stages exist from the start, at 0: a rate over a series that appears only with the first failure misses it. */
    private void registerDeadLetterStages() {
        for (String stage : java.util.List.of(DeadLetter.DESERIALIZE, DeadLetter.MODEL)) dlqCounter(stage);
    }

    void recordDeadLetter(String stage) {
        dlqCounter(stage).increment();
    }

    private Counter dlqCounter(String stage) {
        return dlq.computeIfAbsent(
                stage,
                s -> Counter.builder("emostream.dlq")
                        .tag("stage", s)
                        .description("records sent to the dead-letter topic")
                        .register(registry));
    }
}
