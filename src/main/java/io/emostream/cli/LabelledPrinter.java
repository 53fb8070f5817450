package io.emostream.cli;

import io.emostream.avro.EmotionAlert;
import io.emostream.avro.LabelledComment;
import io.emostream.config.EmostreamConfig;
import io.emostream.topics.Topics;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Follows the labelled topic and the alerts (read_committed) and prints each event as one readable line. */
final class LabelledPrinter implements Runnable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<LabelledComment> labelled;
    private final Deserializer<EmotionAlert> alerts;
    private final String topic;
    private final PrintStream out;
    private final AtomicLong printed = new AtomicLong();
    private volatile boolean running = true;

    LabelledPrinter(EmostreamConfig config, PrintStream out) {
        Map<String, Object> p = new HashMap<>(config.kafkaClientConfig());
        p.put("group.id", "emostream-demo-printer");
        p.put("auto.offset.reset", "latest");
        p.put("isolation.level", "read_committed");
        Topics topics = Topics.of(config);
        labelled = topics.labelled().deserializer();
        alerts = topics.alerts().deserializer();
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.topic = topics.labelled().name();
        this.out = out;
        consumer.subscribe(
                topics.trendsEnabled() ? List.of(topic, topics.alerts().name()) : List.of(topic));
    }

    /** Blocks until the consumer has its partitions, so nothing produced after this returns is missed. */
    void awaitAssignment(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumer.assignment().isEmpty() && System.nanoTime() < deadline)
            consumer.poll(Duration.ofMillis(100)).forEach(this::print);
    }

    long printed() {
        return printed.get();
    }

    @Override
    public void run() {
        try {
            while (running) consumer.poll(Duration.ofMillis(200)).forEach(this::print);
        } catch (WakeupException e) {
            // stopping
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }

    private void print(ConsumerRecord<String, byte[]> r) {
        if (!r.topic().equals(topic)) {
            out.println(alertLine(alerts.deserialize(r.topic(), r.value())));
            return;
        }
        LabelledComment c = labelled.deserialize(r.topic(), r.value());
        String labels = labelsColumn(c);
        String text = c.getText().length() > 70 ? c.getText().substring(0, 67) + "..." : c.getText();
        long latency = c.getClassifiedAt().toEpochMilli() - c.getCreatedAt().toEpochMilli();
        out.printf(
                "%s  %-8s %-40s  \"%s\"  (%d ms, %s)%n",
                LocalTime.now().format(TIME), c.getSource(), "[" + labels + "]", text, latency, c.getModelVersion());
        printed.incrementAndGet();
    }

    /** An alert as one line: its window, grouping and the detector's own words (which say the topic and kind). */
    static String alertLine(EmotionAlert a) {
        String reason = a.getReason() == null || a.getReason().isEmpty()
                ? String.format(
                        "%s: %s in %.0f%% of %d comments, usually %.0f%% (z %.1f)",
                        a.getSource().equals("*") ? "all sources" : a.getSource(),
                        a.getLabel(),
                        100 * a.getShare(),
                        a.getWindowCount(),
                        100 * a.getBaseline(),
                        a.getZ())
                : a.getReason();
        return String.format(
                "*** ALERT %s-%s [%s] %s, e.g. \"%s\"",
                LocalTime.ofInstant(a.getWindowStart(), java.time.ZoneId.systemDefault())
                        .format(TIME),
                LocalTime.ofInstant(a.getWindowEnd(), java.time.ZoneId.systemDefault())
                        .format(TIME),
                a.getGroup(),
                reason,
                a.getExamples().isEmpty() ? "" : a.getExamples().get(0).getText());
    }

    /**
     * The labels said with their scores, best first; when no fine label is sure enough, the coarse groups said (the
     * group head, trained on more genres than the labels, often still hears the emotion).
     */
    static String labelsColumn(LabelledComment c) {
        if (c.getUnscoredReason() != null) return "not read: " + c.getUnscoredReason() + " " + c.getLanguage();
        if (c.getLabels().isEmpty() && c.getGroups() != null && !c.getGroups().isEmpty())
            return "groups: " + String.join(", ", c.getGroups());
        return c.getLabels().stream()
                .sorted(Comparator.comparing((String l) -> -c.getScores().getOrDefault(l, 0f)))
                .map(l -> String.format("%s %.2f", l, c.getScores().getOrDefault(l, 0f)))
                .collect(Collectors.joining(", "));
    }
}
