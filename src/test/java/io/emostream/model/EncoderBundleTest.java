package io.emostream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.emostream.TestData;
import io.emostream.training.Evaluation;
import io.emostream.training.ModelEvaluation;
import io.emostream.training.ModelTrainer;
import io.emostream.training.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The encoder architecture end to end: train a head on a slice, save, load, and score as trained. */
class EncoderBundleTest {
    @TempDir
    Path tmp;

    @Test
    void aTrainedEncoderBundleLoadsAndScoresAsTrainedAndNamesItsEncoder() throws Exception {
        TrainingData data = TestData.slice(3000, 500);
        Path cache = tmp.resolve("cache");
        Path dir = tmp.resolve("bundle");
        ModelTrainer.Result r =
                new ModelTrainer(TestData.quickEncoderOptions(1, cache)).train(data, dir, "enc-test", null);
        assertThat(r.test().macroAuc())
                .isGreaterThan(0.75); // a head on 3,000 rows: far from the shipped model, far above chance

        ModelBundle bundle = ModelBundle.read(dir);
        assertThat(bundle.config().encoder()).isEqualTo(SentenceEncoderSpec.E5_SMALL_V2_Q);
        assertThat(Files.readString(dir.resolve(ModelBundle.CARD)))
                .contains(SentenceEncoderSpec.E5_SMALL_V2_Q.artifact())
                .contains(SentenceEncoderSpec.E5_SMALL_V2_Q.onnxSha256())
                .contains("MIT")
                .contains("query: ");
        try (EmotionModel model = EmotionModel.load(dir, "cpu");
                Scorer scorer = model.newScorer()) {
            Evaluation test = ModelEvaluation.evaluate(scorer, data.test(), bundle.thresholds());
            double recorded = ((Number) ((Map<?, ?>) bundle.metrics().get("test")).get("macroF1")).doubleValue();
            assertThat(test.macroF1()).isCloseTo(recorded, within(1e-4));
        }
        // the cache holds every text of the run: a second training embeds nothing
        long size = Files.size(Files.list(cache).findFirst().orElseThrow());
        new ModelTrainer(TestData.quickEncoderOptions(1, cache)).train(data, tmp.resolve("again"), "enc-again", null);
        assertThat(Files.size(Files.list(cache).findFirst().orElseThrow())).isEqualTo(size);
    }
}
