package io.emostream.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThresholdTunerTest {
    @Test
    void findsTheThresholdThatSeparatesEachLabel() {
        // positives are the even rows (i % 10 in 0,2,4,6,8), negatives the odd ones (1,3,5,7,9):
        // label 0 positives score 0.30..0.38, negatives 0.16..0.24 -> lowest grid point with F1 1 is 0.25;
        // label 1 positives score 0.80..0.88, negatives 0.61..0.69 -> 0.70.
        int n = 40;
        boolean[][] gold = new boolean[n][2];
        float[][] scores = new float[n][2];
        for (int i = 0; i < n; i++) {
            boolean pos = i % 2 == 0;
            gold[i][0] = pos;
            gold[i][1] = pos;
            scores[i][0] = pos ? 0.30f + (i % 10) / 100f : 0.25f - (i % 10) / 100f;
            scores[i][1] = pos ? 0.80f + (i % 10) / 100f : 0.70f - (i % 10) / 100f;
        }
        float[] t = ThresholdTuner.standard().tune(gold, scores);
        assertThat(t[0]).isEqualTo(0.25f);
        assertThat(t[1]).isEqualTo(0.70f);
    }

    @Test
    void trivialLowThresholdWinsWhenScoresCarryNoSignal() {
        boolean[][] gold = {{true}, {false}, {true}, {false}};
        float[][] scores = {{0.5f}, {0.5f}, {0.5f}, {0.5f}};
        // everything predicted positive at any t <= 0.5: F1 = 2*2/(4+2) = 0.667, best possible here; lowest t wins ties
        assertThat(ThresholdTuner.standard().tune(gold, scores)[0]).isEqualTo(0.01f);
    }
}
