package io.emostream.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emostream.TestData;
import io.emostream.avro.ExampleOrigin;
import io.emostream.avro.TrainingExample;
import io.emostream.model.EmotionModel;
import io.emostream.model.ModelBundle;
import io.emostream.training.EmotionCorpus;
import io.emostream.training.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole retraining on a small base corpus: fine-tuned from the current model, stored, judged; twice, identically. */
class RetrainerTest {
    @TempDir
    Path tmp;

    @Test
    void sameRequestSameSeedSameDecision() throws Exception {
        TrainingData slice = TestData.slice(2000, 600);
        Path corpus = TestData.writeCorpus(tmp.resolve("corpus"), slice);
        List<TrainingExample> examples = List.of(
                example("f1", "i miss him every single day", "grief"),
                example("f2", "so proud of my team today !", "pride"));
        Retrainer retrainer = oneEpoch(corpus, tmp.resolve("store"), List.of());

        Retrainer.Outcome a = retrainer.retrain(TestData.smallModel(), examples, "cand-a");
        Retrainer.Outcome b = retrainer.retrain(TestData.smallModel(), examples, "cand-b");

        assertThat(a.candidate().macroF1()).isEqualTo(b.candidate().macroF1());
        assertThat(a.current().macroF1()).isEqualTo(b.current().macroF1());
        assertThat(a.verdict().promote()).isEqualTo(b.verdict().promote());
        assertThat(a.verdict().reason()).isEqualTo(b.verdict().reason());
        // the bundle is in the store, loadable, fine-tuned from the current model with its vocabulary
        assertThat(Path.of(a.location()))
                .isEqualTo(tmp.resolve("store").resolve("cand-a").toAbsolutePath());
        ModelBundle bundle = ModelBundle.read(Path.of(a.location()));
        assertThat(bundle.manifest().parentVersion()).isEqualTo("test-small");
        assertThat(bundle.manifest().recipe())
                .containsEntry("fineTunedFrom", "test-small")
                .containsEntry("learningRate", 1e-4);
        assertThat(bundle.vocabulary().words())
                .isEqualTo(ModelBundle.read(TestData.smallModel()).vocabulary().words());
        try (EmotionModel m = EmotionModel.load(Path.of(a.location()), "cpu")) {
            assertThat(m.version()).isEqualTo("cand-a");
        }
        assertThat(tmp.resolve("store").resolve(".staging")).isEmptyDirectory();
    }

    /**
     * The shipped default is a fine-tuned encoder: a retraining keeps its encoder and its group head, refits the label
     * head over the encoder as served, and the result passes the check a classifier runs before swapping it in. The
     * gate also scores both models' emotion groups on another corpus's dev split (here a small one in dair-ai
     * {@code emotion}'s format), and the kept group head says the same there.
     */
    @Test
    void theFineTunedDefaultRetrainsKeepingItsEncoderAndGroupHead() throws Exception {
        TrainingData slice = TestData.slice(1200, 400);
        Path corpus = TestData.writeCorpus(tmp.resolve("corpus"), slice);
        Path tweets = Files.createDirectories(tmp.resolve("tweets"));
        Files.write(
                tweets.resolve("val.txt"),
                List.of(
                        "i feel so happy and grateful today;joy",
                        "what a wonderful surprise party, i love you all;love",
                        "i am furious that they cancelled my order again;anger",
                        "this traffic makes me so angry i could scream;anger",
                        "i am terrified of the storm tonight;fear",
                        "walking home alone in the dark scares me;fear",
                        "i miss my grandmother so much it hurts;sadness",
                        "i cried all night after the news;sadness",
                        "wow i did not expect that at all;surprise",
                        "i was shocked to see him there;surprise"));
        Retrainer retrainer = oneEpoch(corpus, tmp.resolve("store"), List.of(EmotionCorpus.parse("carer:" + tweets)));
        ModelBundle parent = ModelBundle.read(TestData.defaultModel());
        Retrainer.Outcome o = retrainer.retrain(
                TestData.defaultModel(), List.of(example("f1", "i miss him every single day", "grief")), "ft-1");

        ModelBundle bundle = ModelBundle.read(Path.of(o.location()));
        assertThat(bundle.config().encoder()).isEqualTo(parent.config().encoder());
        assertThat(bundle.config().groupOutputs()).isEqualTo(parent.config().groupOutputs());
        assertThat(bundle.config().encoderWeights()).isEqualTo(parent.config().encoderWeights());
        assertThat(Files.mismatch(
                        Path.of(o.location()).resolve(bundle.config().encoderWeights()),
                        TestData.defaultModel().resolve(parent.config().encoderWeights())))
                .isEqualTo(-1L);
        try (EmotionModel m = EmotionModel.load(Path.of(o.location()), "cpu")) {
            assertThat(io.emostream.service.ModelVersionFollower.smokeCheck(m, parent.labels()))
                    .isNull();
        }
        assertThat(o.currentGroups()).singleElement().satisfies(r -> {
            assertThat(r.corpus()).isEqualTo("carer");
            assertThat(r.rows()).isEqualTo(10);
            assertThat(r.macroF1()).isGreaterThan(0.5);
        });
        assertThat(o.candidateGroups())
                .singleElement()
                .satisfies(r -> assertThat(r.macroF1())
                        .isEqualTo(o.currentGroups().get(0).macroF1()));
        if (o.verdict().promote()) assertThat(o.verdict().reason()).contains("carer dev groups");
    }

    @Test
    void corporaKeptAsideOrGoEmotionsItselfCannotGateARetraining() {
        for (String spec : List.of("isear:/data/isear.csv", "meld:/data/MELD", "goemotions:/data/goemotions"))
            assertThatThrownBy(() -> oneEpoch(tmp, tmp.resolve("store"), List.of(EmotionCorpus.parse(spec))))
                    .as(spec)
                    .hasMessageContaining("retrain.corpora");
        // a corpus written without its path is refused at start, naming the key and where the value came from
        assertThatThrownBy(() -> Retrainer.from(
                        io.emostream.config.EmostreamConfig.defaults()
                                .with(java.util.Map.of(
                                        "retrain.base.corpus", tmp.toString(), "retrain.corpora", "semeval-ec")),
                        tmp))
                .isInstanceOf(io.emostream.config.ConfigException.class)
                .hasMessageContaining("retrain.corpora")
                .hasMessageContaining("expected format:path");
    }

    /** A retrainer as the tests use it: one epoch, fine-tuning at 1e-4, seed 42, the default gate margins. */
    static Retrainer oneEpoch(Path corpus, Path store, List<EmotionCorpus> corpora) {
        return new Retrainer(
                corpus, new DirectoryModelStore(store), new PromotionGate(0.05, 0.01), 1, true, 1e-4f, 42, corpora);
    }

    private static TrainingExample example(String id, String text, String label) {
        return TrainingExample.newBuilder()
                .setId(id)
                .setText(text)
                .setLabels(List.of(label))
                .setOrigin(ExampleOrigin.feedback)
                .setAt(Instant.EPOCH)
                .build();
    }
}
