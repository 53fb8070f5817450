package io.emostream.learning;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When enough new labelled data has come to retrain: {@code minExamples} new examples in all, or one rare label
 * gaining {@code rareMin}, or {@code periodMs} elapsed with at least {@code periodMinExamples} new. Pure: the
 * accumulator calls it with its counts.
 */
public record RetrainPolicy(
        int minExamples, List<String> rareLabels, int rareMin, long periodMs, int periodMinExamples) {

    /** @return the reason to retrain, or empty */
    public Optional<String> decide(Map<String, Integer> counts, int total, long elapsedMs) {
        if (total >= minExamples) return Optional.of(total + " new examples (>= " + minExamples + ")");
        for (String label : rareLabels) {
            int n = counts.getOrDefault(label, 0);
            if (n >= rareMin)
                return Optional.of("rare label " + label + " gained " + n + " examples (>= " + rareMin + ")");
        }
        if (elapsedMs >= periodMs && total >= periodMinExamples) {
            return Optional.of(total + " new examples in " + elapsedMs / 1000 + " s (period " + periodMs / 1000
                    + " s, >= " + periodMinExamples + ")");
        }
        return Optional.empty();
    }
}
