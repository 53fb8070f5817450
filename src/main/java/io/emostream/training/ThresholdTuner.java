package io.emostream.training;

/**
 * Per-label threshold grid search: for each label independently, the threshold in {@code [min, max]} (step
 * {@code step}) that maximises that label's F1 on validation scores. Ties go to the lower threshold.
 */
public final class ThresholdTuner {
    private final double min, max, step;

    public ThresholdTuner(double min, double max, double step) {
        this.min = min;
        this.max = max;
        this.step = step;
    }

    public static ThresholdTuner standard() {
        return new ThresholdTuner(0.01, 0.95, 0.01);
    }

    public float[] tune(boolean[][] gold, float[][] scores) {
        int k = gold.length == 0 ? 0 : gold[0].length;
        float[] thresholds = new float[k];
        int steps = (int) Math.round((max - min) / step);
        for (int j = 0; j < k; j++) {
            double bestF1 = -1;
            float best = 0.5f;
            for (int s = 0; s <= steps; s++) {
                float t = (float) (Math.round((min + s * step) * 1000) / 1000.0);
                double f1 = f1(gold, scores, j, t);
                if (f1 > bestF1) {
                    bestF1 = f1;
                    best = t;
                }
            }
            thresholds[j] = best;
        }
        return thresholds;
    }

    static double f1(boolean[][] gold, float[][] scores, int j, float t) {
        int tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < gold.length; i++) {
            boolean p = scores[i][j] >= t;
            if (p && gold[i][j]) tp++;
            else if (p) fp++;
            else if (gold[i][j]) fn++;
        }
        return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }
}
