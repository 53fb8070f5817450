package io.emostream.training;

import io.emostream.model.BundleManifest;
import io.emostream.model.ModelBundle;
import io.emostream.model.ModelConfig;
import io.emostream.model.ParameterFile;
import io.emostream.text.Vocabulary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a bundle's small files (manifest, vocabulary, thresholds, metrics, card) the same way for every producer. */
final class BundleWriter {
    private BundleWriter() {}

    /** Ensembles store their big tables as int8 so that two members fit the shipped model's 20 MiB; single networks stay fp16. */
    static ParameterFile.Precision precisionFor(ModelConfig config) {
        return config.members() > 1 ? ParameterFile.Precision.INT8_TABLES : ParameterFile.Precision.FP16;
    }

    static void writeAllButParams(
            Path dir,
            BundleManifest manifest,
            Vocabulary vocabulary,
            DecisionFit decision,
            Evaluation test,
            TrainingData data)
            throws IOException {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("validation", decision.validation().toMap());
        if (test != null) metrics.put("test", test.toMap());
        ModelBundle.writeMetadata(dir, manifest, vocabulary, decision.thresholds(), metrics);
        Files.writeString(
                dir.resolve(ModelBundle.CARD),
                ModelCard.render(manifest, data, decision.validation(), test, decision.thresholds()));
    }
}
