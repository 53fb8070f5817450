package io.emostream.training;

import io.emostream.model.Architecture;
import io.emostream.text.CleaningOptions;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training recipe. Defaults are the paper's (Adam 1e-3, batch 256, 30 tokens, patience 5, early stopping on
 * validation loss); {@link #selectBy} "macro-f1" picks the epoch by validation macro-F1 instead.
 */
public record TrainingOptions(
        Architecture architecture,
        boolean attention,
        CleaningOptions cleaning,
        BalancingOptions balancing,
        int maxEpochs,
        int patience,
        int batchSize,
        float learningRate,
        long seed,
        int minWordCount,
        Path glove,
        String selectBy,
        String device,
        float ngramScale) {

    public TrainingOptions {
        if (!selectBy.equals("loss") && !selectBy.equals("macro-f1")) throw new IllegalArgumentException("select-by must be loss or macro-f1, was " + selectBy);
        if (maxEpochs < 1) throw new IllegalArgumentException("epochs must be at least 1");
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1");
    }

    public Map<String, Object> asRecipe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architecture", architecture.name().toLowerCase());
        m.put("pooling", attention ? "attention" : "average");
        m.put("cleaning", cleaning.name());
        m.put("neutralKeep", balancing.neutralKeep());
        m.put("oversampleTarget", balancing.oversampleTarget());
        m.put("posWeightPower", balancing.posWeightPower());
        m.put("posWeightCap", balancing.posWeightCap());
        m.put("maxEpochs", maxEpochs);
        m.put("patience", patience);
        m.put("batchSize", batchSize);
        m.put("learningRate", learningRate);
        m.put("seed", seed);
        m.put("minWordCount", minWordCount);
        m.put("embeddingInit", glove == null ? "random" : "glove-100d");
        m.put("selectBy", selectBy);
        m.put("ngramScale", ngramScale);
        return m;
    }
}
