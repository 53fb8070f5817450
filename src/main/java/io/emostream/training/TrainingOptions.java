package io.emostream.training;

import io.emostream.model.Architecture;
import io.emostream.text.CleaningOptions;
import java.nio.file.Path;
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
        float ngramScale,
        EncoderOptions encoder) {

    /**
     * The encoder architecture's own settings.
     *
     * @param name       a known encoder ({@link io.emostream.model.SentenceEncoderSpec#named})
     * @param pooling    mean | cls
     * @param headHidden hidden units of the head; 0 = linear
     * @param dropout    dropout after the hidden layer
     * @param weightDecay decoupled weight decay (AdamW) of every trained weight; 0 = plain Adam
     * @param c          a linear head's inverse L2 strength; 0 = chosen on validation
     * @param embeddingScale a linear head's weight of the embedding against the n-grams; 0 = chosen on validation
     * @param maxLength  encoder tokens per text, special tokens included; 0 = the encoder's default (128)
     * @param cacheDir   where embeddings are cached ({@link EmbeddingCache})
     * @param weights    a fine-tuned encoder's weights ({@code encoder-weights.bin} of a {@code finetune} bundle),
     *                   patched into the encoder's file and copied into the bundle; null for the encoder as published
     */
    public record EncoderOptions(
            String name,
            String pooling,
            int headHidden,
            float dropout,
            float weightDecay,
            double c,
            float embeddingScale,
            int maxLength,
            Path cacheDir,
            Path weights) {
        public EncoderOptions(
                String name,
                String pooling,
                int headHidden,
                float dropout,
                float weightDecay,
                double c,
                float embeddingScale,
                int maxLength,
                Path cacheDir) {
            this(name, pooling, headHidden, dropout, weightDecay, c, embeddingScale, maxLength, cacheDir, null);
        }

        public io.emostream.model.SentenceEncoderSpec spec() {
            io.emostream.model.SentenceEncoderSpec s =
                    io.emostream.model.SentenceEncoderSpec.named(name).withPooling(pooling);
            return maxLength > 0 ? s.withMaxLength(maxLength) : s;
        }
    }

    /** The same recipe over a fine-tuned encoder's weights. */
    public TrainingOptions withEncoderWeights(Path weights) {
        EncoderOptions e = encoder;
        return toBuilder()
                .encoder(new EncoderOptions(
                        e.name(),
                        e.pooling(),
                        e.headHidden(),
                        e.dropout(),
                        e.weightDecay(),
                        e.c(),
                        e.embeddingScale(),
                        e.maxLength(),
                        e.cacheDir(),
                        weights))
                .build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.architecture = architecture;
        b.attention = attention;
        b.cleaning = cleaning;
        b.balancing = balancing;
        b.maxEpochs = maxEpochs;
        b.patience = patience;
        b.batchSize = batchSize;
        b.learningRate = learningRate;
        b.seed = seed;
        b.minWordCount = minWordCount;
        b.glove = glove;
        b.selectBy = selectBy;
        b.device = device;
        b.ngramScale = ngramScale;
        b.encoder = encoder;
        return b;
    }

    /** A recipe field by field, from the paper's defaults (Adam 1e-3, batch 256, patience 5, selection by loss). */
    public static final class Builder {
        private Architecture architecture;
        private boolean attention;
        private CleaningOptions cleaning;
        private BalancingOptions balancing;
        private int maxEpochs;
        private int patience = 5;
        private int batchSize = 256;
        private float learningRate = 1e-3f;
        private long seed = 42;
        private int minWordCount = 2;
        private Path glove;
        private String selectBy = "loss";
        private String device = "auto";
        private float ngramScale = 1f;
        private EncoderOptions encoder;

        public Builder architecture(Architecture v) {
            architecture = v;
            return this;
        }

        public Builder attention(boolean v) {
            attention = v;
            return this;
        }

        public Builder cleaning(CleaningOptions v) {
            cleaning = v;
            return this;
        }

        public Builder balancing(BalancingOptions v) {
            balancing = v;
            return this;
        }

        public Builder maxEpochs(int v) {
            maxEpochs = v;
            return this;
        }

        public Builder patience(int v) {
            patience = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder learningRate(float v) {
            learningRate = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder minWordCount(int v) {
            minWordCount = v;
            return this;
        }

        public Builder glove(Path v) {
            glove = v;
            return this;
        }

        public Builder selectBy(String v) {
            selectBy = v;
            return this;
        }

        public Builder device(String v) {
            device = v;
            return this;
        }

        public Builder ngramScale(float v) {
            ngramScale = v;
            return this;
        }

        public Builder encoder(EncoderOptions v) {
            encoder = v;
            return this;
        }

        public TrainingOptions build() {
            return new TrainingOptions(
                    architecture,
                    attention,
                    cleaning,
                    balancing,
                    maxEpochs,
                    patience,
                    batchSize,
                    learningRate,
                    seed,
                    minWordCount,
                    glove,
                    selectBy,
                    device,
                    ngramScale,
                    encoder);
        }
    }

    public TrainingOptions {
        if (!selectBy.equals("loss") && !selectBy.equals("macro-f1"))
            throw new IllegalArgumentException("select-by must be loss or macro-f1, was " + selectBy);
        if (maxEpochs < 1) throw new IllegalArgumentException("epochs must be at least 1");
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1");
        if (architecture == Architecture.ENCODER && encoder == null)
            throw new IllegalArgumentException("the encoder architecture needs encoder options");
    }

    /** This recipe as a bundle records it ({@link Recipe#write}). */
    public Map<String, Object> asRecipe() {
        return Recipe.write(this);
    }
}
