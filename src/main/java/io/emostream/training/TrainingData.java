package io.emostream.training;

import java.util.List;

/**
 * What a training run sees: a training set, a validation set (early stopping, model selection, thresholds) and a
 * held-out test set (reported only, never tuned on).
 */
public record TrainingData(
        List<String> labels, List<LabelledText> train, List<LabelledText> validation, List<LabelledText> test) {

    public static TrainingData fromCorpus(GoEmotionsCorpus corpus) {
        return new TrainingData(corpus.labels(), corpus.split("train"), corpus.split("dev"), corpus.split("test"));
    }

    public static boolean[][] gold(List<LabelledText> rows, int numLabels) {
        boolean[][] g = new boolean[rows.size()][numLabels];
        for (int i = 0; i < rows.size(); i++) for (int l : rows.get(i).labels()) g[i][l] = true;
        return g;
    }
}
