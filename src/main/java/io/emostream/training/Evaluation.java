package io.emostream.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Multi-label metrics of predictions against gold labels: per-label precision/recall/F1/support/AUC, macro and micro
 * averages, subset accuracy and Hamming loss. Precision, recall and F1 of a label with no prediction or no support
 * are 0 (scikit-learn's zero_division=0); AUC is averaged over labels with both classes present.
 */
public record Evaluation(
        List<String> labels,
        List<LabelMetrics> perLabel,
        double macroPrecision,
        double macroRecall,
        double macroF1,
        double microPrecision,
        double microRecall,
        double microF1,
        double subsetAccuracy,
        double hammingLoss,
        double macroAuc,
        int examples) {

    public record LabelMetrics(String label, double precision, double recall, double f1, int support, double auc) {}

    /** @param gold per example, 0/1 per label; @param predicted the same; @param scores probabilities (for AUC), or null */
    public static Evaluation of(List<String> labels, boolean[][] gold, boolean[][] predicted, float[][] scores) {
        int n = gold.length, k = labels.size();
        long tpAll = 0, fpAll = 0, fnAll = 0, wrongCells = 0;
        int exact = 0;
        int[] tp = new int[k], fp = new int[k], fn = new int[k], support = new int[k];
        for (int i = 0; i < n; i++) {
            boolean same = true;
            for (int j = 0; j < k; j++) {
                boolean g = gold[i][j], p = predicted[i][j];
                if (g) support[j]++;
                if (g && p) tp[j]++;
                else if (p) fp[j]++;
                else if (g) fn[j]++;
                if (g != p) {
                    same = false;
                    wrongCells++;
                }
            }
            if (same) exact++;
        }
        List<LabelMetrics> per = new ArrayList<>(k);
        double sp = 0, sr = 0, sf = 0, sauc = 0;
        int aucCount = 0;
        for (int j = 0; j < k; j++) {
            double p = ratio(tp[j], tp[j] + fp[j]), r = ratio(tp[j], tp[j] + fn[j]);
            double f = p + r == 0 ? 0 : 2 * p * r / (p + r);
            double auc = scores == null ? Double.NaN : auc(gold, scores, j);
            per.add(new LabelMetrics(labels.get(j), p, r, f, support[j], auc));
            sp += p;
            sr += r;
            sf += f;
            if (!Double.isNaN(auc)) {
                sauc += auc;
                aucCount++;
            }
            tpAll += tp[j];
            fpAll += fp[j];
            fnAll += fn[j];
        }
        double mp = ratio(tpAll, tpAll + fpAll), mr = ratio(tpAll, tpAll + fnAll);
        double mf = mp + mr == 0 ? 0 : 2 * mp * mr / (mp + mr);
        return new Evaluation(
                List.copyOf(labels),
                per,
                sp / k,
                sr / k,
                sf / k,
                mp,
                mr,
                mf,
                n == 0 ? 0 : (double) exact / n,
                n == 0 ? 0 : (double) wrongCells / ((long) n * k),
                aucCount == 0 ? Double.NaN : sauc / aucCount,
                n);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }

    /** ROC AUC of one label by the rank-sum (Mann-Whitney) statistic, ties given half credit; NaN without both classes. */
    static double auc(boolean[][] gold, float[][] scores, int label) {
        int n = gold.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Float.compare(scores[a][label], scores[b][label]));
        double rankSumPos = 0;
        long pos = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]][label] == scores[order[i]][label]) j++;
            double avgRank = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++)
                if (gold[order[t]][label]) {
                    rankSumPos += avgRank;
                    pos++;
                }
            i = j + 1;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) return Double.NaN;
        return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /** A flat, JSON-friendly view. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("examples", examples);
        m.put("macroPrecision", round(macroPrecision));
        m.put("macroRecall", round(macroRecall));
        m.put("macroF1", round(macroF1));
        m.put("microPrecision", round(microPrecision));
        m.put("microRecall", round(microRecall));
        m.put("microF1", round(microF1));
        m.put("subsetAccuracy", round(subsetAccuracy));
        m.put("hammingLoss", round(hammingLoss));
        m.put("macroAuc", round(macroAuc));
        Map<String, Object> per = new LinkedHashMap<>();
        for (LabelMetrics l : perLabel) {
            per.put(
                    l.label(),
                    Map.of(
                            "precision",
                            round(l.precision()),
                            "recall",
                            round(l.recall()),
                            "f1",
                            round(l.f1()),
                            "support",
                            l.support(),
                            "auc",
                            round(l.auc())));
        }
        m.put("perLabel", per);
        return m;
    }

    private static double round(double v) {
        return Double.isNaN(v) ? Double.NaN : Math.round(v * 10000) / 10000.0;
    }

    /** A fixed-width table: one row per label, then the averages. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-16s %9s %9s %9s %8s %7s%n", "label", "precision", "recall", "f1", "support", "auc"));
        for (LabelMetrics l : perLabel) {
            sb.append(String.format(
                    "%-16s %9.3f %9.3f %9.3f %8d %7.3f%n",
                    l.label(), l.precision(), l.recall(), l.f1(), l.support(), l.auc()));
        }
        sb.append(String.format(
                "%-16s %9.3f %9.3f %9.3f %8s %7.3f%n", "macro", macroPrecision, macroRecall, macroF1, "", macroAuc));
        sb.append(String.format("%-16s %9.3f %9.3f %9.3f%n", "micro", microPrecision, microRecall, microF1));
        sb.append(String.format(
                "subset accuracy %.4f   hamming loss %.4f   examples %d%n", subsetAccuracy, hammingLoss, examples));
        return sb.toString();
    }
}
