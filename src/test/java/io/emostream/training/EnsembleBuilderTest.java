package io.emostream.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emostream.TestData;
import io.emostream.model.Architecture;
import io.emostream.model.EmotionModel;
import io.emostream.model.ModelBundle;
import io.emostream.model.ParameterFile;
import io.emostream.model.Scorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnsembleBuilderTest {
    @TempDir
    Path tmp;

    private static double logit(float p) {
        double q = Math.min(Math.max(p, 1e-7), 1 - 1e-7);
        return Math.log(q / (1 - q));
    }

    @Test
    void theJoinedBundleAveragesItsMembersLogitsAndReportsWhatItServes() throws Exception {
        TrainingData data = TestData.slice(8000, 1000);
        Path a = TestData.smallModel();
        Path b = tmp.resolve("seed7");
        TrainingOptions seed7 = TestData.quickOptions(Architecture.WIDE, 1);
        seed7 = seed7.toBuilder().seed(7).build();
        new ModelTrainer(seed7).train(data, b, "seed7", null);

        Path fp16 = tmp.resolve("ensemble-fp16");
        Path int8 = tmp.resolve("ensemble-int8");
        EnsembleBuilder.Result exact =
                EnsembleBuilder.build(List.of(a, b), data, fp16, "x2-fp16", ParameterFile.Precision.FP16);
        EnsembleBuilder.Result small =
                EnsembleBuilder.build(List.of(a, b), data, int8, "x2", ParameterFile.Precision.INT8_TABLES);
        assertThat(Files.size(int8.resolve("params.bin"))).isLessThan(Files.size(fp16.resolve("params.bin")) * 6 / 10);

        List<String> texts =
                data.test().subList(0, 64).stream().map(LabelledText::text).toList();
        float[][] sa, sb, se, sq;
        try (EmotionModel ma = EmotionModel.load(a, "cpu");
                Scorer s = ma.newScorer()) {
            sa = ModelEvaluation.score(s, texts, 32);
        }
        try (EmotionModel mb = EmotionModel.load(b, "cpu");
                Scorer s = mb.newScorer()) {
            sb = ModelEvaluation.score(s, texts, 32);
        }
        try (EmotionModel me = EmotionModel.load(fp16, "cpu");
                Scorer s = me.newScorer()) {
            assertThat(me.bundle().config().members()).isEqualTo(2);
            se = ModelEvaluation.score(s, texts, 32);
        }
        try (EmotionModel mq = EmotionModel.load(int8, "cpu");
                Scorer s = mq.newScorer()) {
            sq = ModelEvaluation.score(s, texts, 32);
            // the members' shared recipe sits at the top, where a retraining reads any bundle's recipe; the seed
            // differs
            assertThat(mq.bundle().manifest().recipe())
                    .containsEntry("architecture", "wide")
                    .containsKey("cleaning")
                    .doesNotContainKey("seed")
                    .containsKey("memberRecipes");
            // the figures written into the bundle are the ones the loaded bundle gives
            Evaluation again =
                    ModelEvaluation.evaluate(s, data.test(), mq.bundle().thresholds());
            assertThat(again.macroF1()).isCloseTo(small.test().macroF1(), within(1e-9));
        }
        for (int i = 0; i < texts.size(); i++) {
            for (int j = 0; j < sa[i].length; j++) {
                double mean = (logit(sa[i][j]) + logit(sb[i][j])) / 2;
                assertThat((double) se[i][j]).isCloseTo(1 / (1 + Math.exp(-mean)), within(1e-4));
                assertThat(sq[i][j]).isCloseTo(se[i][j], within(0.02f));
            }
        }
        assertThat(exact.validation().macroF1()).isPositive();
        assertThat(Files.readString(int8.resolve("MODEL_CARD.md")))
                .contains("2 such networks trained with different seeds")
                .contains("member 1 recipe");
    }

    @Test
    void membersOfAnotherRecipeAreRefusedWithTheReason() throws Exception {
        Path a = TestData.smallModel();
        Path other = tmp.resolve("other");
        Files.createDirectories(other);
        try (Stream<Path> files = Files.list(a)) {
            for (Path f : files.toList()) Files.copy(f, other.resolve(f.getFileName()));
        }
        ObjectNode manifest = (ObjectNode)
                ModelBundle.JSON.readTree(other.resolve("bundle.json").toFile());
        ((ObjectNode) manifest.get("config")).put("ngramScale", 3.0);
        ModelBundle.JSON.writeValue(other.resolve("bundle.json").toFile(), manifest);
        TrainingData data = TestData.slice(8000, 100);
        assertThatThrownBy(() -> EnsembleBuilder.build(List.of(a, other), data, tmp.resolve("out"), "bad"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another network config");
        assertThatThrownBy(() -> EnsembleBuilder.build(List.of(a), data, tmp.resolve("out"), "bad"))
                .hasMessageContaining("at least two member bundles");
    }
}
