package io.emostream.bench;

import io.emostream.avro.CommentEvent;
import io.emostream.avro.LabelledComment;
import io.emostream.config.EmostreamConfig;
import io.emostream.embedded.EmbeddedKafka;
import io.emostream.produce.CommentProducer;
import io.emostream.serde.AvroDeserializer;
import io.emostream.streams.ClassifierMetrics;
import io.emostream.streams.StreamsProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/** Runs topologies against the real local broker and measures output rate and latency from the output topic. */
final class PipelineBench {
    private final EmbeddedKafka kafka;
    private final EmostreamConfig config;
    private final int partitions;
    private int run;

    PipelineBench(EmbeddedKafka kafka, EmostreamConfig config, int partitions) {
        this.kafka = kafka;
        this.config = config;
        this.partitions = partitions;
    }

    /**
     * Partitions of the bench topics: one by default. Micro-batches are per task, so with several partitions on one
     * stream thread each batch fills proportionally slower (measured: p50 latency at half load 71-77 ms with one
     * partition, 166-197 ms with three); more partitions only pay with as many stream threads.
     */
    private int partitions() {
        return partitions;
    }

    /** Fills {@code topic} with n comments cycling through {@code texts}, as fast as the producer goes. */
    void preload(String topic, List<String> texts, int n) {
        kafka.createTopics(List.of(topic), partitions());
        try (CommentProducer p = new CommentProducer(config, topic, 0)) {
            for (int i = 0; i < n; i++) {
                p.send(CommentEvent.newBuilder()
                        .setId("b" + i)
                        .setText(texts.get(i % texts.size()))
                        .setSource("bench")
                        .setCreatedAt(Instant.now())
                        .build());
            }
            p.flush();
        }
    }

