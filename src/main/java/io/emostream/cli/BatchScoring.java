package io.emostream.cli;

import io.emostream.model.Scorer;

import java.util.ArrayList;
import java.util.List;

/** Cleans and scores raw texts in fixed-size batches, in input order. */
final class BatchScoring {
    private BatchScoring() {
    }

    static float[][] score(Scorer scorer, List<String> texts, int batchSize) {
        float[][] out = new float[texts.size()][];
        for (int from = 0; from < texts.size(); from += batchSize) {
            int to = Math.min(texts.size(), from + batchSize);
            List<String> cleaned = new ArrayList<>(to - from);
            for (String t : texts.subList(from, to)) cleaned.add(scorer.model().encoder().clean(t));
            float[][] s = scorer.score(cleaned);
            System.arraycopy(s, 0, out, from, s.length);
        }
        return out;
    }
}
