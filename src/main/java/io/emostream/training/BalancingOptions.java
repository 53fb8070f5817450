package io.emostream.training;

/**
 * The seed papers' balancing, each part optional.
 *
 * @param neutralKeep      fraction of neutral-only training rows kept (1 = no undersampling)
 * @param oversampleTarget multi-label random oversampling: rows with a label seen fewer than this many times are
 *                         duplicated (chosen at random) until it reaches the target (0 = off)
 * @param posWeightPower   loss weight of positives per label = min(cap, (negatives/positives)^power); 0 = unweighted
 * @param posWeightCap     upper bound for that weight
 */
public record BalancingOptions(double neutralKeep, int oversampleTarget, double posWeightPower, double posWeightCap) {
    public static final BalancingOptions NONE = new BalancingOptions(1.0, 0, 0, 1);

    public BalancingOptions {
        if (neutralKeep <= 0 || neutralKeep > 1)
            throw new IllegalArgumentException("neutral keep ratio must be in (0, 1], was " + neutralKeep);
        if (oversampleTarget < 0) throw new IllegalArgumentException("oversample target must be >= 0");
        if (posWeightPower < 0) throw new IllegalArgumentException("pos-weight power must be >= 0");
    }
}
