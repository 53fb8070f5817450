package io.emostream.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.TestData;
import io.emostream.model.Architecture;
import io.emostream.model.ModelBundle;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecipeTest {
    private static final Path CACHE = Path.of("target/cache");

    @Test
    void aRecipeReadsBackAsTheOptionsThatWroteIt() {
        for (TrainingOptions o : new TrainingOptions[] {
            TestData.quickOptions(Architecture.WIDE, 3), TestData.quickEncoderOptions(1, CACHE)
        }) {
            Map<String, Object> written = Recipe.write(o);
            TrainingOptions read = Recipe.read(written, o.maxEpochs(), o.seed(), null, CACHE);
            assertThat(Recipe.write(read)).isEqualTo(written);
        }
    }

    @Test
    void whatARecipeLacksReadsAsTrainsDefaults() {
        TrainingOptions o = Recipe.read(Map.of("architecture", "wide"), 4, 7, null, CACHE);
        assertThat(o.batchSize()).isEqualTo(Integer.parseInt(Recipe.BATCH_SIZE));
        assertThat(o.learningRate()).isEqualTo(Float.parseFloat(Recipe.LEARNING_RATE));
        assertThat(o.selectBy()).isEqualTo(Recipe.SELECT_BY);
        assertThat(o.balancing().posWeightPower()).isEqualTo(Double.parseDouble(Recipe.POS_WEIGHT_POWER));
        assertThat(o.attention()).isTrue();
        assertThat(o.maxEpochs()).isEqualTo(4);
        assertThat(o.seed()).isEqualTo(7);
    }

    /**
     * A fine-tuned model (the default) is retrained by refitting a head on its encoder as served: the int8 file,
     * with the fine-tuned weights the retrainer passes in.
     */
    @Test
    void theFineTunedDefaultRetrainsAsAHeadOnItsServedEncoder() {
        Map<String, Object> recipe =
                ModelBundle.read(Path.of("models/default")).manifest().recipe();
        assertThat(recipe).containsEntry("architecture", Recipe.FINETUNED);
        TrainingOptions o = Recipe.read(recipe, 2, 42, null, CACHE);
        assertThat(o.architecture()).isEqualTo(Architecture.ENCODER);
        assertThat(o.encoder().name()).isEqualTo(recipe.get("served")).isEqualTo("e5-small-v2-q");
        assertThat(o.encoder().headHidden()).isZero();
        assertThat(o.cleaning().emojiNames()).isTrue();
    }

    /** The shipped bundles made by train (an ensemble, a single network) still read, with what they recorded. */
    @ParameterizedTest
    @ValueSource(strings = {"models/fast", "models/starter"})
    void theShippedBundlesRecipesStillRead(String dir) {
        Map<String, Object> recipe = ModelBundle.read(Path.of(dir)).manifest().recipe();
        TrainingOptions o = Recipe.read(recipe, 2, 42, null, CACHE);
        Map<String, Object> again = Recipe.write(o);
        for (var e : again.entrySet()) {
            // a retraining sets its own seed and epochs, and starts from the model's weights, not from GloVe again
            if (!recipe.containsKey(e.getKey())
                    || List.of("seed", "maxEpochs", "embeddingInit").contains(e.getKey())) continue;
            Object was = recipe.get(e.getKey());
            if (was instanceof Number n) {
                assertThat(((Number) e.getValue()).doubleValue())
                        .as(dir + " " + e.getKey())
                        .isCloseTo(n.doubleValue(), org.assertj.core.data.Offset.offset(1e-6));
            } else {
                assertThat(String.valueOf(e.getValue()))
                        .as(dir + " " + e.getKey())
                        .isEqualTo(String.valueOf(was));
            }
        }
    }
}
