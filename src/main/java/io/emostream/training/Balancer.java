package io.emostream.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Builds the epoch's row list from a labelled set: neutral undersampling, then multi-label random oversampling. */
public final class Balancer {
    private final BalancingOptions options;

    public Balancer(BalancingOptions options) {
        this.options = options;
    }

    /**
     * @param labels       label indices per row
     * @param neutralLabel index of the neutral label, or -1
     * @return row indices to train on (with repeats when oversampling)
     */
    public int[] rows(List<int[]> labels, int numLabels, int neutralLabel, long seed) {
        Random random = new Random(seed);
        List<Integer> kept = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            int[] l = labels.get(i);
            boolean neutralOnly = l.length == 1 && l[0] == neutralLabel;
            if (!neutralOnly || options.neutralKeep() >= 1 || random.nextDouble() < options.neutralKeep()) kept.add(i);
        }
        if (options.oversampleTarget() > 0) oversample(kept, labels, numLabels, random);
        return kept.stream().mapToInt(Integer::intValue).toArray();
    }

    private void oversample(List<Integer> kept, List<int[]> labels, int numLabels, Random random) {
        int[] counts = new int[numLabels];
        List<List<Integer>> rowsWith = new ArrayList<>();
        for (int j = 0; j < numLabels; j++) rowsWith.add(new ArrayList<>());
        for (int row : kept)
            for (int l : labels.get(row)) {
                counts[l]++;
                rowsWith.get(l).add(row);
            }
        // rarest first, so a duplicate that also carries a commoner label counts towards it too
        Integer[] order = new Integer[numLabels];
        for (int j = 0; j < numLabels; j++) order[j] = j;
        java.util.Arrays.sort(order, (a, b) -> Integer.compare(counts[a], counts[b]));
        for (int j : order) {
            List<Integer> pool = rowsWith.get(j);
            while (!pool.isEmpty() && counts[j] < options.oversampleTarget()) {
                int row = pool.get(random.nextInt(pool.size()));
                kept.add(row);
                for (int l : labels.get(row)) counts[l]++;
            }
        }
    }

    /** Per-label positive weights from label counts over {@code n} rows. */
    public float[] posWeights(int[] counts, int n) {
        float[] w = new float[counts.length];
        for (int j = 0; j < counts.length; j++) {
            if (options.posWeightPower() == 0 || counts[j] == 0) {
                w[j] = 1f;
                continue;
            }
            double ratio = (double) (n - counts[j]) / counts[j];
            w[j] = (float) Math.min(options.posWeightCap(), Math.max(1.0, Math.pow(ratio, options.posWeightPower())));
        }
        return w;
    }
}
