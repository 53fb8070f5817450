package io.emostream.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.TestData;
import io.emostream.model.ModelBundle;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelTrainerTest {
    @Test
    void shortRunOnASliceBeatsChance() throws Exception {
        // 3 epochs of the wide network on 8,000 training rows, scored on 1,000 test rows (thresholds from 1,000 dev
        // rows)
        Path dir = TestData.smallModel();
        @SuppressWarnings("unchecked")
        Map<String, Object> test =
                (Map<String, Object>) ModelBundle.read(dir).metrics().get("test");
        TrainingData data = TestData.slice(8000, 1000);
        // a scorer with no signal has ROC AUC 0.5 on every label
        assertThat(((Number) test.get("macroAuc")).doubleValue()).isGreaterThan(0.62);
        // predicting every label for every text (the best constant rule for F1 with tuned thresholds) scores micro-F1 =
        // 2p/(1+p)
        // where p = label density; the trained model must beat it by a wide margin
        double density = data.test().stream().mapToInt(t -> t.labels().length).sum()
                / (double) (data.test().size() * data.labels().size());
        assertThat(((Number) test.get("microF1")).doubleValue()).isGreaterThan(2 * 2 * density / (1 + density));
        assertThat(dir.resolve("MODEL_CARD.md")).content().contains("macro-F1").contains("| admiration |");
        assertThat(ModelBundle.read(dir).manifest().recipe())
                .containsEntry("seed", 42)
                .containsKey("bestEpoch");
    }
}
