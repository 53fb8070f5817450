package io.emostream.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.TestData;
import io.emostream.avro.CommentEvent;
import io.emostream.avro.LabelledComment;
import io.emostream.config.EmostreamConfig;
import io.emostream.model.EmotionModel;
import io.emostream.model.ModelHolder;
import io.emostream.model.Scorer;
import io.emostream.serde.AvroDeserializer;
import io.emostream.serde.AvroSerializer;
import io.emostream.serde.InMemorySchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClassifierTopologyTest {
    private static final String SCOPE = "topology-test";
    private static EmotionModel model;

    private TopologyTestDriver driver;
    private ThreadScorers scorers;
    private ClassifierMetrics metrics;
    private TestInputTopic<String, byte[]> comments;
    private TestOutputTopic<String, LabelledComment> labelled;
    private TestOutputTopic<String, byte[]> dlq;
    private final AvroSerializer<CommentEvent> serializer = new AvroSerializer<>();

    @BeforeAll
    static void loadModel() {
        model = EmotionModel.load(TestData.defaultModel(), "cpu");
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    @AfterEach
    void close() {
        if (driver != null) driver.close();
        if (scorers != null) scorers.close();
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    private void start(int batchSize, long maxDelayMs, ThreadScorers.ScoreCall call) {
        start(batchSize, maxDelayMs, call, true);
    }

    private void start(int batchSize, long maxDelayMs, ThreadScorers.ScoreCall call, boolean async) {
        start(batchSize, maxDelayMs, call, async, 1);
    }

    private void start(int batchSize, long maxDelayMs, ThreadScorers.ScoreCall call, boolean async, int lanes) {
        // these tests pin the size and delay triggers; the eager trigger (on by default) has its own test
        start(
                batchSize,
                maxDelayMs,
                call,
                Map.of(
                        "inference.async",
                        Boolean.toString(async),
                        "inference.lanes",
                        Integer.toString(lanes),
                        "batch.eager",
                        "false"));
    }

    private void start(int batchSize, long maxDelayMs, ThreadScorers.ScoreCall call, Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.putAll(Map.of(
                "schema.registry.url",
                "mock://" + SCOPE,
                "batch.size",
                Integer.toString(batchSize),
                "batch.max.delay.ms",
                Long.toString(maxDelayMs),
                "text.max.chars",
                "200"));
        EmostreamConfig config = EmostreamConfig.defaults().with(all);
        // the holder is not closed by the test: the shared model outlives each driver
        scorers = new ThreadScorers(new ModelHolder(model), call);
        metrics = new ClassifierMetrics(new SimpleMeterRegistry());
        driver = new TopologyTestDriver(
                ClassifierTopology.build(config, scorers, metrics), StreamsProperties.of(config, "topology-test"));
        serializer.configure(config.serdeConfig(), false);
        comments = driver.createInputTopic("comments", new StringSerializer(), new ByteArraySerializer());
        AvroDeserializer<LabelledComment> out = new AvroDeserializer<>(LabelledComment.class);
        out.configure(config.serdeConfig(), false);
        labelled = driver.createOutputTopic("comments-labelled", new StringDeserializer(), out);
        dlq = driver.createOutputTopic("comments-dlq", new StringDeserializer(), new ByteArrayDeserializer());
    }

    private void start(int batchSize, long maxDelayMs) {
        start(batchSize, maxDelayMs, Scorer::score);
    }

    /**
     * Lets dispatched batches finish on the inference lane, then advances the wall clock by one completion tick (far
     * below every max delay used here) so the processor's punctuation forwards their outputs.
     */
    private void settle() {
        scorers.awaitIdle();
        driver.advanceWallClockTime(Duration.ofMillis(MicroBatchProcessor.COMPLETION_TICK_MS));
    }

    private void send(String id, String text) {
        send(id, text, 1_000);
    }

    private void send(String id, String text, long createdAtMs) {
        send(CommentEvent.newBuilder()
                .setId(id)
                .setText(text)
                .setSource("test")
                .setCreatedAt(Instant.ofEpochMilli(createdAtMs))
                .build());
    }

    private void send(CommentEvent e) {
        comments.pipeInput(e.getId(), serializer.serialize("comments", e));
    }

    @Test
    void flushesWhenTheBatchIsFull() {
        start(4, 60_000);
        for (int i = 0; i < 3; i++) send("c" + i, "thank you so much!");
        assertThat(labelled.isEmpty()).isTrue();
        settle();
        assertThat(labelled.isEmpty())
                .as("three of four: no batch dispatched yet")
                .isTrue();
        send("c3", "this is awful");
        settle();
        assertThat(labelled.readKeyValuesToList()).hasSize(4);
    }

    @Test
    void flushesAfterTheMaxDelayOnTheWallClock() {
        start(64, 200);
        send("a", "I love it");
        send("b", "so sad");
        driver.advanceWallClockTime(Duration.ofMillis(100));
        settle();
        assertThat(labelled.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofMillis(150));
        settle();
        assertThat(keys(labelled.readKeyValuesToList())).containsExactly("a", "b");
    }

    @Test
    void keepsInputOrderAcrossBatches() {
        start(3, 60_000);
        List<String> ids = IntStream.range(0, 12).mapToObj(i -> "id-" + i).toList();
        for (String id : ids) send(id, "comment number " + id + " is great");
        settle();
        List<TestRecord<String, LabelledComment>> out = labelled.readRecordsToList();
        assertThat(out).extracting(TestRecord::key).containsExactlyElementsOf(ids);
        assertThat(out).extracting(r -> r.value().getId()).containsExactlyElementsOf(ids);
    }

    @Test
    void labelsAreTheScoresOverEachLabelsTunedThreshold() {
        start(2, 60_000);
        send("g", "Thank you so much, this is wonderful!");
        send("s", "I am so sorry for your loss, this is heartbreaking.");
        settle();
        for (LabelledComment c : labelled.readValuesToList()) {
            assertThat(c.getScores()).hasSize(28);
            assertThat(c.getModelVersion()).isEqualTo(model.version());
            float[] scores = new float[28];
            for (int j = 0; j < 28; j++)
                scores[j] = c.getScores().get(model.labels().get(j));
            assertThat(c.getLabels()).containsExactlyElementsOf(model.labelNames(model.decide(scores)));
            String top = c.getScores().entrySet().stream()
                    .max(Map.Entry.comparingByValue())
                    .orElseThrow()
                    .getKey();
            assertThat(c.getTopLabel()).isEqualTo(top);
            if (c.getId().equals("g")) assertThat(c.getLabels()).contains("gratitude");
            if (c.getId().equals("s")) assertThat(c.getLabels()).containsAnyOf("sadness", "remorse");
        }
    }

    @Test
    void cleansBeforeScoring() {
        start(2, 60_000);
        send("raw", "@someone I really love this https://example.com/x");
        send("clean", "I really love this");
        settle();
        List<LabelledComment> out = labelled.readValuesToList();
        // same cleaned text, same scores (up to float rounding of the row's position in the batch)
        for (String label : model.labels()) {
            assertThat(out.get(0).getScores().get(label))
                    .isCloseTo(out.get(1).getScores().get(label), org.assertj.core.data.Offset.offset(1e-5f));
        }
        assertThat(out.get(0).getText()).isEqualTo("@someone I really love this https://example.com/x");
    }

    @Test
    void emptyTextGivesTheDocumentedNeutralOutput() {
        start(4, 60_000);
        send("null", null);
        send("blank", "   \t");
        send("junk", "@who https://x.io ...");
        send("ok", "what a day");
        settle();
        List<LabelledComment> out = labelled.readValuesToList();
        assertThat(out).hasSize(4);
        for (LabelledComment c : out.subList(0, 3)) {
            assertThat(c.getEmptyText()).isTrue();
            assertThat(c.getLabels()).containsExactly("neutral");
            assertThat(c.getScores().get("neutral")).isEqualTo(1f);
            assertThat(c.getScores().values().stream()
                            .mapToDouble(Float::doubleValue)
                            .sum())
                    .isEqualTo(1.0);
        }
        assertThat(out.get(3).getEmptyText()).isFalse();
    }

    @Test
    void longTextIsCutAndFlaggedAndEmojiAndNonLatinPass() {
        start(2, 60_000);
        String longText = "😂".repeat(150); // 300 chars (surrogate pairs) > 200
        send("long", longText);
        send("intl", "Привет! 你好 😍");
        settle();
        List<LabelledComment> out = labelled.readValuesToList();
        assertThat(out.get(0).getTruncated()).isTrue();
        assertThat(out.get(0).getText()).hasSize(200).isEqualTo("😂".repeat(100));
        assertThat(out.get(1).getTruncated()).isFalse();
        // Russian and Chinese: not read by an English model, so not scored (and never called neutral)
        assertThat(out.get(1).getUnscoredReason()).isEqualTo("language");
        assertThat(out.get(1).getLanguage()).isEqualTo("ru");
        assertThat(out.get(1).getLabels()).isEmpty();
    }

    /** Each comment is tagged with every tracked topic it mentions or its metadata names, whatever its language. */
    @Test
    void commentsAreTaggedWithTheirTrackedTopics(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path topics = java.nio.file.Files.writeString(
                dir.resolve("topics.yaml"),
                "topics:\n  - name: Acme\n    terms: [acme, '#acme']\n  - name: Zeta Phone\n    terms: [zeta phone]\n");
        start(1, 60_000, io.emostream.model.Scorer::score, Map.of("topics.file", topics.toString()));
        send("both", "My ACME order arrived with a broken Zeta Phone, furious");
        send("none", "the weather is lovely today");
        send(CommentEvent.newBuilder()
                .setId("tagged")
                .setText("Estoy muy enojado con este servicio")
                .setSource("test")
                .setMetadata(Map.of("topic", "zeta phone"))
                .setCreatedAt(Instant.ofEpochMilli(1_000))
                .build());
        settle();
        Map<String, LabelledComment> out = new java.util.HashMap<>();
        labelled.readKeyValuesToList().forEach(kv -> out.put(kv.key, kv.value));
        assertThat(out).containsOnlyKeys("both", "none", "tagged");
        assertThat(out.get("both").getTopics()).containsExactly("Acme", "Zeta Phone");
        assertThat(out.get("none").getTopics()).isEmpty();
        assertThat(out.get("tagged").getTopics()).containsExactly("Zeta Phone");
        assertThat(out.get("tagged").getUnscoredReason()).isEqualTo("language");
    }

    @Test
    void theProducersContextComesThroughAndOtherLanguagesAreMarkedNotGuessedNeutral() {
        start(1, 60_000);
        send(CommentEvent.newBuilder()
                .setId("es")
                .setText("Estoy muy enojado con este servicio")
                .setSource("test")
                .setAuthor("@ana")
                .setMetadata(Map.of("brand", "acme", "thread", "t-42"))
                .setCreatedAt(Instant.ofEpochMilli(1_000))
                .build());
        send(CommentEvent.newBuilder()
                .setId("declared")
                .setText("Estoy muy enojado con este servicio")
                .setSource("test")
                .setLang("en-GB") // the producer's word wins over the detector
                .setCreatedAt(Instant.ofEpochMilli(1_000))
                .build());
        send("en", "I am so angry with this service");
        settle();
        Map<String, LabelledComment> out = new java.util.HashMap<>();
        labelled.readKeyValuesToList().forEach(kv -> out.put(kv.key, kv.value));
        LabelledComment es = out.get("es");
        assertThat(es.getLanguage()).isEqualTo("es");
        assertThat(es.getUnscoredReason()).isEqualTo("language");
        assertThat(es.getLabels()).isEmpty();
        assertThat(es.getScores()).isEmpty();
        assertThat(es.getAuthor()).isEqualTo("@ana");
        assertThat(es.getMetadata()).containsEntry("brand", "acme").containsEntry("thread", "t-42");
        assertThat(out.get("declared").getLanguage()).isEqualTo("en");
        assertThat(out.get("declared").getLang()).isEqualTo("en-GB");
        assertThat(out.get("declared").getUnscoredReason()).isNull();
        assertThat(out.get("declared").getScores()).hasSize(28);
        assertThat(out.get("en").getLanguage()).isEqualTo("en");
        assertThat(out.get("en").getLabels()).contains("anger");
        assertThat(out.get("en").getGroups()).contains("anger", "negative");
        // the default model scores the Ekman groups with a head of their own: the group's score is its, not a label's
        assertThat(model.groupOutputs()).contains("anger");
        assertThat(out.get("en").getGroupScores().get("anger"))
                .isGreaterThan(0.5f)
                .isNotEqualTo(out.get("en").getScores().get("anger"));
        assertThat(out.get("en").getGroupScores())
                .containsKeys(
                        "anger",
                        "disgust",
                        "fear",
                        "joy",
                        "sadness",
                        "surprise",
                        "neutral",
                        "positive",
                        "negative",
                        "ambiguous");
        assertThat(es.getGroups()).isEmpty();
        assertThat(metrics.registry()
                        .get("emostream.comments.language")
                        .tag("language", "es")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void scoringOtherLanguagesAnywayIsAChoice() {
        start(1, 60_000, Scorer::score, Map.of("language.unreadable", "score", "batch.eager", "false"));
        send("es", "Estoy muy enojado con este servicio");
        settle();
        LabelledComment es = labelled.readValue();
        assertThat(es.getLanguage()).isEqualTo("es");
        assertThat(es.getUnscoredReason()).isNull();
        assertThat(es.getScores()).hasSize(28);
    }

    @Test
    void unreadableRecordsGoToTheDeadLetterTopicAndTheStreamGoesOn() {
        start(1, 60_000);
        send("before", "nice");
        comments.pipeInput("bad-magic", "not avro at all".getBytes(StandardCharsets.UTF_8));
        comments.pipeInput("unknown-id", new byte[] {0, 0, 0, 0x7f, 0x7f, 2, 'a'});
        byte[] good = serializer.serialize(
                "comments",
                CommentEvent.newBuilder()
                        .setId("t")
                        .setText("truncated")
                        .setSource("s")
                        .setCreatedAt(Instant.EPOCH)
                        .build());
        comments.pipeInput("truncated", java.util.Arrays.copyOf(good, good.length - 4));
        send("after", "great");
        settle();
        assertThat(keys(labelled.readKeyValuesToList())).containsExactly("before", "after");
        List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).extracting(TestRecord::key).containsExactly("bad-magic", "unknown-id", "truncated");
        assertThat(header(dead.get(0).headers(), DeadLetter.REASON)).contains("magic byte");
        assertThat(header(dead.get(1).headers(), DeadLetter.REASON)).contains("not found");
        assertThat(header(dead.get(2).headers(), DeadLetter.REASON)).contains("truncated");
        assertThat(header(dead.get(0).headers(), DeadLetter.SOURCE_TOPIC)).isEqualTo("comments");
        assertThat(header(dead.get(0).headers(), DeadLetter.SOURCE_OFFSET)).isEqualTo("1");
        assertThat(header(dead.get(2).headers(), DeadLetter.SOURCE_OFFSET)).isEqualTo("3");
        assertThat(header(dead.get(0).headers(), DeadLetter.STAGE)).isEqualTo(DeadLetter.DESERIALIZE);
        assertThat(dead.get(0).value()).isEqualTo("not avro at all".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aModelThatKeepsFailingDeadLettersItsBatchAfterBoundedRetries() {
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean broken = new AtomicBoolean(true);
        start(2, 60_000, (scorer, cleaned) -> {
            calls.incrementAndGet();
            if (broken.get()) throw new IllegalStateException("injected failure");
            return scorer.score(cleaned);
        });
        send("x1", "first");
        send("x2", "second");
        settle();
        // default model.max.retries=2: 3 attempts on the batch, then 3 on each text alone
        assertThat(calls.get()).isEqualTo(9);
        List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).extracting(TestRecord::key).containsExactly("x1", "x2");
        assertThat(header(dead.get(0).headers(), DeadLetter.STAGE)).isEqualTo(DeadLetter.MODEL);
        assertThat(header(dead.get(0).headers(), DeadLetter.REASON))
                .contains("after 3 attempts")
                .contains("injected failure");
        broken.set(false);
        // the next batch succeeds: one retry absorbed nothing more, the stream is alive
        send("y1", "third");
        send("y2", "fourth");
        settle();
        assertThat(keys(labelled.readKeyValuesToList())).containsExactly("y1", "y2");
    }

    @Test
    void aRepeatedTextSkipsTheModelAndGetsTheSameScores() {
        List<String> scored = new java.util.concurrent.CopyOnWriteArrayList<>();
        start(4, 60_000, (scorer, cleaned) -> {
            scored.addAll(cleaned);
            return scorer.score(cleaned);
        });
        // a retweet storm: the same text within one batch and across batches
        send("r1", "This is outrageous, shame on them");
        send("r2", "This is outrageous, shame on them");
        send("r3", "what a lovely day");
        send("r4", "This is outrageous, shame on them");
        settle();
        send("r5", "This is outrageous, shame on them");
        send("r6", "what a lovely day");
        send("r7", "something new");
        send("r8", "This is outrageous, shame on them");
        settle();
        assertThat(scored).containsExactly("This is outrageous, shame on them", "what a lovely day", "something new");
        Map<String, LabelledComment> out = new java.util.HashMap<>();
        labelled.readKeyValuesToList().forEach(kv -> out.put(kv.key, kv.value));
        assertThat(out).hasSize(8);
        for (String id : List.of("r2", "r4", "r5", "r8"))
            assertThat(out.get(id).getScores()).isEqualTo(out.get("r1").getScores());
        assertThat(metrics.registry()
                        .get("cache.gets")
                        .tag("cache", "emostream.scores")
                        .tag("result", "hit")
                        .functionCounter()
                        .count())
                .isEqualTo(3); // r5, r6, r8 (r2 and r4 were scored once with r1, in the same batch)
    }

    @Test
    void oneTextTheModelCannotScoreCostsOnlyItselfNotItsBatch() {
        AtomicInteger calls = new AtomicInteger();
        start(64, 60_000, (scorer, cleaned) -> {
            calls.incrementAndGet();
            if (cleaned.stream().anyMatch(t -> t.contains("poison")))
                throw new IllegalStateException("cannot score this");
            return scorer.score(cleaned);
        });
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            ids.add("c" + i);
            send("c" + i, i == 37 ? "this one is poison for the model" : "comment number " + i + " is fine and happy");
        }
        settle();
        List<String> labelledKeys = keys(labelled.readKeyValuesToList());
        List<String> expected = new ArrayList<>(ids);
        expected.remove("c37");
        assertThat(labelledKeys).containsExactlyElementsOf(expected); // the other 63, in input order
        List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).extracting(TestRecord::key).containsExactly("c37");
        assertThat(header(dead.get(0).headers(), DeadLetter.REASON)).contains("cannot score this");
        // bisection, not one call per text: 3 on the batch, one per half on the way down (6 levels x 2), 3 on the text
        assertThat(calls.get()).isLessThanOrEqualTo(3 + 12 + 3);
    }

    @Test
    void asyncScoringLetsTheStreamThreadGoOnAndKeepsOrder() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.Set<String> scoringThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        start(2, 60_000, (scorer, cleaned) -> {
            scoringThreads.add(Thread.currentThread().getName());
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return scorer.score(cleaned);
        });
        send("a1", "first");
        send("a2", "second"); // full: dispatched to the lane, where the model is held up
        send("b1", "third"); // the stream thread is not blocked: it consumes and buffers the next batch
        driver.advanceWallClockTime(Duration.ofMillis(MicroBatchProcessor.COMPLETION_TICK_MS));
        assertThat(labelled.isEmpty())
                .as("nothing forwarded while the model runs")
                .isTrue();
        release.countDown();
        settle();
        assertThat(keys(labelled.readKeyValuesToList())).containsExactly("a1", "a2");
        send("b2", "fourth");
        settle();
        assertThat(keys(labelled.readKeyValuesToList())).containsExactly("b1", "b2");
        assertThat(scoringThreads).containsExactly(Thread.currentThread().getName() + "-inference-1");
    }

    @Test
    void batchesScoredOnTwoLanesAreForwardedInDispatchOrder() throws Exception {
        Map<String, java.util.concurrent.CountDownLatch> release = Map.of(
                "first",
                new java.util.concurrent.CountDownLatch(1),
                "third",
                new java.util.concurrent.CountDownLatch(1));
        java.util.concurrent.CountDownLatch secondBatchScored = new java.util.concurrent.CountDownLatch(1);
        java.util.Set<String> scoringThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        start(
                2,
                60_000,
                (scorer, cleaned) -> {
                    scoringThreads.add(Thread.currentThread().getName());
                    try {
                        release.get(cleaned.get(0)).await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    float[][] scores = scorer.score(cleaned);
                    if (cleaned.get(0).equals("third")) secondBatchScored.countDown();
                    return scores;
                },
                true,
                2);
        send("a1", "first");
        send("a2", "second"); // batch A -> lane 1, held up
        send("b1", "third");
        send("b2", "fourth"); // batch B -> lane 2
        release.get("third").countDown();
        assertThat(secondBatchScored.await(30, java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();
        driver.advanceWallClockTime(Duration.ofMillis(MicroBatchProcessor.COMPLETION_TICK_MS));
        assertThat(labelled.isEmpty())
                .as("B is done but A is not: nothing may overtake A")
                .isTrue();
        release.get("first").countDown();
        settle();
        assertThat(keys(labelled.readKeyValuesToList())).containsExactly("a1", "a2", "b1", "b2");
        assertThat(scoringThreads).hasSize(2);
    }

    @Test
    void eagerBatchingDispatchesWhenTheLanesAreIdleAndGathersWhileTheyAreBusy() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<Integer> batchSizes = new java.util.concurrent.CopyOnWriteArrayList<>();
        start(
                64,
                60_000,
                (scorer, cleaned) -> {
                    batchSizes.add(cleaned.size());
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return scorer.score(cleaned);
                },
                Map.of("batch.eager", "true", "inference.lanes", "1"));
        send("e1", "first"); // the lane is idle: dispatched at once, far from 64 records or the 60 s delay
        send("e2", "second"); // the lane is busy: these wait and gather
        send("e3", "third");
        release.countDown();
        settle(); // e1 forwarded; the idle lane takes e2 and e3 together
        settle();
        assertThat(keys(labelled.readKeyValuesToList())).containsExactly("e1", "e2", "e3");
        assertThat(batchSizes).containsExactly(1, 2);
    }

    @Test
    void theLatencyStagesSayWhereEachCommentWaited() {
        long modelMs = 150;
        start(2, 60_000, (scorer, cleaned) -> {
            try {
                Thread.sleep(modelMs);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return scorer.score(cleaned);
        });
        Map<String, ClassifierMetrics.Stages> stages = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.Iterator<String> ids = List.of("a1", "a2", "b1", "b2").iterator();
        metrics.onEvent(e -> stages.put(ids.next(), e.stages()));
        long t0 = System.currentTimeMillis();
        send("a1", "first", t0);
        send("a2", "second", t0); // batch A to the only lane
        send("b1", "third", t0);
        send("b2", "fourth", t0); // batch B is full, but waits on the stream thread until A is done
        settle();
        settle();
        assertThat(keys(labelled.readKeyValuesToList())).containsExactly("a1", "a2", "b1", "b2");
        assertThat(stages.values()).allSatisfy(st -> {
            assertThat(st.modelMs()).as("model: the lane's time on the batch").isGreaterThanOrEqualTo(modelMs);
            assertThat(st.queuedMs())
                    .as("queued: the lane was free when each batch was dispatched")
                    .isLessThan(modelMs);
        });
        // the driver's wall clock is frozen, so only differences of the buffered stage are real: B waited for A
        assertThat(stages.get("b1").bufferedMs() - stages.get("a1").bufferedMs())
                .isGreaterThanOrEqualTo(modelMs);
        assertThat(stages.get("b2").bufferedMs()).isEqualTo(stages.get("b1").bufferedMs());
    }

    @Test
    void synchronousScoringLabelsOnTheStreamThreadItself() {
        java.util.Set<String> scoringThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        start(
                2,
                60_000,
                (scorer, cleaned) -> {
                    scoringThreads.add(Thread.currentThread().getName());
                    return scorer.score(cleaned);
                },
                false);
        send("s1", "first");
        send("s2", "second");
        // no settle: the batch was labelled and forwarded inside the second record's processing
        assertThat(keys(labelled.readKeyValuesToList())).containsExactly("s1", "s2");
        assertThat(scoringThreads).containsExactly(Thread.currentThread().getName());
    }

    /**
     * A registry that stays away longer than registry.wait.max.ms fails the task, so that it is retried from its last
     * commit: the comment, which is fine, must not be dead-lettered for the outage.
     */
    @Test
    void aRegistryAwayLongerThanTheWaitFailsTheTaskAndDeadLettersNothing() {
        EmostreamConfig config = EmostreamConfig.defaults()
                .with(Map.of("schema.registry.url", "http://127.0.0.1:1", "registry.wait.max.ms", "300"));
        scorers = new ThreadScorers(new ModelHolder(model), Scorer::score);
        metrics = new ClassifierMetrics(new SimpleMeterRegistry());
        driver = new TopologyTestDriver(
                ClassifierTopology.build(config, scorers, metrics), StreamsProperties.of(config, "topology-test"));
        comments = driver.createInputTopic("comments", new StringSerializer(), new ByteArraySerializer());
        dlq = driver.createOutputTopic("comments-dlq", new StringDeserializer(), new ByteArrayDeserializer());
        byte[] wireFormat = {0, 0, 0, 0, 7, 2, 'a'}; // magic byte, schema id 7 the registry would have to give
        long started = System.nanoTime();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> comments.pipeInput("c1", wireFormat))
                .hasStackTraceContaining("schema registry unavailable for 300 ms");
        assertThat((System.nanoTime() - started) / 1_000_000)
                .as("it waited first")
                .isGreaterThanOrEqualTo(300);
        assertThat(dlq.isEmpty()).isTrue();
    }

    private static List<String> keys(List<org.apache.kafka.streams.KeyValue<String, LabelledComment>> kvs) {
        return kvs.stream().map(kv -> kv.key).toList();
    }

    private static String header(Headers h, String key) {
        return new String(h.lastHeader(key).value(), StandardCharsets.UTF_8);
    }
}
