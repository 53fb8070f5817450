package io.emostream.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationTest {
    @Test
    void metricsMatchHandComputedValues() {
        // 4 examples, 2 labels.
        boolean[][] gold = {{true, false}, {true, true}, {false, true}, {false, false}};
        boolean[][] pred = {{true, true}, {false, true}, {false, true}, {true, false}};
        float[][] scores = {{0.9f, 0.6f}, {0.4f, 0.8f}, {0.2f, 0.7f}, {0.6f, 0.1f}};
        Evaluation e = Evaluation.of(List.of("a", "b"), gold, pred, scores);
        // label a: tp=1 fp=1 fn=1 -> p=0.5 r=0.5 f1=0.5 ; label b: tp=2 fp=1 fn=0 -> p=2/3 r=1 f1=0.8
        assertThat(e.perLabel().get(0).f1()).isCloseTo(0.5, within(1e-9));
        assertThat(e.perLabel().get(1).precision()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(e.perLabel().get(1).f1()).isCloseTo(0.8, within(1e-9));
        assertThat(e.macroF1()).isCloseTo(0.65, within(1e-9));
        // micro: tp=3 fp=2 fn=1 -> p=0.6 r=0.75 f1=2/3
        assertThat(e.microPrecision()).isCloseTo(0.6, within(1e-9));
        assertThat(e.microRecall()).isCloseTo(0.75, within(1e-9));
        assertThat(e.microF1()).isCloseTo(2.0 / 3, within(1e-9));
        // only example 3 is exactly right; 3 of 8 cells wrong
        assertThat(e.subsetAccuracy()).isCloseTo(0.25, within(1e-9));
        assertThat(e.hammingLoss()).isCloseTo(3.0 / 8, within(1e-9));
        // AUC a: positives {0.9, 0.4} vs negatives {0.2, 0.6}: pairs won 3 of 4 -> 0.75; b: positives {0.8,0.7} beat
        // {0.6,0.1} -> 1
        assertThat(e.perLabel().get(0).auc()).isCloseTo(0.75, within(1e-9));
        assertThat(e.macroAuc()).isCloseTo(0.875, within(1e-9));
    }

    @Test
    void tiedScoresGetHalfCreditAndOneClassLabelsAreSkipped() {
        boolean[][] gold = {{true, true}, {false, true}};
        float[][] scores = {{0.5f, 0.3f}, {0.5f, 0.9f}};
        Evaluation e = Evaluation.of(List.of("a", "b"), gold, gold, scores);
        assertThat(e.perLabel().get(0).auc()).isCloseTo(0.5, within(1e-9));
        assertThat(e.perLabel().get(1).auc()).isNaN();
        assertThat(e.macroAuc()).isCloseTo(0.5, within(1e-9));
    }
}
