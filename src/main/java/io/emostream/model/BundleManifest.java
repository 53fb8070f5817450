package io.emostream.model;

import java.util.Map;

/**
 * {@code bundle.json}: format version, model version id, when and how it was made, the network config and the
 * decision rule. Fields are what a loader needs; everything else (metrics, card) lives in its own file.
 *
 * @param fallbackTopLabel when no label passes its threshold, emit the top-scoring label (kept only if it helped macro-F1 on dev)
 * @param recipe           training options as given (arch, balancing, seed...), for the card and for reproduction
 */
public record BundleManifest(
        int formatVersion,
        String version,
        String createdAt,
        String parentVersion,
        ModelConfig config,
        boolean fallbackTopLabel,
        Map<String, Object> recipe) {

    public static final int FORMAT_VERSION = 1;
}
