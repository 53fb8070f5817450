package io.emostream.trends;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.avro.EmotionAlert;
import io.emostream.avro.EmotionTrend;
import io.emostream.avro.LabelledComment;
import io.emostream.config.EmostreamConfig;
import io.emostream.emotions.EmotionGroups;
import io.emostream.serde.AvroDeserializer;
import io.emostream.serde.AvroSerializer;
import io.emostream.serde.InMemorySchemaRegistry;
import io.emostream.serde.RecordReader;
import io.emostream.streams.StreamsProperties;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The trend windows and the spike alerts on a synthetic stream with a planted spike, in a TopologyTestDriver. */
class TrendTopologyTest {
    private static final String SCOPE = "trends-test";
    private static final long MINUTE = 60_000;
    private static final long T0 = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();
    /** The planted spike: anger about "news" in windows 8 and 9 (the alert must fire in 8 only: no storm). */
    private static final int SPIKE = 8;

    private TopologyTestDriver driver;
    private final AvroSerializer<LabelledComment> avro = new AvroSerializer<>();
    private TestInputTopic<String, byte[]> labelled;
    private int ids;

    @AfterEach
    void close() {
        if (driver != null) driver.close();
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    private EmostreamConfig start(Map<String, String> more) throws Exception {
        Map<String, String> m = new HashMap<>(Map.of(
                "schema.registry.url",
                "mock://" + SCOPE,
                "trends.grace.ms",
                "5000",
                "alerts.warmup.windows",
                "5",
                "alerts.min.count",
                "5",
                // low enough that the spike's second window (z about 3.5 against a baseline that took in the first)
                // would alert again without the re-arm rule
                "alerts.z",
                "3"));
        m.putAll(more);
        EmostreamConfig config = EmostreamConfig.defaults().with(m);
        Properties p = StreamsProperties.of(config, "trends-test");
        p.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory("trends-test").toString());
        // emit-on-window-close checks at most once per wall-clock second by default; the driver's clock stands still
        p.put(StreamsConfig.InternalConfig.EMIT_INTERVAL_MS_KSTREAMS_WINDOWED_AGGREGATION, 0L);
        driver = new TopologyTestDriver(
                TrendTopology.build(
                        config,
                        new RecordReader(
                                "trends", new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), 1000)),
                p);
        avro.configure(config.serdeConfig(), false);
        labelled = driver.createInputTopic("comments-labelled", new StringSerializer(), new ByteArraySerializer());
        return config;
    }

    private void send(String source, long createdAt, boolean angry) {
        send(source, createdAt, angry, "v1");
    }

    private void send(String source, long createdAt, boolean angry, String modelVersion) {
        Map<String, Float> scores = new HashMap<>();
        for (String l : EmotionGroups.GOEMOTIONS) scores.put(l, 0.02f);
        List<String> labels = new ArrayList<>();
        if (angry) {
            scores.put("anger", 0.9f);
            labels.add("anger");
        } else {
            scores.put("neutral", 0.8f);
            labels.add("neutral");
        }
        String id = "c" + ids++;
        LabelledComment c = LabelledComment.newBuilder()
                .setId(id)
                .setSource(source)
                .setCreatedAt(Instant.ofEpochMilli(createdAt))
                .setText(angry ? "this is outrageous " + id : "ok " + id)
                .setLabels(labels)
                .setScores(scores)
                .setTopLabel(labels.get(0))
                .setModelVersion(modelVersion)
                .setClassifiedAt(Instant.ofEpochMilli(createdAt + 50))
                .setTopics(newsTopic != null && source.equals("news") ? List.of(newsTopic) : List.of())
                .build();
        labelled.pipeInput(id, avro.serialize("comments-labelled", c), replayedAt > 0 ? replayedAt : createdAt + 50);
    }

    /** When set, the comments of "news" belong to this tracked topic. */
    private String newsTopic;

    /** When set, comments reach the topic now, as a backfill of history does; their windows follow createdAt. */
    private long replayedAt;

    @Test
    void aDayOfHistoryReplayedNowLandsInTheWindowsOfItsOwnTime() throws Exception {
        EmostreamConfig c = start(Map.of("trends.window.ms", "3600000", "trends.long.window.ms", "0"));
        replayedAt = System.currentTimeMillis();
        long day = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();
        for (int h = 0; h < 24; h++)
            for (int i = 0; i < 10; i++) send("news", day + h * 60 * MINUTE + i * MINUTE, h == 13 && i < 8);
        send("news", day + 25 * 60 * MINUTE, false); // a comment of the next day closes the last hour
        AvroDeserializer<EmotionTrend> d = new AvroDeserializer<>(EmotionTrend.class);
        d.configure(c.serdeConfig(), false);
        List<EmotionTrend> trends =
                driver.createOutputTopic("emotion-trends", new StringDeserializer(), d).readValuesToList().stream()
                        .filter(t -> t.getSource().equals("news"))
                        .toList();
        assertThat(trends).hasSize(24);
        for (int h = 0; h < 24; h++) {
            assertThat(trends.get(h).getWindowStart()).isEqualTo(Instant.ofEpochMilli(day + h * 60 * MINUTE));
            assertThat(trends.get(h).getCount()).isEqualTo(10);
            assertThat(trends.get(h).getEkman().get("anger").getCount()).isEqualTo(h == 13 ? 8 : 0);
        }
    }

    /** 14 one-minute windows of 40 comments per source, anger at 2-5 of 40, except news in the spike windows: 26 of 40. */
    private void stream(boolean plantSpike) {
        Random r = new Random(7);
        for (int w = 0; w < 14; w++) {
            for (String source : List.of("news", "forum")) {
                int angry =
                        plantSpike && source.equals("news") && (w == SPIKE || w == SPIKE + 1) ? 26 : 2 + r.nextInt(4);
                for (int i = 0; i < 40; i++) send(source, T0 + w * MINUTE + i * 1000L, i < angry);
            }
        }
        send("forum", T0 + 15 * MINUTE, false); // moves stream time past window 13's close
    }

    private List<EmotionAlert> alerts(EmostreamConfig c) {
        AvroDeserializer<EmotionAlert> d = new AvroDeserializer<>(EmotionAlert.class);
        d.configure(c.serdeConfig(), false);
        return driver.createOutputTopic("emotion-alerts", new StringDeserializer(), d)
                .readValuesToList();
    }

    @Test
    void aTrackedTopicHasItsOwnWindowsAndAlertsWithAKindASeverityAndAReason() throws Exception {
        newsTopic = "Acme";
        EmostreamConfig c = start(Map.of());
        stream(true);
        List<EmotionAlert> alerts = alerts(c);
        List<EmotionAlert> acme =
                alerts.stream().filter(a -> "Acme".equals(a.getTopic())).toList();
        assertThat(acme)
                .extracting(a -> a.getSource() + "/" + a.getKind() + "/" + a.getGroup() + "/" + a.getLabel())
                .contains("*/emotion/labels/anger", "*/emotion/ekman/anger", "*/negative/sentiment/negative");
        EmotionAlert anger = acme.stream()
                .filter(a -> a.getLabel().equals("anger") && a.getGroup().equals("labels"))
                .findFirst()
                .orElseThrow();
        assertThat(anger.getCount()).isEqualTo(26);
        // z past twice the threshold, on five times the minimum count
        assertThat(anger.getSeverity()).isEqualTo(3);
        assertThat(anger.getReason()).startsWith("topic Acme: anger in 65% of 40 comments, usually ");
        assertThat(alerts)
                .extracting(EmotionAlert::getAlertId)
                .doesNotHaveDuplicates()
                .allMatch(id -> !id.isEmpty());
        // the source's own alerts say no topic
        assertThat(alerts).filteredOn(a -> a.getSource().equals("news")).allMatch(a -> a.getTopic() == null);

        AvroDeserializer<EmotionTrend> d = new AvroDeserializer<>(EmotionTrend.class);
        d.configure(c.serdeConfig(), false);
        List<EmotionTrend> trends = driver.createOutputTopic("emotion-trends", new StringDeserializer(), d)
                .readValuesToList();
        List<EmotionTrend> acmeTrends =
                trends.stream().filter(t -> "Acme".equals(t.getTopic())).toList();
        assertThat(acmeTrends).hasSize(14).allSatisfy(t -> {
            assertThat(t.getSource()).isEqualTo("*");
            assertThat(t.getCount()).isEqualTo(40);
        });
        assertThat(trends).filteredOn(t -> t.getSource().equals("forum")).allMatch(t -> t.getTopic() == null);
    }

    /** Asked for, a topic's windows and alerts are kept per source too, beside the topic's own. */
    @Test
    void aTopicPerSourceWhenAskedFor() throws Exception {
        newsTopic = "Acme";
        EmostreamConfig c = start(Map.of("trends.topic.sources", "true"));
        stream(true);
        List<EmotionAlert> acme = alerts(c).stream()
                .filter(a -> "Acme".equals(a.getTopic()) && a.getLabel().equals("anger"))
                .toList();
        assertThat(acme).extracting(EmotionAlert::getSource).contains("*", "news");
        assertThat(acme)
                .filteredOn(a -> a.getSource().equals("news"))
                .allSatisfy(a -> assertThat(a.getReason()).startsWith("topic Acme in news: anger in 65%"));
        AvroDeserializer<EmotionTrend> d = new AvroDeserializer<>(EmotionTrend.class);
        d.configure(c.serdeConfig(), false);
        List<EmotionTrend> perSource =
                driver.createOutputTopic("emotion-trends", new StringDeserializer(), d).readValuesToList().stream()
                        .filter(t ->
                                "Acme".equals(t.getTopic()) && t.getSource().equals("news"))
                        .toList();
        assertThat(perSource)
                .hasSize(14)
                .allSatisfy(t -> assertThat(t.getCount()).isEqualTo(40));
        WindowStore<String, TrendAggregate> store = driver.getWindowStore(TrendTopology.SHORT_STORE);
        assertThat(store.fetch(TrendTopology.topicKey("Acme", "news"), T0, T0 + 13 * MINUTE))
                .toIterable()
                .hasSize(14);
    }

    @Test
    void aVolumeSpikeRaisesAVolumeAlert() throws Exception {
        EmostreamConfig c = start(Map.of());
        Random r = new Random(7);
        for (int w = 0; w < 14; w++) {
            int n = w == SPIKE ? 200 : 36 + r.nextInt(8);
            for (int i = 0; i < n; i++) send("forum", T0 + w * MINUTE + i * 250L, i % 10 == 0);
        }
        send("forum", T0 + 15 * MINUTE, false);
        List<EmotionAlert> volume =
                alerts(c).stream().filter(a -> a.getKind().equals("volume")).toList();
        assertThat(volume)
                .extracting(a -> a.getSource() + "@" + a.getWindowStart())
                .containsExactlyInAnyOrder(
                        "forum@" + Instant.ofEpochMilli(T0 + SPIKE * MINUTE),
                        "*@" + Instant.ofEpochMilli(T0 + SPIKE * MINUTE));
        EmotionAlert v = volume.get(0);
        assertThat(v.getCount()).isEqualTo(200);
        assertThat(v.getLabel()).isEqualTo("comments");
        assertThat(v.getSeverity()).isEqualTo(3);
        assertThat(v.getReason()).containsPattern("200 comments in the window, usually [34]\\d \\(z ");
    }

    /** The same emotion spiking again two windows later: one alert within the cool-down, two without it. */
    @ParameterizedTest
    @CsvSource({"600000, 1", "0, 2"})
    void aStormIsOneAlertWithinTheCoolDown(String coolDownMs, int expected) throws Exception {
        EmostreamConfig c = start(Map.of("alerts.cooldown.ms", coolDownMs));
        Random r = new Random(7);
        for (int w = 0; w < 14; w++) {
            int angry = w == SPIKE || w == SPIKE + 2 ? 26 : 2 + r.nextInt(4);
            for (int i = 0; i < 40; i++) send("news", T0 + w * MINUTE + i * 1000L, i < angry);
        }
        send("news", T0 + 15 * MINUTE, false);
        assertThat(alerts(c))
                .filteredOn(a -> a.getSource().equals("news")
                        && a.getGroup().equals("labels")
                        && a.getLabel().equals("anger"))
                .hasSize(expected);
    }

    @Test
    void aPlantedSpikeRaisesOneAlertInItsWindowAndNoneElsewhere() throws Exception {
        EmostreamConfig c = start(Map.of());
        stream(true);
        List<EmotionAlert> alerts = alerts(c);
        Instant spike = Instant.ofEpochMilli(T0 + SPIKE * MINUTE);
        assertThat(alerts)
                .extracting(a -> a.getSource() + "/" + a.getGroup() + "/" + a.getLabel())
                .contains("news/labels/anger", "news/ekman/anger", "news/sentiment/negative", "*/labels/anger")
                .doesNotHaveDuplicates()
                .noneMatch(k -> k.startsWith("forum/"));
        assertThat(alerts).allSatisfy(a -> assertThat(a.getWindowStart()).isEqualTo(spike));
        EmotionAlert anger = alerts.stream()
                .filter(a -> a.getSource().equals("news")
                        && a.getLabel().equals("anger")
                        && a.getGroup().equals("labels"))
                .findFirst()
                .orElseThrow();
        assertThat(anger.getCount()).isEqualTo(26);
        assertThat(anger.getWindowCount()).isEqualTo(40);
        assertThat(anger.getShare()).isEqualTo(26 / 40.0);
        assertThat(anger.getBaseline()).isBetween(0.05, 0.125);
        assertThat(anger.getZ()).isGreaterThanOrEqualTo(4.0);
        assertThat(anger.getExamples())
                .hasSize(3)
                .allSatisfy(e -> assertThat(e.getText()).startsWith("this is outrageous"));
        // queryable for /api/alerts
        KeyValueStore<String, AlertView> store = driver.getKeyValueStore(TrendTopology.ALERTS_STORE);
        assertThat(store.approximateNumEntries()).isEqualTo(alerts.size());
    }

    /**
     * From minute 8 another model labels the comments, and finds anger in 26 of 40 where the old one found 2-5: the
     * share jumps because the model changed, not the mood, so the baselines start again and nothing alerts.
     */
    @Test
    void aModelSwapIsNotASpike() throws Exception {
        EmostreamConfig c = start(Map.of());
        Random r = new Random(7);
        for (int w = 0; w < 14; w++) {
            String version = w < SPIKE ? "v1" : "v2";
            int angry = w < SPIKE ? 2 + r.nextInt(4) : 24 + r.nextInt(4);
            for (int i = 0; i < 40; i++) send("news", T0 + w * MINUTE + i * 1000L, i < angry, version);
        }
        send("news", T0 + 15 * MINUTE, false, "v2");
        assertThat(alerts(c)).isEmpty();
        AvroDeserializer<EmotionTrend> d = new AvroDeserializer<>(EmotionTrend.class);
        d.configure(c.serdeConfig(), false);
        var trends = driver.createOutputTopic("emotion-trends", new StringDeserializer(), d)
                .readKeyValuesToList();
        assertThat(trends.stream()
                        .filter(kv -> kv.key.equals("news@2026-12-01T10:07:00Z/PT1M"))
                        .findFirst()
                        .orElseThrow()
                        .value
                        .getModelVersions())
                .containsExactly("v1");
        assertThat(trends.stream()
                        .filter(kv -> kv.key.equals("news@2026-12-01T10:08:00Z/PT1M"))
                        .findFirst()
                        .orElseThrow()
                        .value
                        .getModelVersions())
                .containsExactly("v2");
    }

    @Test
    void withoutASpikeNoAlert() throws Exception {
        EmostreamConfig c = start(Map.of());
        stream(false);
        assertThat(alerts(c)).isEmpty();
    }

    @Test
    void everyClosedWindowIsWrittenOnceWithItsCountsAndTheStoreAnswersRanges() throws Exception {
        EmostreamConfig c = start(Map.of("trends.long.window.ms", "600000", "trends.long.retention.ms", "86400000"));
        stream(true);
        AvroDeserializer<EmotionTrend> d = new AvroDeserializer<>(EmotionTrend.class);
        d.configure(c.serdeConfig(), false);
        var out = driver.createOutputTopic("emotion-trends", new StringDeserializer(), d)
                .readKeyValuesToList();
        List<String> keys = out.stream().map(kv -> kv.key).toList();
        assertThat(keys)
                .doesNotHaveDuplicates()
                .contains(
                        "news@2026-12-01T10:08:00Z/PT1M",
                        "*@2026-12-01T10:13:00Z/PT1M",
                        "forum@2026-12-01T10:00:00Z/PT10M")
                .doesNotContain("forum@2026-12-01T10:15:00Z/PT1M", "forum@2026-12-01T10:10:00Z/PT10M"); // still open
        // 14 closed one-minute windows for news, forum and "*"; one closed ten-minute window each
        assertThat(keys.stream().filter(k -> k.endsWith("/PT1M"))).hasSize(42);
        assertThat(keys.stream().filter(k -> k.endsWith("/PT10M"))).hasSize(3);
        EmotionTrend spike = out.stream()
                .filter(kv -> kv.key.equals("news@2026-12-01T10:08:00Z/PT1M"))
                .findFirst()
                .orElseThrow()
                .value;
        assertThat(spike.getCount()).isEqualTo(40);
        assertThat(spike.getLabels()).hasSize(28);
        assertThat(spike.getLabels().get("anger").getCount()).isEqualTo(26);
        assertThat(spike.getLabels().get("anger").getMeanScore())
                .isCloseTo((26 * 0.9f + 14 * 0.02f) / 40, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(spike.getEkman().keySet())
                .containsExactlyInAnyOrder("anger", "disgust", "fear", "joy", "sadness", "surprise", "neutral");
        assertThat(spike.getEkman().get("anger").getCount()).isEqualTo(26);
        assertThat(spike.getSentiment().get("negative").getCount()).isEqualTo(26);
        assertThat(spike.getSentiment().get("neutral").getCount()).isEqualTo(14);
        EmotionTrend all = out.stream()
                .filter(kv -> kv.key.equals("*@2026-12-01T10:08:00Z/PT1M"))
                .findFirst()
                .orElseThrow()
                .value;
        assertThat(all.getCount()).isEqualTo(80);

        WindowStore<String, TrendAggregate> store = driver.getWindowStore(TrendTopology.SHORT_STORE);
        try (var it =
                store.fetch("news", Instant.ofEpochMilli(T0 + 7 * MINUTE), Instant.ofEpochMilli(T0 + 9 * MINUTE))) {
            List<Long> counts = new ArrayList<>();
            it.forEachRemaining(kv -> counts.add(kv.value.stat(EmotionGroups.LABELS, "anger").count));
            assertThat(counts).hasSize(3).element(1).isEqualTo(26L);
        }
    }
}
