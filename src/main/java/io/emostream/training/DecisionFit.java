package io.emostream.training;

import io.emostream.model.Decision;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision rule fitted on validation scores: per-label thresholds from the grid search, and the top-label
 * fallback kept only when it raises validation macro-F1.
 */
public record DecisionFit(float[] thresholds, boolean fallbackTopLabel, Evaluation validation) {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionFit.class);

    public static DecisionFit fit(List<String> labels, boolean[][] validGold, float[][] validScores) {
        float[] thresholds = ThresholdTuner.standard().tune(validGold, validScores);
        Evaluation plain = evaluate(labels, validGold, validScores, thresholds, false);
        Evaluation withFallback = evaluate(labels, validGold, validScores, thresholds, true);
        boolean fallback = withFallback.macroF1() > plain.macroF1();
        LOG.info(String.format(
                "Top-label fallback: validation macro-F1 %.4f with, %.4f without -> %s",
                withFallback.macroF1(), plain.macroF1(), fallback ? "kept" : "dropped"));
        return new DecisionFit(thresholds, fallback, fallback ? withFallback : plain);
    }

    /** Metrics of this rule on other scored rows (the test split). */
    public Evaluation evaluate(List<String> labels, boolean[][] gold, float[][] scores) {
        return evaluate(labels, gold, scores, thresholds, fallbackTopLabel);
    }

    static Evaluation evaluate(
            List<String> labels, boolean[][] gold, float[][] scores, float[] thresholds, boolean fallback) {
        boolean[][] predicted = new boolean[gold.length][labels.size()];
        for (int i = 0; i < gold.length; i++)
            for (int j : Decision.decide(scores[i], thresholds, fallback)) predicted[i][j] = true;
        return Evaluation.of(labels, gold, predicted, scores);
    }
}
