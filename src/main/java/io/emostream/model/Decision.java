package io.emostream.model;

import java.util.Arrays;

/** The decision rule from scores to labels: per-label thresholds, optionally the top label when none passes. */
public final class Decision {
    private Decision() {}

    public static int[] decide(float[] scores, float[] thresholds, boolean fallbackTopLabel) {
        int[] picked = new int[scores.length];
        int n = 0;
        for (int j = 0; j < scores.length; j++) if (scores[j] >= thresholds[j]) picked[n++] = j;
        if (n == 0 && fallbackTopLabel && scores.length > 0) picked[n++] = argmax(scores);
        return Arrays.copyOf(picked, n);
    }

    public static int argmax(float[] scores) {
        int best = 0;
        for (int j = 1; j < scores.length; j++) if (scores[j] > scores[best]) best = j;
        return best;
    }
}
