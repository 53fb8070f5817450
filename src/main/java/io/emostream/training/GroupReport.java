package io.emostream.training;

import io.emostream.emotions.EmotionGroups;
import io.emostream.model.EmotionModel;
import io.emostream.model.Scorer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a model's Ekman groups hold on a corpus: F1 per emotion group (over the rows whose corpus annotates it), their
 * macro average, the share of emotional texts left silent (none of their gold groups said), and argmax accuracy
 * over the six emotion groups for texts with exactly one. Groups come from {@link EmotionModel#read}, as the stream
 * says them.
 */
public record GroupReport(
        String corpus,
        String split,
        int rows,
        double macroF1,
        double silentShare,
        double argmaxAccuracy,
        Map<String, Double> f1) {

    private static final int EMOTIONS = EmotionCorpus.Targets.EKMAN.size() - 1; // all but neutral

    public static GroupReport of(Scorer scorer, String corpus, String split, List<EmotionCorpus.Example> rows) {
        float[][] scores = ModelEvaluation.score(
                scorer, rows.stream().map(EmotionCorpus.Example::text).toList(), 256);
        return of(scorer.model(), corpus, split, rows, scores);
    }

    public static GroupReport of(
            EmotionModel model, String corpus, String split, List<EmotionCorpus.Example> rows, float[][] scores) {
        List<String> names = EmotionCorpus.Targets.EKMAN;
        int base = EmotionCorpus.Targets.LABELS;
        int[] tp = new int[EMOTIONS], fp = new int[EMOTIONS], fn = new int[EMOTIONS];
        int emotional = 0, silent = 0, single = 0, argmaxRight = 0;
        for (int i = 0; i < rows.size(); i++) {
            EmotionCorpus.Example e = rows.get(i);
            EmotionGroups.Coarse groups = model.read(e.text(), scores[i]).groups();
            List<String> said = groups.groups();
            Map<String, Float> groupScores = groups.scores();
            boolean anyGold = false, overlap = false;
            int golds = 0, gold = -1, best = 0;
            for (int g = 0; g < EMOTIONS; g++) {
                if (e.known()[base + g] == 0) continue;
                boolean y = e.targets()[base + g] > 0;
                boolean p = said.contains(names.get(g));
                if (y && p) tp[g]++;
                else if (p) fp[g]++;
                else if (y) fn[g]++;
                if (y) {
                    anyGold = true;
                    overlap |= p;
                    golds++;
                    gold = g;
                }
                if (groupScores.get(names.get(g)) > groupScores.get(names.get(best))) best = g;
            }
            if (anyGold) {
                emotional++;
                if (!overlap) silent++;
            }
            if (golds == 1) {
                single++;
                if (best == gold) argmaxRight++;
            }
        }
        Map<String, Double> f1 = new LinkedHashMap<>();
        double sum = 0;
        int n = 0;
        for (int g = 0; g < EMOTIONS; g++) {
            if (tp[g] + fn[g] == 0) continue;
            double v = 2.0 * tp[g] / (2.0 * tp[g] + fp[g] + fn[g]);
            f1.put(names.get(g), Math.round(v * 10000) / 10000.0);
            sum += v;
            n++;
        }
        return new GroupReport(
                corpus,
                split,
                rows.size(),
                n == 0 ? Double.NaN : sum / n,
                emotional == 0 ? Double.NaN : (double) silent / emotional,
                single == 0 ? Double.NaN : (double) argmaxRight / single,
                f1);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", rows);
        m.put("groupMacroF1", round(macroF1));
        m.put("silentShare", round(silentShare));
        m.put("argmaxAccuracy", round(argmaxAccuracy));
        m.put("groupF1", f1);
        return m;
    }

    private static Object round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 10000) / 10000.0;
    }

    public String line() {
        return String.format(
                "%-12s %-5s %6d rows  group macro-F1 %.4f  silent %5.1f %%  argmax accuracy %.4f",
                corpus, split, rows, macroF1, 100 * silentShare, argmaxAccuracy);
    }
}
