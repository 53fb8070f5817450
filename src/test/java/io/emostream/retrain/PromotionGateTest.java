package io.emostream.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.TestData;
import io.emostream.training.Evaluation;
import io.emostream.training.GoEmotionsCorpus;
import io.emostream.training.GroupReport;
import io.emostream.training.LabelledText;
import java.util.List;
import java.util.Map;
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
        PromotionGate gate = new PromotionGate(0.05, 0.01);
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
        PromotionGate gate = new PromotionGate(0.05, 0.01);
        PromotionGate.Verdict worse = gate.judge(shipped, small);
        assertThat(worse.promote()).isFalse();
        assertThat(worse.reason()).contains(String.format("%.4f", shipped.macroF1()));
        assertThat(gate.judge(small, shipped).promote()).isTrue();
    }

    @Test
    void aCandidateThatLosesAnotherCorpusGroupsOrGoesSilentThereIsRejectedHoweverGoodOnGoEmotions() {
        boolean[][] gold = {{true, false}, {false, true}, {true, true}, {false, false}};
        Evaluation perfect = eval(gold, gold);
        PromotionGate gate = new PromotionGate(0.05, 0.01);
        GroupReport serving = new GroupReport("semeval-ec", "dev", 886, 0.70, 0.09, 0.88, Map.of());
        GroupReport fewerGroups = new GroupReport("semeval-ec", "dev", 886, 0.68, 0.09, 0.88, Map.of());
        GroupReport quieter = new GroupReport("semeval-ec", "dev", 886, 0.70, 0.12, 0.88, Map.of());
        GroupReport withinMargin = new GroupReport("semeval-ec", "dev", 886, 0.695, 0.095, 0.88, Map.of());

        assertThat(gate.judge(perfect, perfect, List.of(serving), List.of(fewerGroups)))
                .satisfies(v -> assertThat(v.promote()).isFalse())
                .satisfies(v -> assertThat(v.reason()).contains("group macro-F1 on semeval-ec dev would drop"));
        assertThat(gate.judge(perfect, perfect, List.of(serving), List.of(quieter)))
                .satisfies(v -> assertThat(v.promote()).isFalse())
                .satisfies(v -> assertThat(v.reason()).contains("silent share on semeval-ec dev would rise"));
        assertThat(gate.judge(perfect, perfect, List.of(serving), List.of(withinMargin)))
                .satisfies(v -> assertThat(v.promote()).isTrue())
                .satisfies(v -> assertThat(v.reason()).contains("semeval-ec dev groups 0.7000 -> 0.6950"));
        // the labels still decide first
        Evaluation missesB = eval(gold, new boolean[][] {{true, false}, {false, false}, {true, false}, {false, false}});
        assertThat(gate.judge(perfect, missesB, List.of(serving), List.of(serving))
                        .promote())
                .isFalse();
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
