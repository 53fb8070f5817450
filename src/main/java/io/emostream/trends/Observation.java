package io.emostream.trends;

import io.emostream.avro.LabelledComment;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the trend windows need of a labelled comment, as it crosses the repartition topic (by source): no registry is
 * involved for internal topics, and the text is cut to what an alert shows.
 */
public record Observation(
        String id,
        String text,
        List<String> labels,
        Map<String, Float> scores,
        String modelVersion,
        boolean unscored,
        List<String> groups,
        Map<String, Float> groupScores) {

    /** Without the model's groups: the trends derive them from the labels, as for comments labelled before them. */
    public Observation(
            String id,
            String text,
            List<String> labels,
            Map<String, Float> scores,
            String modelVersion,
            boolean unscored) {
        this(id, text, labels, scores, modelVersion, unscored, List.of(), Map.of());
    }

    public Observation {
        if (groups == null) groups = List.of();
        if (groupScores == null) groupScores = Map.of();
    }

    public static final int EXAMPLE_CHARS = 280;

    public static Observation of(LabelledComment c) {
        String t = c.getText();
        if (t.length() > EXAMPLE_CHARS) t = t.substring(0, EXAMPLE_CHARS - 1) + "…";
        return new Observation(
                c.getId(),
                t,
                List.copyOf(c.getLabels()),
                new TreeMap<>(c.getScores()),
                c.getModelVersion(),
                c.getUnscoredReason() != null,
                List.copyOf(c.getGroups()),
                new TreeMap<>(c.getGroupScores()));
    }
}
