package io.emostream.training;

import io.emostream.TestData;
import io.emostream.model.Architecture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ModelTrainerTest {
    @TempDir
    Path out;

    @Test
    void shortRunOnASliceBeatsChance() throws Exception {
        TrainingData data = TestData.slice(6000, 1000);
        ModelTrainer.Result r = new ModelTrainer(TestData.quickOptions(Architecture.PAPER, 2)).train(data, out, "slice", null);
        // a scorer with no signal has ROC AUC 0.5 on every label
        assertThat(r.test().macroAuc()).isGreaterThan(0.62);
        // predicting every label for every text (the best constant rule for F1 with tuned thresholds) scores micro-F1 = 2p/(1+p)
        // where p = label density; the trained model must beat it by a wide margin
        double density = data.test().stream().mapToInt(t -> t.labels().length).sum() / (double) (data.test().size() * data.labels().size());
        assertThat(r.test().microF1()).isGreaterThan(2 * 2 * density / (1 + density));
        assertThat(out.resolve("MODEL_CARD.md")).content().contains("macro-F1").contains("| admiration |");
    }
}
