package io.emostream.training;

import io.emostream.model.Architecture;
import io.emostream.text.CleaningOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The training recipe as a bundle records it ({@code bundle.json}'s {@code recipe}), written and read here only, with
 * one set of defaults: {@code train}'s option defaults are these constants, and a recipe that lacks a key (an older
 * bundle) reads as if it had been trained with the default. The trainer writes it, an ensemble writes what its
 * members share at its top level, and the retrainer reads it back to train the next version the same way.
 */
public final class Recipe {
    public static final String ARCHITECTURE = "wide";
    public static final String POOLING = "attention";
    public static final String CLEANING = "expressive";
    public static final String NEUTRAL_KEEP = "1.0";
    public static final String OVERSAMPLE = "0";
    public static final String POS_WEIGHT_POWER = "0";
    public static final String POS_WEIGHT_CAP = "30";
    public static final String PATIENCE = "5";
    public static final String BATCH_SIZE = "256";
    public static final String LEARNING_RATE = "0.001";
    public static final String MIN_WORD_COUNT = "2";
    public static final String SELECT_BY = "loss";
    public static final String NGRAM_SCALE = "1";
    public static final String ENCODER = "e5-small-v2-q";
    public static final String ENCODER_POOLING = "mean";
    public static final String HEAD_HIDDEN = "0";
    public static final String DROPOUT = "0.3";
    public static final String WEIGHT_DECAY = "0";
    /** The architecture {@code finetune} records; its bundles are not made by {@code train}. */
    public static final String FINETUNED = "finetuned";

    private Recipe() {}

    public static Map<String, Object> write(TrainingOptions o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architecture", o.architecture().name().toLowerCase());
        m.put("pooling", o.attention() ? "attention" : "average");
        m.put("cleaning", o.cleaning().name());
        m.put("neutralKeep", o.balancing().neutralKeep());
        m.put("oversampleTarget", o.balancing().oversampleTarget());
        m.put("posWeightPower", o.balancing().posWeightPower());
        m.put("posWeightCap", o.balancing().posWeightCap());
        m.put("maxEpochs", o.maxEpochs());
        m.put("patience", o.patience());
        m.put("batchSize", o.batchSize());
        m.put("learningRate", o.learningRate());
        m.put("seed", o.seed());
        m.put("minWordCount", o.minWordCount());
        m.put("embeddingInit", o.glove() == null ? "random" : "glove-100d");
        m.put("selectBy", o.selectBy());
        m.put("ngramScale", o.ngramScale());
        if (o.architecture() == Architecture.ENCODER) {
            m.put("cleaning", CleaningOptions.LIGHT.name());
            m.remove("pooling");
            m.remove("embeddingInit");
            m.remove("minWordCount");
            m.put("encoder", o.encoder().name());
            m.put("encoderPooling", o.encoder().pooling());
            m.put("headHidden", o.encoder().headHidden());
            if (o.encoder().headHidden() > 0) {
                m.put("dropout", o.encoder().dropout());
                m.put("weightDecay", o.encoder().weightDecay());
            } else { // a linear head is one exact fit: no epochs, batches, learning rate or epoch selection
                for (String k : new String[] {"maxEpochs", "patience", "batchSize", "learningRate", "selectBy"})
                    m.remove(k);
            }
        }
        return m;
    }

    /**
     * The options a recipe was trained with, for training again: {@code epochs}, {@code seed} and (when not null)
     * {@code learningRate} are the retraining's own; what the recipe lacks takes the defaults above.
     */
    public static TrainingOptions read(
            Map<String, Object> recipe, int epochs, long seed, Float learningRate, Path cacheDir) {
        if (FINETUNED.equals(recipe.get("architecture")))
            return headRefit(
                    text(recipe, "served", text(recipe, "encoder", ENCODER)),
                    CleaningOptions.named(text(recipe, "cleaning", CleaningOptions.LIGHT.name())),
                    seed,
                    cacheDir);
        return new TrainingOptions(
                Architecture.parse(text(recipe, "architecture", ARCHITECTURE)),
                text(recipe, "pooling", POOLING).equals("attention"),
                CleaningOptions.named(text(recipe, "cleaning", CLEANING)),
                new BalancingOptions(
                        num(recipe, "neutralKeep", NEUTRAL_KEEP),
                        (int) num(recipe, "oversampleTarget", OVERSAMPLE),
                        num(recipe, "posWeightPower", POS_WEIGHT_POWER),
                        num(recipe, "posWeightCap", POS_WEIGHT_CAP)),
                epochs,
                (int) num(recipe, "patience", PATIENCE),
                (int) num(recipe, "batchSize", BATCH_SIZE),
                learningRate != null ? learningRate : (float) num(recipe, "learningRate", LEARNING_RATE),
                seed,
                (int) num(recipe, "minWordCount", MIN_WORD_COUNT),
                null,
                text(recipe, "selectBy", SELECT_BY),
                "auto",
                (float) num(recipe, "ngramScale", NGRAM_SCALE),
                recipe.get("encoder") == null
                        ? null
                        : new TrainingOptions.EncoderOptions(
                                text(recipe, "encoder", ENCODER),
                                text(recipe, "encoderPooling", ENCODER_POOLING),
                                (int) num(recipe, "headHidden", HEAD_HIDDEN),
                                (float) num(recipe, "dropout", DROPOUT),
                                (float) num(recipe, "weightDecay", WEIGHT_DECAY),
                                num(recipe, "c", "0"),
                                (float) num(recipe, "embeddingScale", "0"),
                                0,
                                cacheDir));
    }

    /**
     * Retraining a fine-tuned model keeps its encoder (the caller passes its weights) and fits a new head on the
     * encoder as served: the default's recipe, one exact L2 logistic model over the embedding and TF-IDF n-grams (C 1,
     * the embedding's scale chosen on validation), which is as good on GoEmotions as the fine-tuning's own head
     * (docs/model.md). Fine-tuning the encoder again takes the corpora and an hour: that is {@code finetune}'s job.
     */
    public static TrainingOptions headRefit(String encoder, CleaningOptions cleaning, long seed, Path cacheDir) {
        return new TrainingOptions.Builder()
                .architecture(Architecture.ENCODER)
                .cleaning(cleaning)
                .balancing(new BalancingOptions(1.0, 0, 0, 30))
                .maxEpochs(1)
                .patience(1)
                .seed(seed)
                // C 1 as the default's; the embedding's scale (0) chosen on validation
                .encoder(new TrainingOptions.EncoderOptions(encoder, ENCODER_POOLING, 0, 0f, 0f, 1, 0, 0, cacheDir))
                .build();
    }

    private static String text(Map<String, Object> recipe, String key, String fallback) {
        Object v = recipe.get(key);
        return v == null ? fallback : v.toString();
    }

    private static double num(Map<String, Object> recipe, String key, String fallback) {
        Object v = recipe.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.parseDouble(fallback);
    }
}
