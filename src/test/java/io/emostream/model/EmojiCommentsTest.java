package io.emostream.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.emotions.EmotionGroups;
import io.emostream.text.TextCleaner;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Comments that are only emoji carry emotion: a model trained with emoji spelled out reads anger, laughter, crying,
 * hearts and vomiting faces as emotions of the right Ekman group, not as neutral.
 */
class EmojiCommentsTest {
    private static final Map<String, String> COMMENTS = Map.of(
            "😡😡😡", "anger",
            "😂😂😂", "joy",
            "😭😭", "sadness",
            "❤️❤️❤️", "joy",
            "🤮🤮", "disgust");

    /**
     * Both the groups and the labels say the emotion: a label of the right Ekman group, and never {@code neutral}
     * alone.
     */
    @ParameterizedTest
    @ValueSource(strings = {"models/default", "models/fast"})
    void theShippedModelsReadEmojiOnlyCommentsAsTheirEmotion(String dir) throws Exception {
        try (EmotionModel model = EmotionModel.load(Path.of(dir), "cpu");
                Scorer scorer = model.newScorer()) {
            assertThat(model.bundle().config().cleaning().emojiNames()).isTrue();
            COMMENTS.forEach((text, group) -> {
                assertThat(TextCleaner.emojiOnly(text)).isTrue();
                float[] scores = scorer.score(List.of(model.encoder().clean(text)))[0];
                EmotionModel.Reading reading = model.read(text, scores);
                List<String> labels = reading.labels();
                List<String> groups = reading.groups().groups();
                assertThat(groups).as(text + " should say " + group).contains(group);
                assertThat(labels)
                        .as(text + " should get a label of " + group)
                        .isNotEqualTo(List.of("neutral"))
                        .containsAnyElementsOf(EmotionGroups.EKMAN.members().get(group));
            });
        }
    }
}
