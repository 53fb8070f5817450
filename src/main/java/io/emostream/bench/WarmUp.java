package io.emostream.bench;

import java.util.List;

/**
 * When the bench's warm-up of the pipeline may stop, JMH-style: once a pass gains less than 5% on the best pass
 * before it, the JIT compiler has done most of its work, so the peaks measured next are those of a settled JVM (a
 * young one on two cores measured batch 64 at two thirds of its later rate). {@code maxSeconds} bounds the wait.
 */
record WarmUp(double maxSeconds) {
    static final double GAIN = 1.05;
    static final int MIN_PASSES = 2;

    /** Whether passes at these rates (records/s, in order) show a settled pipeline. */
    static boolean settled(List<Double> rates) {
        if (rates.size() < MIN_PASSES) return false;
        double best = rates.subList(0, rates.size() - 1).stream()
                .mapToDouble(Double::doubleValue)
                .max()
                .orElseThrow();
        return rates.get(rates.size() - 1) < GAIN * best;
    }

    /** Whether another pass should run after {@code rates}, {@code elapsedSeconds} into the warm-up. */
    boolean another(List<Double> rates, double elapsedSeconds) {
        return rates.isEmpty() || !settled(rates) && elapsedSeconds < maxSeconds;
    }
}
