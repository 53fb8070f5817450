package io.emostream.retrain;

import io.emostream.training.Evaluation;

/**
 * Promote a candidate only when, on the same held-out set, its macro-F1 does not drop and no label's F1 drops by more
 * than {@code maxLabelDrop} compared with the serving model.
 */
public record PromotionGate(double maxLabelDrop) {

    public record Verdict(boolean promote, String reason) {}

    public Verdict judge(Evaluation current, Evaluation candidate) {
        if (candidate.macroF1() < current.macroF1()) {
            return new Verdict(
                    false, String.format("macro-F1 would drop: %.4f -> %.4f", current.macroF1(), candidate.macroF1()));
        }
        String worst = null;
        double worstDrop = 0;
        for (int j = 0; j < current.perLabel().size(); j++) {
            double drop =
                    current.perLabel().get(j).f1() - candidate.perLabel().get(j).f1();
            if (drop > worstDrop) {
                worstDrop = drop;
                worst = current.perLabel().get(j).label();
            }
        }
        if (worstDrop > maxLabelDrop) {
            return new Verdict(
                    false,
                    String.format(
                            "F1 of %s would drop by %.4f (> %.4f allowed); macro-F1 %.4f -> %.4f",
                            worst, worstDrop, maxLabelDrop, current.macroF1(), candidate.macroF1()));
        }
        return new Verdict(
                true,
                String.format(
                        "macro-F1 %.4f -> %.4f; largest label drop %.4f%s (<= %.4f)",
                        current.macroF1(),
                        candidate.macroF1(),
                        worstDrop,
                        worst == null ? "" : " (" + worst + ")",
                        maxLabelDrop));
    }
}
