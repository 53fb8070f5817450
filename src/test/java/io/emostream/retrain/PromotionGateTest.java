package io.emostream.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.TestData;
import io.emostream.training.Evaluation;
import io.emostream.training.GoEmotionsCorpus;
import io.emostream.training.LabelledText;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromotionGateTest {
    private static Evaluation eval(boolean[][] gold, boolean[][] pred) {
        return Evaluation.of(List.of("a", "b"), gold, pred, null);
    }

    @Test
    void rejectsAMacroDropAndALabelDropBeyondTheMargin() {
        boolean[][] gold = {{true, false}, {false, true}, {true, true}, {false, false}};
        Evaluation perfect = eval(gold, gold);
        Evaluation missesB = eval(gold, new boolean[][] {{true, false}, {false, false}, {true, false}, {false, false}});
        PromotionGate gate = new PromotionGate(0.05);
        assertThat(gate.judge(perfect, missesB).promote()).isFalse();
        assertThat(gate.judge(perfect, missesB).reason()).contains("macro-F1 would drop");
        assertThat(gate.judge(missesB, perfect).promote()).isTrue();
        assertThat(gate.judge(perfect, perfect).promote())
                .as("equal is not a drop")
                .isTrue();
    }

    @Test
    void aWorseRealModelIsRejectedAndABetterOneIsPromotedOnTheSameHeldOutSet() throws Exception {
        List<LabelledText>[] halves = Retrainer.splitDev(new GoEmotionsCorpus(TestData.goEmotions()).split("dev"), 42);
        // the small slice-trained model against the shipped one, both with thresholds tuned on the validation half
        Evaluation small = Retrainer.evaluate(TestData.smallModel(), halves[0], halves[1]);
        Evaluation shipped = Retrainer.evaluate(TestData.defaultModel(), halves[0], halves[1]);
        assertThat(shipped.macroF1()).isGreaterThan(small.macroF1());
        PromotionGate gate = new PromotionGate(0.05);
        PromotionGate.Verdict worse = gate.judge(shipped, small);
        assertThat(worse.promote()).isFalse();
        assertThat(worse.reason()).contains(String.format("%.4f", shipped.macroF1()));
        assertThat(gate.judge(small, shipped).promote()).isTrue();
    }

    @Test
    void theDevSplitIsFixedBySeedAndDisjoint() throws Exception {
        List<LabelledText> dev = new GoEmotionsCorpus(TestData.goEmotions()).split("dev");
        List<LabelledText>[] a = Retrainer.splitDev(dev, 42);
        List<LabelledText>[] b = Retrainer.splitDev(dev, 42);
        assertThat(a[0])
                .extracting(LabelledText::id)
                .containsExactlyElementsOf(b[0].stream().map(LabelledText::id).toList());
        assertThat(a[0])
                .extracting(LabelledText::id)
                .doesNotContainAnyElementsOf(a[1].stream().map(LabelledText::id).toList());
        assertThat(a[0].size() + a[1].size()).isEqualTo(dev.size());
    }
}