    /**
     * Runs the topology (reading its input from the start) until {@code n} records reach {@code out}; the rate is taken
     * between the first and the last output record, so start-up and rebalancing are not counted.
     */
    double recordsPerSecond(Topology topology, String out, int n) {
        kafka.createTopics(List.of(out), partitions());
        try (KafkaStreams streams = new KafkaStreams(
                        topology, StreamsProperties.of(config, "bench-" + (++run) + "-" + System.nanoTime()));
                KafkaConsumer<byte[], byte[]> consumer = consumer(out)) {
            streams.start();
            long first = 0, last = 0;
            int seen = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (seen < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (seen == 0) first = System.nanoTime();
                    last = System.nanoTime();
                    seen++;
                }
            }
            streams.close(Duration.ofSeconds(10));
            if (seen < n)
                throw new IllegalStateException(
                        "only " + seen + " of " + n + " records reached " + out + " in 5 minutes");
            return (seen - 1) / ((last - first) / 1e9);
        }
    }

    /** Latency percentiles (ms) of the timed part, overall and of each stage ({@link ClassifierMetrics.Stages}). */
    record Latency(
            long p50,
            long p99,
            int records,
            Map<String, long[]> stageP50P99,
            List<Long> p99ByWindow,
            Map<String, Double> streamThread,
            String jvmActivity) {}

    /** Kafka Streams' own stream-thread metrics the bench prints: commits stall the stream thread (most under exactly-once). */
    static final List<String> STREAM_THREAD_METRICS =
            List.of("commit-latency-avg", "commit-latency-max", "commit-ratio", "process-ratio", "poll-ratio");

    /** Length of the windows whose p99 the bench prints, to show whether the timed part was steady. */
    static final int WINDOW_SECONDS = 5;

    /**
     * Offers {@code rate} comments/s to a running topology for the plan's untimed then timed seconds, and returns
     * classifiedAt - createdAt percentiles (ms) of the timed part, read from the output topic, with the stages of the
     * same records as the topology's {@code metrics} saw them.
     */
    Latency latencyAt(
            Topology topology,
            ClassifierMetrics metrics,
            String in,
            String out,
            List<String> texts,
            double rate,
            LatencyPlan plan) {
        kafka.createTopics(List.of(in, out), partitions());
        List<Long> latencies = new ArrayList<>();
        Map<String, Double> threadMetrics = new LinkedHashMap<>();
        String jvm = "";
        List<ClassifierMetrics.Stages> stages = Collections.synchronizedList(new ArrayList<>());
        metrics.onEvent(e -> stages.add(e.stages()));
        try (KafkaStreams streams =
                        new KafkaStreams(topology, StreamsProperties.of(config, "bench-latency-" + System.nanoTime()));
                KafkaConsumer<byte[], byte[]> consumer = consumer(out);
                CommentProducer producer = new CommentProducer(config, in, rate)) {
            streams.start();
            while (streams.state() != KafkaStreams.State.RUNNING) Thread.sleep(20);
            int warmUp = (int) (rate * plan.warmUpSeconds());
            int n = warmUp + (int) (rate * plan.timedSeconds());
            var labelled = new AvroDeserializer<>(LabelledComment.class);
            labelled.configure(config.serdeConfig(), false);
            AtomicReference<JvmActivity> timedFrom = new AtomicReference<>();
            AtomicReference<JvmActivity> timedTo = new AtomicReference<>();
            Thread sender = new Thread(() -> {
                for (int i = 0; i < n; i++) {
                    int id = i;
                    if (i == warmUp) timedFrom.set(JvmActivity.now());
                    producer.send(() -> CommentEvent.newBuilder()
                            .setId("l" + id)
                            .setText(texts.get(id % texts.size()))
                            .setSource("bench")
                            .setCreatedAt(Instant.now())
                            .build());
                }
                timedTo.set(JvmActivity.now());
                producer.flush();
            });
            sender.start();
            long deadline = System.nanoTime() + (long) ((plan.warmUpSeconds() + plan.timedSeconds() + 30) * 1e9);
            while (latencies.size() < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    var c = labelled.deserialize(out, r.value());
                    latencies.add(c.getClassifiedAt().toEpochMilli()
                            - c.getCreatedAt().toEpochMilli());
                }
            }
            sender.join();
            if (timedFrom.get() != null && timedTo.get() != null)
                jvm = timedTo.get().since(timedFrom.get());
            streams.metrics().forEach((name, metric) -> {
                if (name.group().equals("stream-thread-metrics")
                        && STREAM_THREAD_METRICS.contains(name.name())
                        && metric.metricValue() instanceof Double d) {
                    threadMetrics.put(name.name(), d);
                }
            });
            streams.close(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ClassifierMetrics.Stages> seen;
        synchronized (stages) {
            seen = List.copyOf(stages);
        }
        int skip = (int) (rate * plan.warmUpSeconds());
        return summarise(latencies.stream().mapToLong(Long::longValue).toArray(), seen, skip, rate, threadMetrics, jvm);
    }

    /** Percentiles of what came after the first {@code skip} records (the untimed part), overall, by stage and by window. */
    static Latency summarise(
            long[] latencies,
            List<ClassifierMetrics.Stages> stages,
            int skip,
            double rate,
            Map<String, Double> threadMetrics,
            String jvm) {
        long[] timed = Arrays.copyOfRange(latencies, Math.min(latencies.length, skip), latencies.length);
        long[] sorted = sortedAfter(timed, 0);
        Map<String, long[]> byStage = new LinkedHashMap<>();
        for (int i = 0; i < ClassifierMetrics.Stages.NAMES.size(); i++) {
            int stage = i;
            long[] v = sortedAfter(
                    stages.stream().mapToLong(st -> st.values()[stage]).toArray(), skip);
            byStage.put(ClassifierMetrics.Stages.NAMES.get(i), new long[] {pct(v, 0.50), pct(v, 0.99)});
        }
        List<Long> windows = new ArrayList<>();
        int perWindow = Math.max(1, (int) (rate * WINDOW_SECONDS));
        for (int from = 0; from + perWindow <= timed.length; from += perWindow) {
            windows.add(pct(sortedAfter(Arrays.copyOfRange(timed, from, from + perWindow), 0), 0.99));
        }
        return new Latency(pct(sorted, 0.50), pct(sorted, 0.99), sorted.length, byStage, windows, threadMetrics, jvm);
    }

    private static long[] sortedAfter(long[] all, int skip) {
        long[] v = Arrays.copyOfRange(all, Math.min(all.length, skip), all.length);
        Arrays.sort(v);
        return v;
    }

    private static long pct(long[] sorted, double q) {
        if (sorted.length == 0) return -1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1))];
    }

    private KafkaConsumer<byte[], byte[]> consumer(String topic) {
        Map<String, Object> p = new HashMap<>(config.kafkaClientConfig());
        p.put("group.id", "bench-reader-" + System.nanoTime());
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        p.put("max.poll.records", "5000");
        KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }
}
