package io.emostream.training;

import io.emostream.model.BundleManifest;
import io.emostream.model.SentenceEncoderSpec;
import java.util.List;
import java.util.Map;

/** The model card of a fine-tuned encoder model: data and licences, recipe, where it holds and where it does not. */
final class FineTunedCard {
    /** As the publishers state them. */
    private static final Map<String, String> LICENCES = Map.of(
            "goemotions", "Apache 2.0 (Google Research; CC BY 4.0 on some mirrors)",
            "semeval-ec", "NRC terms of use: research use, cite Mohammad et al. (2018)",
            "xed", "CC BY 4.0 (Öhman et al., 2020)",
            "carer", "for educational and research purposes (Saravia et al., 2018)",
            "tec", "NRC terms of use: research use, cite Mohammad (2012)");

    private FineTunedCard() {}

    static String render(
            BundleManifest manifest,
            List<EmotionCorpus> corpora,
            Evaluation validation,
            Evaluation test,
            List<GroupReport> groups,
            EncoderFineTuning.Settings s) {
        SentenceEncoderSpec e = manifest.config().encoder();
        StringBuilder sb = new StringBuilder();
        sb.append("# Model card: emostream ").append(manifest.version()).append("\n\n");
        sb.append("Multi-label emotion classifier: the 28 GoEmotions labels, and the 7 Ekman groups (anger, disgust, ")
                .append("fear, joy, sadness, surprise, neutral) scored by their own head.\n\n");
        sb.append("## Data\n\n| corpus | format | weight | licence (as published) |\n|---|---|---|---|\n");
        for (EmotionCorpus c : corpora)
            sb.append(String.format(
                    "| %s | %s | %s | %s |%n", c.name(), c.format(), c.weight(), LICENCES.get(c.format())));
        sb.append("\nGoEmotions teaches the 28 labels and the groups; every other corpus teaches only the groups it ")
                .append("annotates (masked loss). Training splits train; dev splits choose thresholds; test splits ")
                .append("are only reported. No corpus text is in the bundle.\n\n");
        sb.append("## Recipe\n\n");
        SentenceEncoderSpec fp32 = e.trainable();
        sb.append(String.format(
                "- encoder: %s (%s, %s), its upper %d of 12 layers fine-tuned (embeddings and lower %d frozen); "
                        + "the changes are in `encoder-weights.bin` (int8 differences from the fp32 file, per row)%n",
                fp32.name(), fp32.artifact(), fp32.license(), 12 - s.frozenLayers(), s.frozenLayers()));
        sb.append(String.format(
                "- served: %s; at load the changes are added to the fp32 file%s (sha256 `%s`), and ONNX Runtime "
                        + "serves it, %s pooling, at most %d tokens%s%n",
                e.name(),
                e == fp32 ? "" : " and quantised as the int8 file's own weights are, into " + e.artifact(),
                e.onnxSha256(),
                e.pooling(),
                e.maxLength(),
                e == fp32 ? "" : "; on a GPU the fp32 file serves instead"));
        sb.append(String.format(
                "- training: %d epoch(s), batches of %d length-bucketed texts of at most %d tokens, AdamW (encoder "
                        + "%.0e, head %.0e, weight decay %.2f), %d warm-up steps then linear decay, gradient clipping "
                        + "%.1f, dropout %.1f, seed %d; PyTorch through DJL, in the JVM%n",
                s.epochs(),
                s.batchSize(),
                s.maxTokens(),
                s.encoderLearningRate(),
                s.headLearningRate(),
                s.weightDecay(),
                s.warmUpSteps(),
                s.clipNorm(),
                s.dropout(),
                s.seed()));
        sb.append("- decision: label thresholds tuned on GoEmotions dev")
                .append(manifest.fallbackTopLabel() ? " (top label when none passes)" : "")
                .append("; group thresholds on the dev splits of all corpora, each corpus weighing the same\n\n");
        sb.append("## Results\n\n");
        if (test != null)
            sb.append(String.format(
                    "GoEmotions test (labels): macro-F1 **%.4f**, micro-F1 %.4f, macro AUC **%.4f** "
                            + "(validation macro-F1 %.4f).%n%n",
                    test.macroF1(), test.microF1(), test.macroAuc(), validation.macroF1()));
        sb.append("| corpus | split | rows | group macro-F1 | silent (emotional texts with none of their groups) ")
                .append("| argmax accuracy |\n|---|---|---|---|---|---|\n");
        for (GroupReport g : groups)
            sb.append(String.format(
                    "| %s | %s | %d | %.4f | %.1f %% | %.4f |%n",
                    g.corpus(), g.split(), g.rows(), g.macroF1(), 100 * g.silentShare(), g.argmaxAccuracy()));
        sb.append("\nDev rows chose the group thresholds: their figures are optimistic. Per-group F1 is in ")
                .append("`metrics.json`.\n\n");
        sb.append("## Not trained on\n\n");
        sb.append("- Genres: news headlines, long-form articles, product reviews, first-person accounts and dialogue ")
                .append("(only XED's film subtitles come near it) were never seen; measure before trusting them.\n");
        sb.append("- Languages: English only. Comments in other languages are marked and not scored.\n");
        sb.append("- Not for decisions about individuals: labels are annotators' readings of short texts.\n");
        return sb.toString();
    }
}
