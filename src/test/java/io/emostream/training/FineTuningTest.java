package io.emostream.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emostream.emotions.EmotionGroups;
import io.emostream.model.EmotionModel;
import io.emostream.model.EncoderWeights;
import io.emostream.model.ModelBundle;
import io.emostream.model.OnnxWeights;
import io.emostream.model.Scorer;
import io.emostream.model.SentenceEncoder;
import io.emostream.model.SentenceEncoderSpec;
import io.emostream.text.CleaningOptions;
import io.emostream.text.TextCleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-corpus fine-tuning end to end on a few made-up texts per corpus format: partial labels read as each format
 * means them, the encoder's top layer trained in the JVM, and the bundle served by ONNX Runtime with its own group
 * head and thresholds.
 */
class FineTuningTest {
    @TempDir
    static Path tmp;

    private static final String[] JOY = {
        "I am so happy today, this is wonderful", "What a great day, I love it", "This made me smile so much"
    };
    private static final String[] ANGER = {
        "I am furious about this, it is outrageous", "This makes me so angry", "I hate this stupid update"
    };
    private static final String[] NEUTRAL = {"The meeting is at three", "It is a table", "The bus leaves at noon"};

    @Test
    void corporaTeachOnlyWhatTheyAnnotate() throws Exception {
        Path semeval = semEval();
        List<EmotionCorpus.Example> rows = new EmotionCorpus("semeval", "semeval-ec", semeval, 1f).split("train");
        int base = EmotionCorpus.Targets.LABELS;
        int joy = base + EmotionCorpus.Targets.EKMAN.indexOf("joy");
        int neutral = base + EmotionCorpus.Targets.EKMAN.indexOf("neutral");
        // joy + love + optimism is the joy group; the 28 fine labels are not taught by a tweet corpus
        assertThat(rows.get(0).targets()[joy]).isEqualTo(1f);
        assertThat(rows.get(0).known()[EmotionGroups.GOEMOTIONS.indexOf("joy")]).isZero();
        assertThat(rows.get(0).emotional()).isTrue();
        // no emotion at all: neutral
        assertThat(rows.get(2).targets()[neutral]).isEqualTo(1f);
        // anticipation alone: emotional, but no Ekman group says which, so only "not neutral" is taught
        EmotionCorpus.Example anticipation = rows.get(rows.size() - 1);
        assertThat(anticipation.known()[neutral]).isEqualTo(1f);
        assertThat(anticipation.targets()[neutral]).isZero();
        assertThat(anticipation.known()[joy]).isZero();
        // a test file published without gold labels gives no test rows rather than wrong ones
        assertThat(new EmotionCorpus("semeval", "semeval-ec", semeval, 1f).split("test"))
                .isEmpty();

        List<EmotionCorpus.Example> go = new EmotionCorpus("go", "goemotions", goEmotions(), 1f).split("train");
        int anger = base + EmotionCorpus.Targets.EKMAN.indexOf("anger");
        EmotionCorpus.Example annoyed = go.stream()
                .filter(e -> e.targets()[EmotionGroups.GOEMOTIONS.indexOf("annoyance")] > 0)
                .findFirst()
                .orElseThrow();
        assertThat(annoyed.targets()[anger])
                .as("annoyance belongs to Ekman's anger")
                .isEqualTo(1f);
        assertThat(annoyed.known()).containsOnly(1f);

        assertThat(EmotionCorpus.hashSplit("some text")).isEqualTo(EmotionCorpus.hashSplit("some text "));
        assertThatThrownBy(() -> EmotionCorpus.parse("goodreads:/x")).hasMessageContaining("unknown format");
    }

