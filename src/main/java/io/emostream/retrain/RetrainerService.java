package io.emostream.retrain;

import io.emostream.avro.ModelStatus;
import io.emostream.avro.ModelVersion;
import io.emostream.avro.RetrainRequest;
import io.emostream.avro.TrainingExample;
import io.emostream.config.EmostreamConfig;
import io.emostream.topics.Topic;
import io.emostream.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running retrainer: takes RetrainRequests one at a time (requests that queue up during a training are
 * merged into one), retrains, and publishes the gate's decision as a ModelVersion. The serving model is the latest
 * promoted version on {@code model-versions}, or {@code model.dir} before any.
 */
public final class RetrainerService implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetrainerService.class);

    private final EmostreamConfig config;
    private final Path home;
    private final Retrainer retrainer;
    private final Consumer<String> console;
    private final KafkaConsumer<String, RetrainRequest> requests;
    private final KafkaProducer<String, ModelVersion> versions;
    private final Topics topics;
    private volatile boolean running = true;
    private volatile boolean stopped;
    private io.micrometer.core.instrument.MeterRegistry registry =
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

    /** {@code emostream_retrainings_total{outcome=started|promoted|rejected|failed}} in {@code registry}. */
    public RetrainerService bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
        this.registry = registry;
        for (String outcome : List.of("started", "promoted", "rejected", "failed")) count(outcome, 0);
        return this;
    }

    private void count(String outcome, int n) {
        io.micrometer.core.instrument.Counter.builder("emostream.retrainings")
                .description("retrainings started, and how they ended: promoted, rejected by the gate, or failed")
                .tag("outcome", outcome)
                .register(registry)
                .increment(n);
    }

    /** False once the request loop has ended (stopped or failed): the retrainer's liveness. */
    public boolean alive() {
        return !stopped;
    }

    public RetrainerService(EmostreamConfig config, Path home, Consumer<String> console) {
        this.config = config;
        this.home = home;
        this.topics = Topics.of(config);
        this.retrainer = Retrainer.from(config, home);
        this.console = console;
        Map<String, Object> c = new HashMap<>(config.kafkaClientConfig());
        c.put("group.id", config.get("application.id") + "-retrainer");
        c.put("enable.auto.commit", "false");
        c.put("auto.offset.reset", "earliest");
        c.put("isolation.level", "read_committed");
        c.put("max.poll.interval.ms", Integer.toString(60 * 60 * 1000)); // a training may take long between polls
        this.requests = new KafkaConsumer<>(
                c, new StringDeserializer(), topics.retrain().deserializer());
        Map<String, Object> p = new HashMap<>(config.kafkaClientConfig());
        p.put("enable.idempotence", "true");
        this.versions =
                new KafkaProducer<>(p, new StringSerializer(), topics.versions().serializer());
    }

    @Override
    public void run() {
        requests.subscribe(List.of(topics.retrain().name()));
        try {
            while (running) {
                List<RetrainRequest> batch = new ArrayList<>();
                for (ConsumerRecord<String, RetrainRequest> r : requests.poll(Duration.ofMillis(500)))
                    if (r.value() != null) batch.add(r.value());
                if (batch.isEmpty()) continue;
                RetrainRequest request = batch.get(batch.size() - 1);
                if (batch.size() > 1)
                    console.accept("retrainer: merging " + batch.size() + " queued requests into one ("
                            + request.getId() + ")");
                handle(request);
                requests.commitSync();
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            stopped = true;
            requests.close(Duration.ofSeconds(2));
        }
    }

    /** The bundle's version id for messages; its folder name when the bundle does not read. */
    private static String versionOf(String bundleDir) {
        try {
            return io.emostream.model.ModelBundle.read(Path.of(bundleDir)).version();
        } catch (io.emostream.model.BundleException e) {
            return Path.of(bundleDir).getFileName().toString();
        }
    }

    void handle(RetrainRequest request) {
        String current = currentModel();
        String version = "r"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.now());
        console.accept(String.format(
                "retrainer: request %s (%s); retraining %s as %s",
                request.getId(), request.getReason(), versionOf(current), version));
        count("started", 1);
        try {
            List<TrainingExample> examples = readExamples();
            Retrainer.Outcome o = retrainer.retrain(Path.of(current), examples, version);
            Map<String, Double> perLabel = new LinkedHashMap<>();
            o.candidate().perLabel().forEach(l -> perLabel.put(l.label(), Math.round(l.f1() * 10000) / 10000.0));
            ModelVersion mv = ModelVersion.newBuilder()
                    .setVersion(version)
                    .setLocation(o.location())
                    .setStatus(o.verdict().promote() ? ModelStatus.promoted : ModelStatus.rejected)
                    .setReason(o.verdict().reason())
                    .setParentVersion(io.emostream.model.ModelBundle.read(Path.of(current))
                            .version())
                    .setMacroF1(o.candidate().macroF1())
                    .setParentMacroF1(o.current().macroF1())
                    .setPerLabelF1(perLabel)
                    .setRequestId(request.getId())
                    .setCreatedAt(Instant.now())
                    .build();
            versions.send(new ProducerRecord<>(topics.versions().name(), version, mv))
                    .get();
            count(o.verdict().promote() ? "promoted" : "rejected", 1);
            console.accept(String.format(
                    "retrainer: %s %s in %.0f s — %s",
                    version,
                    o.verdict().promote() ? "PROMOTED" : "REJECTED",
                    o.seconds(),
                    o.verdict().reason()));
        } catch (Exception e) {
            count("failed", 1);
            LOG.error("Retraining for request {} failed: {}", request.getId(), e.toString(), e);
            console.accept("retrainer: request " + request.getId() + " failed: " + e.getMessage());
        }
    }

    /** The latest promoted bundle on model-versions, or model.dir. */
    String currentModel() {
        String location = null;
        for (ConsumerRecord<String, ModelVersion> r : readAll(topics.versions())) {
            if (r.value() != null && r.value().getStatus() == ModelStatus.promoted)
                location = r.value().getLocation();
        }
        if (location != null) return location;
        Path p = Path.of(config.get("model.dir"));
        return (p.isAbsolute() ? p : home.resolve(p)).toString();
    }

    /** training-examples read to its end, resolved as {@link TrainingExamples#resolve} says. */
    List<TrainingExample> readExamples() {
        return TrainingExamples.resolve(readAll(topics.training()).stream()
                .map(r -> KeyValue.pair(r.key(), r.value()))
                .toList());
    }

    private <T> List<ConsumerRecord<String, T>> readAll(Topic<T> from) {
        String topic = from.name();
        Map<String, Object> c = new HashMap<>(config.kafkaClientConfig());
        c.put("isolation.level", "read_committed");
        c.put("enable.auto.commit", "false");
        List<ConsumerRecord<String, T>> out = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer =
                new KafkaConsumer<>(c, new StringDeserializer(), from.deserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    @Override
    public void close() {
        running = false;
        requests.wakeup();
        versions.close(Duration.ofSeconds(5));
    }
}
