package io.emostream.model;

import io.emostream.text.CleaningOptions;
import io.emostream.text.NgramHasher;
import java.util.List;

/**
 * Everything needed to rebuild the network and its input pipeline; saved as part of {@code bundle.json}.
 *
 * @param attention    attention pooling over the BiLSTM states; average pooling when false (the paper's ablation)
 * @param ngramBuckets hashed n-gram vocabulary of the wide branch (ignored for {@link Architecture#PAPER})
 * @param ngramScale   multiplier of the wide branch's logits; with Adam it multiplies that branch's effective learning
 *                     rate, which its sparse, rarely-updated weights need
 * @param members      how many separately trained networks of this config the bundle averages (a seed ensemble); 1 = one network
 * @param encoder      the pretrained sentence encoder of {@link Architecture#ENCODER} (null for the others)
 * @param headHidden   width of the encoder architecture's hidden layer; 0 = a linear head
 * @param groupOutputs Ekman groups the head scores directly, after the labels (a fine-tuned model's group head);
 *                     empty when groups are derived from the labels
 * @param encoderWeights file in the bundle with the fine-tuned encoder's weights, patched into the encoder's ONNX
 *                     file at load ({@link EncoderWeights}); null for a frozen encoder
 */
public record ModelConfig(
        Architecture architecture,
        boolean attention,
        List<String> labels,
        CleaningOptions cleaning,
        int maxTokens,
        int vocabularySize,
        int embeddingDim,
        int convFilters,
        int convKernel,
        int lstmUnits,
        int denseUnits,
        float dropout,
        int ngramBuckets,
        int maxNgrams,
        int charNgramMin,
        int charNgramMax,
        Float ngramScale,
        Integer members,
        SentenceEncoderSpec encoder,
        Integer headHidden,
        List<String> groupOutputs,
        String encoderWeights) {

    public ModelConfig {
        labels = List.copyOf(labels);
        if (ngramScale == null) ngramScale = 1f; // bundles written before this field existed
        if (members == null) members = 1;
        if (headHidden == null) headHidden = 0;
        groupOutputs = groupOutputs == null ? List.of() : List.copyOf(groupOutputs);
        if (architecture == Architecture.ENCODER && encoder == null)
            throw new IllegalArgumentException("the encoder architecture needs an encoder");
        if (members < 1) throw new IllegalArgumentException("members must be at least 1, got " + members);
        if (architecture != Architecture.ENCODER && maxTokens < convKernel)
            throw new IllegalArgumentException(
                    "maxTokens (" + maxTokens + ") must be at least the conv kernel (" + convKernel + ")");
    }

    public static ModelConfig defaults(
            Architecture arch, boolean attention, List<String> labels, CleaningOptions cleaning, int vocabularySize) {
        return new Builder()
                .architecture(arch)
                .attention(attention)
                .labels(labels)
                .cleaning(cleaning)
                .maxTokens(30)
                .vocabularySize(vocabularySize)
                .embeddingDim(100)
                .convFilters(64)
                .convKernel(5)
                .lstmUnits(128)
                .denseUnits(128)
                .dropout(0.5f)
                .ngramBuckets(1 << 18)
                .maxNgrams(256)
                .charNgramMin(3)
                .charNgramMax(5)
                .build();
    }

    /** The encoder architecture: no word-level network, so the paper's sizes are unused. */
    public static ModelConfig forEncoder(
            List<String> labels, SentenceEncoderSpec encoder, int headHidden, float dropout) {
        return new Builder()
                .architecture(Architecture.ENCODER)
                .labels(labels)
                .cleaning(CleaningOptions.LIGHT)
                .dropout(dropout)
                .ngramBuckets(1 << 18)
                .maxNgrams(512)
                .charNgramMin(2)
                .charNgramMax(5)
                .encoder(encoder)
                .headHidden(headHidden)
                .build();
    }

    public ModelConfig withNgramScale(float scale) {
        return toBuilder().ngramScale(scale).build();
    }

    public ModelConfig withEncoderWeights(String file) {
        return toBuilder().encoderWeights(file).build();
    }

    public ModelConfig withGroupOutputs(List<String> groups) {
        return toBuilder().groupOutputs(groups).build();
    }

    public ModelConfig withMembers(int count) {
        return toBuilder().members(count).build();
    }

    public ModelConfig withVocabularySize(int size) {
        return toBuilder().vocabularySize(size).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.architecture = architecture;
        b.attention = attention;
        b.labels = labels;
        b.cleaning = cleaning;
        b.maxTokens = maxTokens;
        b.vocabularySize = vocabularySize;
        b.embeddingDim = embeddingDim;
        b.convFilters = convFilters;
        b.convKernel = convKernel;
        b.lstmUnits = lstmUnits;
        b.denseUnits = denseUnits;
        b.dropout = dropout;
        b.ngramBuckets = ngramBuckets;
        b.maxNgrams = maxNgrams;
        b.charNgramMin = charNgramMin;
        b.charNgramMax = charNgramMax;
        b.ngramScale = ngramScale;
        b.members = members;
        b.encoder = encoder;
        b.headHidden = headHidden;
        b.groupOutputs = groupOutputs;
        b.encoderWeights = encoderWeights;
        return b;
    }

    /** A config field by field; what is not set is 0, false, null or empty (the record's own defaults then apply). */
    public static final class Builder {
        private Architecture architecture;
        private boolean attention;
        private List<String> labels;
        private CleaningOptions cleaning;
        private int maxTokens;
        private int vocabularySize;
        private int embeddingDim;
        private int convFilters;
        private int convKernel;
        private int lstmUnits;
        private int denseUnits;
        private float dropout;
        private int ngramBuckets;
        private int maxNgrams;
        private int charNgramMin;
        private int charNgramMax;
        private Float ngramScale;
        private Integer members;
        private SentenceEncoderSpec encoder;
        private Integer headHidden;
        private List<String> groupOutputs;
        private String encoderWeights;

        public Builder architecture(Architecture v) {
            architecture = v;
            return this;
        }

        public Builder attention(boolean v) {
            attention = v;
            return this;
        }

        public Builder labels(List<String> v) {
            labels = v;
            return this;
        }

        public Builder cleaning(CleaningOptions v) {
            cleaning = v;
            return this;
        }

        public Builder maxTokens(int v) {
            maxTokens = v;
            return this;
        }

        public Builder vocabularySize(int v) {
            vocabularySize = v;
            return this;
        }

        public Builder embeddingDim(int v) {
            embeddingDim = v;
            return this;
        }

        public Builder convFilters(int v) {
            convFilters = v;
            return this;
        }

        public Builder convKernel(int v) {
            convKernel = v;
            return this;
        }

        public Builder lstmUnits(int v) {
            lstmUnits = v;
            return this;
        }

        public Builder denseUnits(int v) {
            denseUnits = v;
            return this;
        }

        public Builder dropout(float v) {
            dropout = v;
            return this;
        }

        public Builder ngramBuckets(int v) {
            ngramBuckets = v;
            return this;
        }

        public Builder maxNgrams(int v) {
            maxNgrams = v;
            return this;
        }

        public Builder charNgramMin(int v) {
            charNgramMin = v;
            return this;
        }

        public Builder charNgramMax(int v) {
            charNgramMax = v;
            return this;
        }

        public Builder ngramScale(Float v) {
            ngramScale = v;
            return this;
        }

        public Builder members(Integer v) {
            members = v;
            return this;
        }

        public Builder encoder(SentenceEncoderSpec v) {
            encoder = v;
            return this;
        }

        public Builder headHidden(Integer v) {
            headHidden = v;
            return this;
        }

        public Builder groupOutputs(List<String> v) {
            groupOutputs = v;
            return this;
        }

        public Builder encoderWeights(String v) {
            encoderWeights = v;
            return this;
        }

        public ModelConfig build() {
            return new ModelConfig(
                    architecture,
                    attention,
                    labels,
                    cleaning,
                    maxTokens,
                    vocabularySize,
                    embeddingDim,
                    convFilters,
                    convKernel,
                    lstmUnits,
                    denseUnits,
                    dropout,
                    ngramBuckets,
                    maxNgrams,
                    charNgramMin,
                    charNgramMax,
                    ngramScale,
                    members,
                    encoder,
                    headHidden,
                    groupOutputs,
                    encoderWeights);
        }
    }

    public int numLabels() {
        return labels.size();
    }

    /** What the head scores: the labels, then the groups it scores directly (see {@link #groupOutputs}). */
    public int numOutputs() {
        return labels.size() + groupOutputs.size();
    }

    /** Names of the outputs as {@code thresholds.json} keys them: the labels, then {@code ekman:<group>}. */
    public List<String> outputNames() {
        List<String> names = new java.util.ArrayList<>(labels);
        for (String g : groupOutputs) names.add(GROUP_PREFIX + g);
        return names;
    }

    public static final String GROUP_PREFIX = "ekman:";

    /** A fine-tuned encoder model: its encoder's weights in the bundle, a linear head scoring labels and groups. */
    public static ModelConfig forFineTuned(
            List<String> labels, SentenceEncoderSpec encoder, List<String> groups, String weightsFile) {
        // no n-gram branch: the fine-tuned encoder alone, and its group head
        return forEncoder(labels, encoder, 0, 0f).toBuilder()
                .ngramBuckets(0)
                .maxNgrams(0)
                .groupOutputs(groups)
                .encoderWeights(weightsFile)
                .build();
    }

    public boolean wide() {
        return architecture == Architecture.WIDE;
    }

    /** Whether the network reads word ids (the paper's network and the wide one). */
    public boolean wordLevel() {
        return architecture != Architecture.ENCODER;
    }

    public NgramHasher ngramHasher() {
        if (ngramBuckets == 0 && architecture == Architecture.ENCODER) return null; // no n-gram branch
        return wide() || architecture == Architecture.ENCODER
                ? new NgramHasher(ngramBuckets, maxNgrams, charNgramMin, charNgramMax)
                : null;
    }
}
