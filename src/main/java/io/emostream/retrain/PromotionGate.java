package io.emostream.retrain;

import io.emostream.training.Evaluation;
import io.emostream.training.GroupReport;
import java.util.ArrayList;
import java.util.List;

/**
 * Promote a candidate only when, on the same held-out set, its macro-F1 does not drop and no label's F1 drops by more
 * than {@code maxLabelDrop} compared with the serving model; and, on the dev split of each other corpus the gate is
 * given, its emotion groups' macro-F1 drops and its share of silent emotional texts rises by no more than
 * {@code maxGroupDrop}, so a promotion cannot buy Reddit precision with the genres beyond it.
 */
public record PromotionGate(double maxLabelDrop, double maxGroupDrop) {

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

    /** The labels' verdict, then the groups' on each corpus (reports in the same order for both models). */
    public Verdict judge(
            Evaluation current,
            Evaluation candidate,
            List<GroupReport> currentGroups,
            List<GroupReport> candidateGroups) {
        Verdict labels = judge(current, candidate);
        if (!labels.promote() || currentGroups.isEmpty()) return labels;
        List<String> held = new ArrayList<>();
        for (int i = 0; i < currentGroups.size(); i++) {
            GroupReport was = currentGroups.get(i), now = candidateGroups.get(i);
            String where = was.corpus() + " " + was.split();
            if (now.macroF1() < was.macroF1() - maxGroupDrop)
                return new Verdict(
                        false,
                        String.format(
                                "group macro-F1 on %s would drop: %.4f -> %.4f (> %.4f allowed); %s",
                                where, was.macroF1(), now.macroF1(), maxGroupDrop, labels.reason()));
            if (now.silentShare() > was.silentShare() + maxGroupDrop)
                return new Verdict(
                        false,
                        String.format(
                                "silent share on %s would rise: %.1f %% -> %.1f %% (> %.1f points allowed); %s",
                                where,
                                100 * was.silentShare(),
                                100 * now.silentShare(),
                                100 * maxGroupDrop,
                                labels.reason()));
            held.add(String.format(
                    "%s groups %.4f -> %.4f, silent %.1f %% -> %.1f %%",
                    where, was.macroF1(), now.macroF1(), 100 * was.silentShare(), 100 * now.silentShare()));
        }
        return new Verdict(true, labels.reason() + "; " + String.join("; ", held));
    }
}
