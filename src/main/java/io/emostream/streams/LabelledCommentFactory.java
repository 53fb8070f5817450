package io.emostream.streams;

import io.emostream.avro.CommentEvent;
import io.emostream.avro.LabelledComment;
import io.emostream.emotions.EmotionGroups;
import io.emostream.model.Decision;
import io.emostream.model.EmotionModel;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds output events from scores, and the documented output for empty text. */
final class LabelledCommentFactory {
    static final String EMPTY_TEXT_LABEL = "neutral";

    private LabelledCommentFactory() {}

    static LabelledComment scored(
            CommentEvent in,
            String text,
            boolean truncated,
            String language,
            float[] scores,
            EmotionModel model,
            long now) {
        List<String> names = model.labels();
        EmotionModel.Reading reading = model.read(text, scores);
        return base(in, text, truncated, language, model.version(), now)
                .setLabels(reading.labels())
                .setScores(reading.labelScores())
                .setGroups(reading.groups().groups())
                .setGroupScores(reading.groups().scores())
                .setTopLabel(names.get(Decision.argmax(java.util.Arrays.copyOf(scores, names.size()))))
                .setEmptyText(false)
                .build();
    }

    /** Null, blank or cleaned-to-nothing text: labels [neutral], every score 0 but neutral's 1, emptyText set. */
    static LabelledComment empty(
            CommentEvent in, String text, boolean truncated, String language, EmotionModel model, long now) {
        String label = model.labels().contains(EMPTY_TEXT_LABEL)
                ? EMPTY_TEXT_LABEL
                : model.labels().get(model.labels().size() - 1);
        Map<String, Float> byLabel = new LinkedHashMap<>();
        for (String l : model.labels()) byLabel.put(l, l.equals(label) ? 1f : 0f);
        EmotionGroups.Coarse coarse = EmotionGroups.coarse(List.of(label), byLabel);
        return base(in, text, truncated, language, model.version(), now)
                .setLabels(List.of(label))
                .setScores(byLabel)
                .setGroups(coarse.groups())
                .setGroupScores(coarse.scores())
                .setTopLabel(label)
                .setEmptyText(true)
                .build();
    }

    /**
     * A comment in a language the model does not read: no labels and no scores, {@code unscoredReason = language},
     * so that nobody takes it for neutral.
     */
    static LabelledComment unreadLanguage(
            CommentEvent in, String text, boolean truncated, String language, EmotionModel model, long now) {
        return base(in, text, truncated, language, model.version(), now)
                .setLabels(List.of())
                .setScores(Map.of())
                .setTopLabel("")
                .setEmptyText(false)
                .setUnscoredReason(UNSCORED_LANGUAGE)
                .build();
    }

    static final String UNSCORED_LANGUAGE = "language";

    /** What every output carries of its input: ids, times, and the producer's context (author, lang, metadata). */
    private static LabelledComment.Builder base(
            CommentEvent in, String text, boolean truncated, String language, String version, long now) {
        return LabelledComment.newBuilder()
                .setId(in.getId())
                .setSource(in.getSource())
                .setCreatedAt(in.getCreatedAt())
                .setText(text)
                .setModelVersion(version)
                .setClassifiedAt(Instant.ofEpochMilli(now))
                .setTruncated(truncated)
                .setAuthor(in.getAuthor())
                .setLang(in.getLang())
                .setMetadata(in.getMetadata() == null ? Map.of() : new java.util.HashMap<>(in.getMetadata()))
                .setLanguage(language);
    }
}
