package io.emostream.model;

import java.util.List;
import java.util.Map;

/**
 * {@code bundle.json}: format version, model version id, when and how it was made, the network config and the
 * decision rule. Fields are what a loader needs; everything else (metrics, card) lives in its own file.
 *
 * @param fallbackTopLabel when no label passes its threshold, emit the top-scoring label (kept only if it helped macro-F1 on dev)
 * @param recipe           training options as given (arch, balancing, seed...), for the card and for reproduction
 * @param languages        ISO 639-1 codes of the languages the model reads; a bundle that names none reads English
 */
public record BundleManifest(
        int formatVersion,
        String version,
        String createdAt,
        String parentVersion,
        ModelConfig config,
        boolean fallbackTopLabel,
        Map<String, Object> recipe,
        List<String> languages) {

    public static final int FORMAT_VERSION = 1;
    /** What every bundle trained on GoEmotions reads. */
    public static final List<String> ENGLISH = List.of("en");

    public BundleManifest {
        languages = languages == null || languages.isEmpty() ? ENGLISH : List.copyOf(languages);
    }
}
