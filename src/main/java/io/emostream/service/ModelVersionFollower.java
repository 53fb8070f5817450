package io.emostream.service;

import io.emostream.avro.ModelStatus;
import io.emostream.avro.ModelVersion;
import io.emostream.config.EmostreamConfig;
import io.emostream.model.EmotionModel;
import io.emostream.model.ModelHolder;
import io.emostream.model.Scorer;
import io.emostream.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code model-versions} from its start and swaps the serving model to each promoted version: the bundle is
 * loaded and warmed up first, checked on a few texts (28 finite probabilities each), and only then swapped in; the
 * stream picks it up between two batches. A bundle that fails to load or the check is refused and the old model
 * keeps serving.
 */
public final class ModelVersionFollower implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelVersionFollower.class);
    private static final List<String> SMOKE = List.of("thank you so much!", "this is terrible", "what do you mean?");

    private final ModelHolder holder;
    private final String topic;
    private final String device;
    private final KafkaConsumer<String, ModelVersion> consumer;
    private final Consumer<String> console;
    private volatile boolean running = true;

    private final Path home;

    /** @param home what a relative bundle location is resolved against: the instance's emostream home */
    public ModelVersionFollower(EmostreamConfig config, ModelHolder holder, Path home, Consumer<String> console) {
        this.home = home;
        this.holder = holder;
        this.topic = Topics.of(config).versions().name();
        this.device = config.get("model.device");
        this.console = console;
        Map<String, Object> c = new HashMap<>(config.kafkaClientConfig());
        c.put("isolation.level", "read_committed");
        c.put("enable.auto.commit", "false");
        this.consumer = new KafkaConsumer<>(
                c, new StringDeserializer(), Topics.of(config).versions().deserializer());
    }

    @Override
    public void run() {
        try {
            List<PartitionInfo> parts = List.of();
            while (running && parts.isEmpty()) {
                parts = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                if (parts.isEmpty()) Thread.sleep(2000); // topic not created yet
            }
            List<TopicPartition> tps = parts.stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            while (running) {
                ModelVersion latest = null;
                for (ConsumerRecord<String, ModelVersion> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() != null && r.value().getStatus() == ModelStatus.promoted) latest = r.value();
                }
                if (latest != null
                        && !latest.getVersion().equals(holder.current().version())) swapTo(latest);
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Loads, checks and swaps; returns false (old model kept) when the bundle is unusable. */
    public boolean swapTo(ModelVersion v) {
        long started = System.nanoTime();
        EmotionModel next;
        try {
            Path location = Path.of(v.getLocation());
            next = EmotionModel.load(location.isAbsolute() ? location : home.resolve(location), device);
        } catch (RuntimeException e) {
            console.accept("model " + v.getVersion() + " refused, still serving "
                    + holder.current().version() + ": " + e.getMessage());
            return false;
        }
        String problem = smokeCheck(next, holder.current().labels());
        if (problem != null) {
            next.close();
            console.accept("model " + v.getVersion() + " refused, still serving "
                    + holder.current().version() + ": " + problem);
            return false;
        }
        String old = holder.current().version();
        holder.swap(next);
        console.accept(String.format(
                "swapped model %s -> %s (loaded and checked in %d ms; the stream picks it up at its next batch)",
                old, v.getVersion(), (System.nanoTime() - started) / 1_000_000));
        return true;
    }

    public static String smokeCheck(EmotionModel m, List<String> expectedLabels) {
        if (!m.labels().equals(expectedLabels)) return "its labels differ from the serving model's";
        try (Scorer s = m.newScorer()) {
            for (int i = 0; i < 3; i++) s.score(SMOKE); // warm up before it serves
            for (float[] row : s.score(SMOKE)) {
                // a row holds the labels, then any Ekman groups the model scores itself
                int width = expectedLabels.size() + m.groupOutputs().size();
                if (row.length != width) return "it scores " + row.length + " outputs, not " + width;
                for (float p : row) if (!(p >= 0 && p <= 1)) return "it produced a score of " + p;
            }
        } catch (RuntimeException e) {
            return "it failed on a test batch: " + e.getMessage();
        }
        return null;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
