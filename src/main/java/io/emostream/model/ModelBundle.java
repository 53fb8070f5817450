package io.emostream.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.emostream.text.Vocabulary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model bundle directory, the one format the stream, the CLI and the retrainer load:
 * <pre>
 *   bundle.json       format version, model version, config (architecture, labels, cleaning, max tokens), recipe
 *   params.bin        network parameters (fp16, see {@link ParameterFile})
 *   vocab.txt         word vocabulary, one word per line, line number = id
 *   thresholds.json   per-label decision thresholds tuned on validation data
 *   metrics.json      evaluation figures (validation and test)
 *   MODEL_CARD.md     human-readable card
 * </pre>
 * This class reads and validates the small files; {@link EmotionModel} adds the parameters.
 */
public record ModelBundle(
        Path dir, BundleManifest manifest, Vocabulary vocabulary, float[] thresholds, Map<String, Object> metrics) {

    public static final String MANIFEST = "bundle.json";
    public static final String PARAMS = "params.bin";
    public static final String VOCAB = "vocab.txt";
    public static final String THRESHOLDS = "thresholds.json";
    public static final String METRICS = "metrics.json";
    public static final String CARD = "MODEL_CARD.md";
    static final List<String> REQUIRED = List.of(MANIFEST, PARAMS, VOCAB, THRESHOLDS, METRICS, CARD);

    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ModelConfig config() {
        return manifest.config();
    }

    public String version() {
        return manifest.version();
    }

    public List<String> labels() {
        return manifest.config().labels();
    }

    public Path paramsFile() {
        return dir.resolve(PARAMS);
    }

    /** Reads and checks a bundle; every problem is reported as a {@link BundleException} naming the bundle and the file. */
    public static ModelBundle read(Path dir) {
        if (!Files.isDirectory(dir))
            throw new BundleException("model bundle " + dir + " does not exist or is not a directory");
        for (String f : REQUIRED) {
            if (!Files.isRegularFile(dir.resolve(f)))
                throw new BundleException("model bundle " + dir + " is missing " + f);
        }
        try {
            BundleManifest manifest = JSON.readValue(dir.resolve(MANIFEST).toFile(), BundleManifest.class);
            if (manifest.formatVersion() != BundleManifest.FORMAT_VERSION) {
                throw new BundleException("model bundle " + dir + " has format version " + manifest.formatVersion()
                        + "; this emostream reads format version " + BundleManifest.FORMAT_VERSION);
            }
            if (manifest.config() == null
                    || manifest.config().labels() == null
                    || manifest.config().labels().isEmpty()) {
                throw new BundleException("model bundle " + dir + ": " + MANIFEST + " has no label list");
            }
            List<String> labels = manifest.config().outputNames();
            Map<String, Double> byLabel = JSON.readValue(
                    dir.resolve(THRESHOLDS).toFile(), new TypeReference<LinkedHashMap<String, Double>>() {});
            if (byLabel.size() != labels.size()) {
                throw new BundleException("model bundle " + dir + ": " + THRESHOLDS + " has " + byLabel.size()
                        + " labels but the model has " + labels.size());
            }
            float[] thresholds = new float[labels.size()];
            for (int i = 0; i < labels.size(); i++) {
                Double t = byLabel.get(labels.get(i));
                if (t == null)
                    throw new BundleException("model bundle " + dir + ": " + THRESHOLDS
                            + " has no threshold for label '" + labels.get(i) + "'");
                thresholds[i] = t.floatValue();
            }
            Vocabulary vocabulary = Vocabulary.load(dir.resolve(VOCAB));
            if (vocabulary.size() != manifest.config().vocabularySize()) {
                throw new BundleException("model bundle " + dir + ": " + VOCAB + " has " + vocabulary.size()
                        + " words but the config says " + manifest.config().vocabularySize());
            }
            Map<String, Object> metrics = JSON.readValue(
                    dir.resolve(METRICS).toFile(), new TypeReference<LinkedHashMap<String, Object>>() {});
            return new ModelBundle(dir, manifest, vocabulary, thresholds, metrics);
        } catch (IOException e) {
            throw new BundleException("model bundle " + dir + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** Writes everything but the parameters and the card (written by their owners) into {@code dir}. */
    public static void writeMetadata(
            Path dir, BundleManifest manifest, Vocabulary vocabulary, float[] thresholds, Map<String, Object> metrics)
            throws IOException {
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve(MANIFEST).toFile(), manifest);
        vocabulary.save(dir.resolve(VOCAB));
        Map<String, Double> byLabel = new LinkedHashMap<>();
        List<String> labels = manifest.config().outputNames();
        for (int i = 0; i < labels.size(); i++) byLabel.put(labels.get(i), Math.round(thresholds[i] * 1000) / 1000.0);
        JSON.writeValue(dir.resolve(THRESHOLDS).toFile(), byLabel);
        JSON.writeValue(dir.resolve(METRICS).toFile(), metrics);
    }
}
