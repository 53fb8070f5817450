package io.emostream.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.emotions.EmotionGroups;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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

    @Test
    void theFastModelReadsEmojiOnlyCommentsAsTheirEmotion() throws Exception {
        try (EmotionModel model = EmotionModel.load(Path.of("models/fast"), "cpu");
                Scorer scorer = model.newScorer()) {
            assertThat(model.bundle().config().cleaning().emojiNames()).isTrue();
            COMMENTS.forEach((text, group) -> {
                float[] scores = scorer.score(List.of(model.encoder().clean(text)))[0];
                List<String> labels = model.labelNames(model.decide(scores));
                assertThat(labels)
                        .as(text + " should say " + group)
                        .anyMatch(l -> EmotionGroups.EKMAN.members().get(group).contains(l));
            });
        }
    }
}
