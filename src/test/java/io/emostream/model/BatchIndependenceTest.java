package io.emostream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.emostream.TestData;
import io.emostream.training.GoEmotionsCorpus;
import io.emostream.training.LabelledText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A comment's scores must not depend on how its micro-batch was cut: alone, beside one other text, or among 256,
 * the shipped models give the same 28 scores (to 1e-5) for real test texts.
 */
class BatchIndependenceTest {

    @ParameterizedTest
    @ValueSource(strings = {"models/default", "models/fast"})
    void aTextScoresTheSameAloneAndInAnyBatch(String bundle) {
        List<LabelledText> test = new GoEmotionsCorpus(TestData.goEmotions()).split("test");
        try (EmotionModel model = EmotionModel.load(Path.of(bundle), "cpu");
                Scorer scorer = model.newScorer()) {
            List<String> cleaned = new ArrayList<>();
            for (LabelledText t : test.subList(0, 256))
                cleaned.add(model.encoder().clean(t.text()));
            float[][] inBatch = scorer.score(cleaned);
            for (int i = 0; i < 24; i++) {
                float[] alone = scorer.score(cleaned.subList(i, i + 1))[0];
                float[] withNeighbour = scorer.score(List.of(cleaned.get(i), cleaned.get(255 - i)))[0];
                assertThat(alone).as("text %d alone vs in 256", i).containsExactly(inBatch[i], offset(1e-5f));
                assertThat(withNeighbour)
                        .as("text %d beside another vs in 256", i)
                        .containsExactly(inBatch[i], offset(1e-5f));
            }
        }
    }
}
