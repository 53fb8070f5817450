package io.emostream.training;

import io.emostream.model.BundleManifest;
import java.util.List;
import java.util.Map;

/** Renders a bundle's {@code MODEL_CARD.md}: data, recipe, per-label test figures, intended use and limits. */
final class ModelCard {
    private ModelCard() {}

    static String render(
            BundleManifest manifest, TrainingData data, Evaluation validation, Evaluation test, float[] thresholds) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Model card: emostream ").append(manifest.version()).append("\n\n");
        sb.append(
                "Multi-label emotion classifier over the 28 GoEmotions labels (27 emotions + neutral), built and served with DJL.\n\n");
        sb.append("## Data\n\n");
        if (data.train().isEmpty()) {
            sb.append(String.format(
                    "- Training rows: see the members' recipes; validation rows (thresholds): %,d; test rows (reported only): %,d.%n",
                    data.validation().size(), data.test().size()));
        } else {
            sb.append(String.format(
                    "- Training rows: %,d; validation rows (early stopping, model selection, thresholds): %,d; test rows (reported only): %,d.%n",
                    data.train().size(), data.validation().size(), data.test().size()));
        }
        sb.append(
                "- Corpus: GoEmotions (Demszky et al., 2020), official split, read from a path given at training time; no corpus text is shipped in the bundle.\n\n");
        sb.append("## Recipe\n\n");
        for (Map.Entry<String, Object> e : manifest.recipe().entrySet()) {
            if (e.getValue() instanceof List<?> list && e.getKey().equals("memberRecipes")) {
                for (int i = 0; i < list.size(); i++)
                    sb.append("- member ")
                            .append(i)
                            .append(" recipe: ")
                            .append(list.get(i))
                            .append('\n');
            } else {
                sb.append("- ")
                        .append(e.getKey())
                        .append(": ")
                        .append(e.getValue())
                        .append('\n');
            }
        }
        if (manifest.config().encoder() != null) {
            appendEncoder(sb, manifest.config());
        } else {
            appendNetwork(sb, manifest);
        }
        sb.append("\n- decision: per-label thresholds tuned on validation (grid 0.01..0.95)")
                .append(manifest.fallbackTopLabel() ? "; when no label passes, the top-scoring label" : "")
                .append("\n\n");
        appendResults(sb, test, validation, thresholds);
        sb.append("## Intended use\n\n");
        sb.append(
                "Aggregate emotion signals over many short English social-media comments (dashboards, monitoring, triage). ");
        sb.append("Scores are per-label probabilities; labels are those over their tuned threshold.\n\n");
        sb.append("## Known limits\n\n");
        sb.append(
                        "- Trained on English Reddit comments from 2005-2019: other registers, languages and newer slang score worse")
                .append(
                        manifest.config().encoder() != null
                                ? " (the pretrained encoder narrows this gap; it was pretrained on English web text).\n"
                                : "; non-Latin text is accepted but mostly maps to unknown words.\n");
        sb.append(
                "- Rare labels (grief, pride, relief, nervousness) have few training examples; their F1 is low and noisy.\n");
        sb.append("- Only the first ")
                .append(
                        manifest.config().encoder() != null
                                ? manifest.config().encoder().maxLength() + " encoder tokens"
                                : manifest.config().maxTokens() + " tokens")
                .append(" are read.\n");
        sb.append(
                "- Not for decisions about individuals: the labels are annotators' readings of short texts, not ground truth about the writer.\n");
        return sb.toString();
    }

    private static void appendEncoder(StringBuilder sb, io.emostream.model.ModelConfig c) {
        io.emostream.model.SentenceEncoderSpec e = c.encoder();
        sb.append("- network: text (mentions and URLs removed) → pretrained sentence encoder **")
                .append(e.name())
                .append("** (frozen; ")
                .append(e.artifact())
                .append(" from Maven Central, file `")
                .append(e.onnxResource())
                .append("` sha256 `")
                .append(e.onnxSha256())
                .append("`, tokenizer `")
                .append(e.tokenizerResource())
                .append("` sha256 `")
                .append(e.tokenizerSha256())
                .append("`; license ")
                .append(e.license())
                .append("; input prefix `")
                .append(e.prefix())
                .append("`, at most ")
                .append(e.maxLength())
                .append(" tokens, ")
                .append(e.pooling())
                .append(" pooling, ")
                .append(e.dim())
                .append(" dimensions) → standardised → ")
                .append(
                        c.headHidden() > 0
                                ? "Dense(" + c.headHidden() + ") + ReLU + Dropout(" + c.dropout() + ") → "
                                : "")
                .append(c.numLabels())
                .append(" logits");
        sb.append(String.format(
                ", plus logits of a linear branch over an L2-normalised TF-IDF vector of %,d hashed word uni/bigram and char %d-%d-gram "
                        + "buckets (IDF from the training split), → sigmoid",
                c.ngramBuckets(), c.charNgramMin(), c.charNgramMax()));
    }

    private static void appendNetwork(StringBuilder sb, BundleManifest manifest) {
        sb.append("- network: cleaned text → ")
                .append(manifest.config().maxTokens())
                .append(" tokens → embedding(")
                .append(manifest.config().embeddingDim())
                .append(") → Conv1D(")
                .append(manifest.config().convFilters())
                .append(", k=")
                .append(manifest.config().convKernel())
                .append(") → BatchNorm → ReLU → MaxPool(2) → BiLSTM(")
                .append(manifest.config().lstmUnits())
                .append(") → ")
                .append(manifest.config().attention() ? "attention" : "average pooling")
                .append(" → Dense(")
                .append(manifest.config().denseUnits())
                .append(") + Dropout(")
                .append(manifest.config().dropout())
                .append(") → ")
                .append(manifest.config().numLabels())
                .append(" sigmoid outputs");
        if (manifest.config().wide()) {
            sb.append(String.format(
                    ", plus logits of a linear branch over %,d hashed word uni/bigram and char %d-%d-gram buckets",
                    manifest.config().ngramBuckets(),
                    manifest.config().charNgramMin(),
                    manifest.config().charNgramMax()));
        }
        if (manifest.config().members() > 1) {
            sb.append(String.format(
                    "; %d such networks trained with different seeds, their logits averaged",
                    manifest.config().members()));
        }
    }

    private static void appendResults(StringBuilder sb, Evaluation test, Evaluation validation, float[] thresholds) {
        if (test != null) {
            sb.append("## Quality on the test split (thresholds from validation)\n\n");
            sb.append(String.format(
                    "macro-F1 **%.4f**, micro-F1 %.4f, macro precision %.4f, macro recall %.4f, macro ROC AUC %.4f, subset accuracy %.4f, Hamming loss %.4f%n%n",
                    test.macroF1(),
                    test.microF1(),
                    test.macroPrecision(),
                    test.macroRecall(),
                    test.macroAuc(),
                    test.subsetAccuracy(),
                    test.hammingLoss()));
            sb.append(
                    "| label | threshold | precision | recall | F1 | support | AUC |\n|---|---|---|---|---|---|---|\n");
            for (int j = 0; j < test.perLabel().size(); j++) {
                Evaluation.LabelMetrics l = test.perLabel().get(j);
                sb.append(String.format(
                        "| %s | %.2f | %.3f | %.3f | %.3f | %d | %.3f |%n",
                        l.label(), thresholds[j], l.precision(), l.recall(), l.f1(), l.support(), l.auc()));
            }
            sb.append('\n');
        }
        sb.append(String.format(
                "Validation macro-F1 %.4f (this is where thresholds and the epoch were chosen, so it is optimistic).%n%n",
                validation.macroF1()));
    }
}