    /**
     * Corpora kept aside to measure genres never seen are read as a test split only (ISEAR's shame and guilt as
     * sadness, MELD's neutral as no emotion), and {@code finetune} refuses them.
     */
    @Test
    void heldOutCorporaAreTestRowsOnlyAndNeverTrainedOn() throws Exception {
        Path isear = tmp.resolve("isear.csv");
        Files.write(
                isear,
                List.of(
                        "ID|EMOT|Field1|SIT|",
                        "1|1|joy|When my sister passed her exam.|",
                        "2|6|shame|When I forgot á my friend's birthday.|"));
        List<EmotionCorpus.Example> accounts =
                EmotionCorpus.parse("isear:" + isear).split("test");
        int base = EmotionCorpus.Targets.LABELS;
        assertThat(accounts).hasSize(2);
        assertThat(accounts.get(1).text()).isEqualTo("When I forgot   my friend's birthday.");
        assertThat(accounts.get(1).targets()[base + EmotionCorpus.Targets.EKMAN.indexOf("sadness")])
                .isEqualTo(1f);
        assertThat(EmotionCorpus.parse("isear:" + isear).split("train")).isEmpty();

        Path meld = Files.createDirectories(tmp.resolve("meld"));
        Files.write(
                meld.resolve("test_sent_emo.csv"),
                List.of(
                        "Sr No.,Utterance,Speaker,Emotion,Sentiment",
                        "1,\"Oh, no. Not again!\",A,anger,negative",
                        "2,Where is the remote?,B,neutral,neutral"));
        List<EmotionCorpus.Example> dialogue =
                EmotionCorpus.parse("meld:" + meld).split("test");
        assertThat(dialogue)
                .extracting(EmotionCorpus.Example::text)
                .containsExactly("Oh, no. Not again!", "Where is the remote?");
        assertThat(dialogue).extracting(EmotionCorpus.Example::emotional).containsExactly(true, false);

        int exit = io.emostream.cli.Main.commandLine()
                .execute(
                        "finetune",
                        "--data",
                        goEmotions().toString(),
                        "--corpus",
                        "meld:" + meld,
                        "--out",
                        tmp.resolve("never").toString());
        assertThat(exit).isNotZero();
        assertThat(tmp.resolve("never")).doesNotExist();
    }

    @Test
    void fineTunesInTheJvmAndServesTheBundleWithItsGroupHead() throws Exception {
        List<EmotionCorpus> corpora = List.of(
                new EmotionCorpus("goemotions", "goemotions", goEmotions(), 1f),
                new EmotionCorpus("semeval-ec", "semeval-ec", semEval(), 1f));
        List<EmotionCorpus.Example> train = new ArrayList<>();
        for (EmotionCorpus c : corpora) train.addAll(c.split("train"));
        EncoderFineTuning.Settings settings =
                new EncoderFineTuning.Settings(1, 11, 4, 32, 1e-4f, 5e-2f, 2, 1f, 0.1f, 0.01f, 7);
        SentenceEncoderSpec base = SentenceEncoderSpec.E5_SMALL_V2;
        Path out = tmp.resolve("bundle");
        EncoderFineTuning.Result trained =
                new EncoderFineTuning(base, new TextCleaner(CleaningOptions.LIGHT), settings).train(train, out);

        // only the top layer trained, and it moved
        assertThat(trained.encoder().keySet()).allMatch(k -> k.startsWith("encoder.layer.11."));
        Map<String, OnnxWeights.Tensor> original = OnnxWeights.read(SentenceEncoder.files(base)[0]);
        String w = "encoder.layer.11.output.dense.weight";
        assertThat(Arrays.equals(trained.encoder().get(w), original.get(w).values()))
                .isFalse();
        assertThat(EncoderWeights.read(out.resolve(EncoderWeights.FILE), original)
                        .keySet())
                .isEqualTo(trained.encoder().keySet());

        // served as the shipped default is: the fine-tuned weights quantised into the int8 encoder file
        FineTunedBundle.Result result = new FineTunedBundle(
                        SentenceEncoderSpec.E5_SMALL_V2_Q, CleaningOptions.LIGHT, settings, corpora)
                .write(out, "test-finetuned");
        assertThat(result.test()).isNotNull();
        // the bundle keeps int8 differences from the base encoder: a fraction of the fine-tuning's change off
        Map<String, float[]> stored = EncoderWeights.read(out.resolve(EncoderWeights.FILE), original);
        float[] kept = stored.get(w);
        float[] exact = trained.encoder().get(w);
        double change = 0, error = 0;
        for (int i = 0; i < exact.length; i++) {
            change = Math.max(change, Math.abs(exact[i] - original.get(w).values()[i]));
            error = Math.max(error, Math.abs(kept[i] - exact[i]));
        }
        assertThat(error).isGreaterThan(0).isLessThan(change / 100);
        assertThat(Files.size(out.resolve(EncoderWeights.FILE))).isLessThan(exact.length * 2L * 16);
        assertThat(result.groups()).extracting(GroupReport::corpus).contains("goemotions", "semeval-ec");
        assertThat(Files.readString(out.resolve(ModelBundle.THRESHOLDS))).contains("\"ekman:joy\"");
        assertThat(Files.readString(out.resolve(ModelBundle.CARD))).contains("semeval-ec", "Not trained on");

        try (EmotionModel model = EmotionModel.load(out, "cpu");
                Scorer scorer = model.newScorer()) {
            assertThat(model.labels()).hasSize(28);
            assertThat(model.groupOutputs()).containsExactlyElementsOf(EmotionCorpus.Targets.EKMAN);
            float[] row = scorer.score(List.of(model.encoder().clean(JOY[0])))[0];
            assertThat(row).hasSize(35);
            assertThat(Arrays.stream(model.decide(row)).allMatch(i -> i < 28)).isTrue();
            EmotionGroups.Coarse groups = model.groups(model.labelNames(model.decide(row)), row);
            // the Ekman scores are the group head's, not the highest of the member labels'
            assertThat(groups.scores().get("joy")).isEqualTo(row[28 + EmotionCorpus.Targets.EKMAN.indexOf("joy")]);
            assertThat(groups.scores()).containsKeys("positive", "negative");
        }

        // retraining, as the retrainer does it: a head with the n-gram branch refitted on the encoder as served,
        // the fine-tuned group head carried over
        Path ngrams = tmp.resolve("ngrams");
        TrainingOptions options = Recipe.read(
                        ModelBundle.read(out).manifest().recipe(), 1, 7, null, tmp.resolve("cache"))
                .withEncoderWeights(out.resolve(EncoderWeights.FILE));
        assertThat(options.encoder().name()).isEqualTo("e5-small-v2-q");
        new ModelTrainer(options)
                .train(TrainingData.fromCorpus(new GoEmotionsCorpus(goEmotions())), ngrams, "ng", null);
        assertThatThrownBy(() -> FineTunedBundle.addGroupHead(tmp.resolve("bundle-missing"), out, corpora))
                .isInstanceOf(RuntimeException.class);
        FineTunedBundle.addGroupHead(ngrams, out, corpora);
        try (EmotionModel fused = EmotionModel.load(ngrams, "cpu");
                Scorer fusedScorer = fused.newScorer();
                EmotionModel alone = EmotionModel.load(out, "cpu");
                Scorer aloneScorer = alone.newScorer()) {
            assertThat(fused.bundle().config().encoderWeights()).isEqualTo(EncoderWeights.FILE);
            for (String text : List.of(JOY[1], ANGER[2], NEUTRAL[0])) {
                float[] a = fusedScorer.score(List.of(fused.encoder().clean(text)))[0];
                float[] b = aloneScorer.score(List.of(alone.encoder().clean(text)))[0];
                // the same group scores, re-expressed over the standardised embedding (fp16-stored weights)
                for (int g = 28; g < 35; g++)
                    assertThat(a[g]).isCloseTo(b[g], org.assertj.core.data.Offset.offset(2e-3f));
                assertThat(fused.groups(List.of(), a).scores().get("joy")).isEqualTo(a[28 + 3]);
            }
        }
    }

