package io.emostream.emotions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three ways dashboards group emotions: the 28 GoEmotions labels themselves, and the two coarser groupings of the
 * GoEmotions paper (Demszky et al. 2020, its {@code ekman_mapping.json} and {@code sentiment_mapping.json}).
 */
public enum EmotionGroups {
    LABELS(null),
    EKMAN(mapping(
            "anger", "anger annoyance disapproval",
            "disgust", "disgust",
            "fear", "fear nervousness",
            "joy", "joy amusement approval excitement gratitude love optimism relief pride admiration desire caring",
            "sadness", "sadness disappointment embarrassment grief remorse",
            "surprise", "surprise realization confusion curiosity",
            "neutral", "neutral")),
    SENTIMENT(mapping(
            "positive",
                    "amusement excitement joy love desire optimism caring pride admiration gratitude relief approval",
            "negative",
                    "fear nervousness remorse embarrassment disappointment sadness grief disgust anger annoyance disapproval",
            "ambiguous", "realization surprise curiosity confusion",
            "neutral", "neutral"));

    /** The 28 GoEmotions labels, in the dataset's order. */
    public static final List<String> GOEMOTIONS = List.of(
            "admiration",
            "amusement",
            "anger",
            "annoyance",
            "approval",
            "caring",
            "confusion",
            "curiosity",
            "desire",
            "disappointment",
            "disapproval",
            "disgust",
            "embarrassment",
            "excitement",
            "fear",
            "gratitude",
            "grief",
            "joy",
            "love",
            "nervousness",
            "optimism",
            "pride",
            "realization",
            "relief",
            "remorse",
            "sadness",
            "surprise",
            "neutral");

    private final Map<String, List<String>> members;

    EmotionGroups(Map<String, List<String>> members) {
        this.members = members;
    }

    /** The name used in the API and in {@code EmotionAlert.group}: labels, ekman or sentiment. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Group name → its GoEmotions labels, in a fixed order; for LABELS every label is its own group. */
    public Map<String, List<String>> members() {
        if (members != null) return members;
        Map<String, List<String>> self = new LinkedHashMap<>();
        for (String l : GOEMOTIONS) self.put(l, List.of(l));
        return self;
    }

    /**
     * The Ekman groups and sentiments of a comment: each group's score is the highest of its labels' scores, and a
     * group is said when any of its labels is. Neutral is one group in both groupings.
     *
     * @return the groups said, in the groupings' order, and the score of every group
     */
    public static Coarse coarse(List<String> labelsSaid, Map<String, Float> scores) {
        List<String> said = new java.util.ArrayList<>();
        Map<String, Float> groupScores = new LinkedHashMap<>();
        for (EmotionGroups g : List.of(EKMAN, SENTIMENT)) {
            for (Map.Entry<String, List<String>> e : g.members().entrySet()) {
                if (groupScores.containsKey(e.getKey())) continue; // neutral, in both
                float score = 0;
                boolean has = false;
                for (String l : e.getValue()) {
                    score = Math.max(score, scores.getOrDefault(l, 0f));
                    has |= labelsSaid.contains(l);
                }
                groupScores.put(e.getKey(), score);
                if (has) said.add(e.getKey());
            }
        }
        return new Coarse(said, groupScores);
    }

    /** A comment's groups said and its score per group. */
    public record Coarse(List<String> groups, Map<String, Float> scores) {}

    /** @throws IllegalArgumentException naming the accepted values */
    public static EmotionGroups of(String id) {
        for (EmotionGroups g : values()) if (g.id().equals(id)) return g;
        throw new IllegalArgumentException("group must be labels, ekman or sentiment, was '" + id + "'");
    }

    private static Map<String, List<String>> mapping(String... pairs) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], List.of(pairs[i + 1].split(" ")));
        return java.util.Collections.unmodifiableMap(m);
    }
}
