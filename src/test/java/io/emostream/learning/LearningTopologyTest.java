package io.emostream.learning;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.avro.CommentEvent;
import io.emostream.avro.ExampleOrigin;
import io.emostream.avro.LabelFeedback;
import io.emostream.avro.LabelledComment;
import io.emostream.avro.ModelStatus;
import io.emostream.avro.ModelVersion;
import io.emostream.avro.RetrainRequest;
import io.emostream.avro.TrainingExample;
import io.emostream.config.EmostreamConfig;
import io.emostream.serde.AvroDeserializer;
import io.emostream.serde.AvroSerializer;
import io.emostream.serde.InMemorySchemaRegistry;
import io.emostream.streams.DeadLetter;
import io.emostream.streams.StreamsProperties;
import io.emostream.text.CleaningOptions;
import io.emostream.text.TextCleaner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LearningTopologyTest {
    private static final String SCOPE = "learning-test";
    private static final List<String> LABELS = List.of("joy", "grief", "pride", "neutral");

    /** The serving model as the learning side sees it; a test swaps it as a hot swap or rollback would. */
    private final java.util.concurrent.atomic.AtomicReference<ServingModel> current =
            new java.util.concurrent.atomic.AtomicReference<>(
                    ServingModel.fixed(LABELS, new TextCleaner(CleaningOptions.EXPRESSIVE), "v1"));

    private final ServingModel serving = new ServingModel() {
        @Override
        public java.util.Set<String> labels() {
            return current.get().labels();
        }

        @Override
        public TextCleaner cleaner() {
            return current.get().cleaner();
        }

        @Override
        public String version() {
            return current.get().version();
        }
    };
    private TopologyTestDriver driver;
    private final io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    private final io.emostream.serde.RecordReader reader =
            new io.emostream.serde.RecordReader("learning", meters, 1000);
    private final AvroSerializer<SpecificRecord> avro = new AvroSerializer<>();
    private TestInputTopic<String, byte[]> comments, feedback, labelled, versions;
    private TestOutputTopic<String, TrainingExample> examples;
    private TestOutputTopic<String, RetrainRequest> requests;
    private TestOutputTopic<String, byte[]> dlq;

    @AfterEach
    void close() {
        if (driver != null) driver.close();
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    private void start(Map<String, String> more) throws Exception {
        Map<String, String> m = new HashMap<>(Map.of(
                "schema.registry.url",
                "mock://" + SCOPE,
                "feedback.wait.ms",
                "1000",
                "retrain.min.examples",
                "5",
                "retrain.rare.labels",
                "grief",
                "retrain.rare.min",
                "2",
                "pseudo.enabled",
                "true",
                "pseudo.labels",
                "grief"));
        m.putAll(more);
        EmostreamConfig config = EmostreamConfig.defaults().with(m);
        driver = new TopologyTestDriver(
                LearningTopology.build(config, reader, serving),
                withStateDir(StreamsProperties.of(config, "learning-test")));
        avro.configure(config.serdeConfig(), false);
        comments = driver.createInputTopic("comments", new StringSerializer(), new ByteArraySerializer());
        feedback = driver.createInputTopic("emotion-feedback", new StringSerializer(), new ByteArraySerializer());
        labelled = driver.createInputTopic("comments-labelled", new StringSerializer(), new ByteArraySerializer());
        versions = driver.createInputTopic("model-versions", new StringSerializer(), new ByteArraySerializer());
        AvroDeserializer<TrainingExample> ex = new AvroDeserializer<>(TrainingExample.class);
        ex.configure(config.serdeConfig(), false);
        examples = driver.createOutputTopic("training-examples", new StringDeserializer(), ex);
        AvroDeserializer<RetrainRequest> rr = new AvroDeserializer<>(RetrainRequest.class);
        rr.configure(config.serdeConfig(), false);
        requests = driver.createOutputTopic("retrain-requests", new StringDeserializer(), rr);
        dlq = driver.createOutputTopic("emotion-feedback-dlq", new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static java.util.Properties withStateDir(java.util.Properties p) throws Exception {
        p.put("state.dir", Files.createTempDirectory("learning-test").toString());
        return p;
    }

    private void comment(String id, String text) {
        comments.pipeInput(
                id,
                avro.serialize(
                        "comments",
                        CommentEvent.newBuilder()
                                .setId(id)
                                .setText(text)
                                .setSource("t")
                                .setCreatedAt(Instant.EPOCH)
                                .build()));
    }

    private void feedback(String id, String... labels) {
        feedback.pipeInput(
                id,
                avro.serialize(
                        "emotion-feedback",
                        LabelFeedback.newBuilder()
                                .setCommentId(id)
                                .setLabels(List.of(labels))
                                .setAt(Instant.EPOCH)
                                .build()));
    }

    @Test
    void feedbackAfterItsCommentBecomesAnExampleWithTheCleanedText() throws Exception {
        start(Map.of());
        comment("c1", "@bob So HAPPY for you!! https://x.io");
        feedback("c1", "joy");
        TrainingExample e = examples.readValue();
        assertThat(e.getId()).isEqualTo("c1");
        assertThat(e.getText()).isEqualTo("so happy for you ! !");
        assertThat(e.getLabels()).containsExactly("joy");
        assertThat(e.getOrigin()).isEqualTo(ExampleOrigin.feedback);
    }

    @Test
    void afterASwapFeedbackIsCheckedAgainstTheNewModelsLabelsAndTextsAreCleanedItsWay() throws Exception {
        start(Map.of());
        comment("c10", "So PROUD of you!!");
        feedback("c10", "admiration"); // not a label of v1
        assertThat(dlq.readRecord().key()).isEqualTo("c10");
        current.set(ServingModel.fixed(
                List.of("joy", "admiration", "neutral"), new TextCleaner(CleaningOptions.PAPER), "v2"));
        comment("c11", "So PROUD of you!!");
        feedback("c11", "admiration");
        TrainingExample e = examples.readValue();
        assertThat(e.getLabels()).containsExactly("admiration");
        assertThat(e.getText())
                .isEqualTo(new TextCleaner(CleaningOptions.PAPER).clean("So PROUD of you!!"))
                .isNotEqualTo(new TextCleaner(CleaningOptions.EXPRESSIVE).clean("So PROUD of you!!"));
    }

    @Test
    void feedbackBeforeItsCommentWaitsForIt() throws Exception {
        start(Map.of());
        feedback("c2", "grief");
        assertThat(examples.isEmpty()).isTrue();
        comment("c2", "I lost my grandfather");
        assertThat(examples.readValue().getLabels()).containsExactly("grief");
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        assertThat(dlq.isEmpty()).isTrue(); // released, not expired
    }

    @Test
    void duplicateFeedbackKeepsTheLatestForTheCompactedTopic() throws Exception {
        start(Map.of());
        feedback("c3", "joy");
        feedback("c3", "pride"); // replaces the waiting one
        comment("c3", "we won");
        List<TestRecord<String, TrainingExample>> out = examples.readRecordsToList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).value().getLabels()).containsExactly("pride");
        feedback("c3", "joy"); // after the comment: a new example under the same key, the later one wins on compaction
        assertThat(examples.readRecord().key()).isEqualTo("c3");
    }

    @Test
    void unknownLabelsAndCommentsThatNeverComeAreDeadLettered() throws Exception {
        start(Map.of());
        comment("c4", "hello");
        feedback("c4", "joy", "schadenfreude");
        feedback("never", "joy");
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).extracting(TestRecord::key).containsExactly("c4", "never");
        assertThat(header(dead.get(0), DeadLetter.STAGE)).isEqualTo(DeadLetter.UNKNOWN_LABEL);
        assertThat(header(dead.get(0), DeadLetter.REASON)).contains("schadenfreude");
        assertThat(header(dead.get(1), DeadLetter.STAGE)).isEqualTo(DeadLetter.NO_COMMENT);
        assertThat(examples.isEmpty()).isTrue();
    }

    @Test
    void unreadableRecordsAreDeadLetteredOrDroppedAndCountedNeverDroppedSilently() throws Exception {
        start(Map.of());
        byte[] garbage = {0, 0, 0, 0x7f, 1, 2, 3}; // magic byte, an id no registry knows
        comments.pipeInput("x1", garbage);
        labelled.pipeInput("x2", garbage);
        labelled.pipeInput("x3", garbage);
        versions.pipeInput("x4", garbage);
        feedback.pipeInput("x5", garbage);
        assertThat(dropped("unreadable-comment")).isEqualTo(1);
        assertThat(dropped("unreadable-labelled")).isEqualTo(2);
        assertThat(dropped("unreadable-version")).isEqualTo(1);
        // feedback comes from outside: an unreadable one is dead-lettered with its bytes, not dropped
        assertThat(dlq.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("x5");
        assertThat(examples.isEmpty()).isTrue();
    }

    private double dropped(String reason) {
        var c = meters.find("emostream.records.dropped")
                .tag("topology", "learning")
                .tag("reason", reason)
                .counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void confidentRareLabelPredictionsBecomePseudoExamples() throws Exception {
        start(Map.of("retrain.rare.min", "50"));
        labelled.pipeInput("p1", avro.serialize("comments-labelled", labelledComment("p1", 0.95f, List.of("grief"))));
        labelled.pipeInput("p2", avro.serialize("comments-labelled", labelledComment("p2", 0.60f, List.of("grief"))));
        var out = examples.readRecordsToList();
        assertThat(out).extracting(r -> r.value().getId()).containsExactly("p1");
        assertThat(out.get(0).value().getOrigin()).isEqualTo(ExampleOrigin.pseudo);
        assertThat(out.get(0).key()).as("keyed apart from feedback").isEqualTo("pseudo:p1");
    }

    @Test
    void aPseudoExampleNeverTakesTheKeyOfAPersonsFeedback() throws Exception {
        start(Map.of("retrain.rare.min", "50"));
        comment("f1", "my grandmother passed away");
        feedback("f1", "neutral"); // a person's labels first ...
        labelled.pipeInput(
                "f1",
                avro.serialize(
                        "comments-labelled", labelledComment("f1", 0.97f, List.of("grief")))); // ... the model's after
        var out = examples.readRecordsToList();
        assertThat(out).extracting(r -> r.key()).containsExactly("f1", "pseudo:f1"); // compaction keeps both
        assertThat(out.get(0).value().getLabels()).containsExactly("neutral");
        assertThat(out.get(0).value().getOrigin()).isEqualTo(ExampleOrigin.feedback);
    }

    @Test
    void triggerFiresOnceThenRestartsAtThePromotedModel() throws Exception {
        start(Map.of("retrain.rare.min", "50"));
        for (int i = 0; i < 4; i++) {
            comment("t" + i, "text " + i);
            feedback("t" + i, "joy");
        }
        assertThat(requests.isEmpty()).isTrue();
        comment("t4", "text 4");
        feedback("t4", "joy"); // 5th example: min.examples reached
        RetrainRequest r = requests.readValue();
        assertThat(r.getReason()).contains("5 new examples");
        assertThat(r.getCounts()).containsEntry("joy", 5).containsEntry("_total", 5);
        assertThat(r.getBaseVersion()).isEqualTo("v1");
        for (int i = 5; i < 12; i++) {
            comment("t" + i, "text");
            feedback("t" + i, "joy");
        }
        assertThat(requests.isEmpty()).as("one request while one is open").isTrue();

        versions.pipeInput("v2", avro.serialize("model-versions", version("v2", ModelStatus.promoted, r.getId())));
        for (int i = 12; i < 16; i++) {
            comment("t" + i, "text");
            feedback("t" + i, "joy");
        }
        assertThat(requests.isEmpty()).as("counting restarted at v2").isTrue();
        comment("t16", "text");
        feedback("t16", "joy");
        RetrainRequest second = requests.readValue();
        assertThat(second.getBaseVersion()).isEqualTo("v2");
        assertThat(second.getCounts()).containsEntry("_total", 5);
    }

    @Test
    void countsAreOfDistinctCommentsAndALaterExampleReplacesItsCommentsLabels() throws Exception {
        start(Map.of());
        comment("r1", "so sad");
        feedback("r1", "grief");
        feedback("r1", "grief");
        assertThat(requests.isEmpty()).as("one comment counts once").isTrue();
        feedback("r1", "joy"); // relabelled: grief no longer counts for r1
        comment("r2", "rip");
        feedback("r2", "grief");
        assertThat(requests.isEmpty()).as("grief has r2 only").isTrue();
        comment("r3", "gone");
        feedback("r3", "grief");
        RetrainRequest r = requests.readValue();
        assertThat(r.getCounts())
                .containsEntry("grief", 2)
                .containsEntry("joy", 1)
                .containsEntry("_total", 3);

        versions.pipeInput("v2", avro.serialize("model-versions", version("v2", ModelStatus.promoted, r.getId())));
        feedback("r1", "grief"); // counting restarted: comments seen before the new model count again
        feedback("r2", "grief");
        assertThat(requests.readValue().getCounts()).containsEntry("grief", 2).containsEntry("_total", 2);
    }

    @Test
    void rareLabelGainFiresBeforeTheTotal() throws Exception {
        start(Map.of());
        comment("g1", "so sad");
        feedback("g1", "grief");
        assertThat(requests.isEmpty()).isTrue();
        comment("g2", "rip");
        feedback("g2", "grief");
        assertThat(requests.readValue().getReason()).contains("rare label grief gained 2");
    }

    private static LabelledComment labelledComment(String id, float grief, List<String> labels) {
        Map<String, Float> scores = new HashMap<>();
        for (String l : LABELS) scores.put(l, l.equals("grief") ? grief : 0.01f);
        return LabelledComment.newBuilder()
                .setId(id)
                .setSource("t")
                .setCreatedAt(Instant.EPOCH)
                .setText("my dog died")
                .setLabels(labels)
                .setScores(scores)
                .setTopLabel("grief")
                .setModelVersion("v1")
                .setClassifiedAt(Instant.EPOCH)
                .build();
    }

    private static ModelVersion version(String v, ModelStatus status, String requestId) {
        return ModelVersion.newBuilder()
                .setVersion(v)
                .setLocation("/nowhere")
                .setStatus(status)
                .setReason("test")
                .setParentVersion("v1")
                .setMacroF1(0.5)
                .setParentMacroF1(0.4)
                .setPerLabelF1(Map.of())
                .setRequestId(requestId)
                .setCreatedAt(Instant.EPOCH)
                .build();
    }

    private static String header(TestRecord<String, byte[]> r, String key) {
        return new String(r.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }
}