    private static Path goEmotions() throws Exception {
        Path dir = tmp.resolve("go");
        if (Files.exists(dir)) return dir;
        Files.createDirectories(dir);
        Files.write(dir.resolve("emotions.txt"), EmotionGroups.GOEMOTIONS);
        int joy = EmotionGroups.GOEMOTIONS.indexOf("joy");
        int annoyance = EmotionGroups.GOEMOTIONS.indexOf("annoyance");
        int neutral = EmotionGroups.GOEMOTIONS.indexOf("neutral");
        for (String split : List.of("train", "dev", "test")) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                lines.add(JOY[i] + " " + split + "\t" + joy + "\tj" + i);
                lines.add(ANGER[i] + " " + split + "\t" + annoyance + "\ta" + i);
                lines.add(NEUTRAL[i] + " " + split + "\t" + neutral + "\tn" + i);
            }
            Files.write(dir.resolve(split + ".tsv"), lines);
        }
        return dir;
    }

    private static Path semEval() throws Exception {
        Path dir = tmp.resolve("semeval");
        if (Files.exists(dir)) return dir;
        Files.createDirectories(dir);
        String header = "ID\tTweet\tanger\tanticipation\tdisgust\tfear\tjoy\tlove\toptimism\tpessimism\tsadness"
                + "\tsurprise\ttrust";
        for (String split : List.of("train", "dev")) {
            List<String> lines = new ArrayList<>(List.of(header));
            lines.add("1\t" + JOY[0] + " #" + split + "\t0\t0\t0\t0\t1\t1\t1\t0\t0\t0\t0");
            lines.add("2\t" + ANGER[0] + " #" + split + "\t1\t0\t1\t0\t0\t0\t0\t0\t0\t0\t0");
            lines.add("3\t" + NEUTRAL[0] + " #" + split + "\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0");
            lines.add("4\tcannot wait for the weekend #" + split + "\t0\t1\t0\t0\t0\t0\t0\t0\t0\t0\t0");
            Files.write(dir.resolve("2018-E-c-En-" + split + ".txt"), lines);
        }
        Files.write(
                dir.resolve("2018-E-c-En-test.txt"),
                List.of(header, "5\tsome tweet\tNONE\tNONE\tNONE\tNONE\tNONE\tNONE\tNONE\tNONE\tNONE\tNONE\tNONE"));
        return dir;
    }
}
