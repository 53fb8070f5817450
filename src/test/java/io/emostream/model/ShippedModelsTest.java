package io.emostream.model;

import io.emostream.TestData;
import io.emostream.training.Evaluation;
import io.emostream.training.GoEmotionsCorpus;
import io.emostream.training.ModelEvaluation;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The bundles the repository ships: within their size budget, loadable, and scoring what their cards say. */
class ShippedModelsTest {

    private static long sizeOf(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (Path f : files.toList()) total += Files.size(f);
            return total;
        }
    }

    @Test
    void theDefaultModelFitsTwentyMebibytesAndScoresOnTestWhatItsMetricsSay() throws Exception {
        Path dir = TestData.defaultModel();
        assertThat(sizeOf(dir)).isLessThanOrEqualTo(20L << 20);
        GoEmotionsCorpus corpus = new GoEmotionsCorpus(TestData.goEmotions());
        try (EmotionModel model = EmotionModel.load(dir, "cpu"); Scorer scorer = model.newScorer()) {
            assertThat(model.labels()).isEqualTo(corpus.labels());
            Evaluation test = ModelEvaluation.evaluate(scorer, corpus.split("test"), model.bundle().thresholds());
            Map<?, ?> recorded = (Map<?, ?>) model.bundle().metrics().get("test");
            // metrics.json keeps four decimals
            assertThat(test.macroF1()).isCloseTo(((Number) recorded.get("macroF1")).doubleValue(), within(5.1e-5));
            assertThat(test.macroF1()).isGreaterThanOrEqualTo(0.46);
            assertThat(test.perLabel()).allSatisfy(l -> assertThat(l.f1()).isPositive());
        }
    }

    @Test
    void theDemoStarterLoadsAndIsTheWeakOneOnPurpose() throws Exception {
        Path starter = Path.of("models/starter");
        try (EmotionModel model = EmotionModel.load(starter, "cpu")) {
            Map<?, ?> recorded = (Map<?, ?>) model.bundle().metrics().get("test");
            Map<?, ?> shipped = (Map<?, ?>) ModelBundle.read(TestData.defaultModel()).metrics().get("test");
            assertThat(((Number) recorded.get("macroF1")).doubleValue()).isLessThan(((Number) shipped.get("macroF1")).doubleValue() - 0.1);
            assertThat(model.bundle().manifest().recipe()).containsEntry("epochsRun", 1);
        }
    }
}
