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
        return new ModelConfig(
                arch,
                attention,
                labels,
                cleaning,
                30,
                vocabularySize,
                100,
                64,
                5,
                128,
                128,
                0.5f,
                1 << 18,
                256,
                3,
                5,
                1f,
                1,
                null,
                0,
                null,
                null);
    }

    /** The encoder architecture: no word-level network, so the paper's sizes are unused. */
    public static ModelConfig forEncoder(
            List<String> labels, SentenceEncoderSpec encoder, int headHidden, float dropout) {
        return new ModelConfig(
                Architecture.ENCODER,
                false,
                labels,
                CleaningOptions.LIGHT,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                dropout,
                1 << 18,
                512,
                2,
                5,
                1f,
                1,
                encoder,
                headHidden,
                null,
                null);
    }

    public ModelConfig withNgramScale(float scale) {
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
                scale,
                members,
                encoder,
                headHidden,
                groupOutputs,
                encoderWeights);
    }

    public ModelConfig withEncoderWeights(String file) {
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
                file);
    }

    public ModelConfig withGroupOutputs(List<String> groups) {
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
                groups,
                encoderWeights);
    }

    public ModelConfig withMembers(int count) {
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
                count,
                encoder,
                headHidden,
                groupOutputs,
                encoderWeights);
    }

    public ModelConfig withVocabularySize(int size) {
        return new ModelConfig(
                architecture,
                attention,
                labels,
                cleaning,
                maxTokens,
                size,
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
        ModelConfig c = forEncoder(labels, encoder, 0, 0f);
        return new ModelConfig(
                c.architecture,
                false,
                labels,
                c.cleaning,
                0,
                c.vocabularySize,
                0,
                0,
                0,
                0,
                0,
                0f,
                0,
                0,
                c.charNgramMin,
                c.charNgramMax,
                1f,
                1,
                encoder,
                0,
                groups,
                weightsFile);
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
