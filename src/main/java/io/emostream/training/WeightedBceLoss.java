package io.emostream.training;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * Binary cross-entropy on logits with a per-label weight on positives (PyTorch's BCEWithLogitsLoss pos_weight),
 * the seeds' loss weighting for rare labels. Uses the stable softplus form.
 */
final class WeightedBceLoss {
    private WeightedBceLoss() {}

    /** @param posWeight shape {@code [labels]}; returns the mean loss (a scalar). */
    static NDArray compute(NDArray logits, NDArray targets, NDArray posWeight) {
        NDArray softplusPos = softplus(logits.neg()); // -log sigmoid(x)
        NDArray softplusNeg = softplus(logits); // -log(1 - sigmoid(x))
        NDArray positive = targets.mul(posWeight).mul(softplusPos);
        NDArray negative = targets.neg().add(1f).mul(softplusNeg);
        return positive.add(negative).mean();
    }

    private static NDArray softplus(NDArray x) {
        return Activation.relu(x).add(x.abs().neg().exp().add(1f).log());
    }

    /** Plain BCE of probabilities, for reporting validation loss. */
    static double meanBce(boolean[][] gold, float[][] probs) {
        double sum = 0;
        long cells = 0;
        for (int i = 0; i < gold.length; i++) {
            for (int j = 0; j < gold[i].length; j++) {
                double p = Math.min(1 - 1e-7, Math.max(1e-7, probs[i][j]));
                sum -= gold[i][j] ? Math.log(p) : Math.log(1 - p);
                cells++;
            }
        }
        return cells == 0 ? 0 : sum / cells;
    }
}
