package io.emostream.training;

import io.emostream.model.Decision;
import io.emostream.model.EmotionModel;
import io.emostream.model.Scorer;
import java.util.ArrayList;
import java.util.List;

/** Scores raw texts with a loaded model in fixed-size batches and measures it on labelled rows. */
public final class ModelEvaluation {
    private ModelEvaluation() {}

    /** Cleans and scores texts, {@code batchSize} per forward pass, in input order. */
    public static float[][] score(Scorer scorer, List<String> texts, int batchSize) {
        float[][] out = new float[texts.size()][];
        for (int from = 0; from < texts.size(); from += batchSize) {
            int to = Math.min(texts.size(), from + batchSize);
            List<String> cleaned = new ArrayList<>(to - from);
            for (String t : texts.subList(from, to))
                cleaned.add(scorer.model().encoder().clean(t));
            float[][] s = scorer.score(cleaned);
            System.arraycopy(s, 0, out, from, s.length);
        }
        return out;
    }

    public static float[][] score(Scorer scorer, List<LabelledText> rows) {
        return score(scorer, rows.stream().map(LabelledText::text).toList(), 512);
    }

    /** Metrics of the model on rows with the given thresholds and the bundle's top-label rule. */
    public static Evaluation evaluate(Scorer scorer, List<LabelledText> rows, float[] thresholds) {
        EmotionModel m = scorer.model();
        float[][] scores = score(scorer, rows);
        boolean[][] gold = TrainingData.gold(rows, m.labels().size());
        boolean[][] pred = new boolean[rows.size()][m.labels().size()];
        boolean fallback = m.bundle().manifest().fallbackTopLabel();
        int n = m.labels().size(); // a row may score groups after the labels
        float[] labelThresholds = java.util.Arrays.copyOf(thresholds, n);
        for (int i = 0; i < rows.size(); i++)
            for (int j : Decision.decide(java.util.Arrays.copyOf(scores[i], n), labelThresholds, fallback))
                pred[i][j] = true;
        return Evaluation.of(m.labels(), gold, pred, scores);
    }
}
