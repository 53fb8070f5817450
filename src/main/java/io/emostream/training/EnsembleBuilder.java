package io.emostream.training;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import io.emostream.model.BundleException;
import io.emostream.model.BundleManifest;
import io.emostream.model.EmotionModel;
import io.emostream.model.ModelBundle;
import io.emostream.model.ModelConfig;
import io.emostream.model.ParameterFile;
import io.emostream.model.Scorer;
import io.emostream.model.SeedEnsemble;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins bundles trained with the same recipe but different seeds into one {@link SeedEnsemble} bundle. The joined
 * bundle is scored as it will be served (loaded back from disk), its thresholds and top-label rule are fitted on
 * validation, and test is only reported.
 */
public final class EnsembleBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(EnsembleBuilder.class);

    private EnsembleBuilder() {}

    /** What the join produced. */
    public record Result(Path bundleDir, String version, Evaluation validation, Evaluation test) {}

    public static Result build(List<Path> memberDirs, TrainingData data, Path outDir, String version)
            throws IOException {
        return build(memberDirs, data, outDir, version, ParameterFile.Precision.INT8_TABLES);
    }

    /** @param precision how to store the parameters; int8 tables keep a two-member ensemble within the shipped model's 20 MiB */
    public static Result build(
            List<Path> memberDirs, TrainingData data, Path outDir, String version, ParameterFile.Precision precision)
            throws IOException {
        if (memberDirs.size() < 2)
            throw new IllegalArgumentException(
                    "an ensemble needs at least two member bundles, got " + memberDirs.size());
        List<ModelBundle> members = new ArrayList<>();
        for (Path dir : memberDirs) members.add(ModelBundle.read(dir));
        ModelBundle first = members.get(0);
        for (ModelBundle m : members) {
            if (m.config().members() != 1)
                throw new IllegalArgumentException(
                        "member " + m.dir() + " is itself an ensemble; give its single networks");
            if (!m.config().equals(first.config())) {
                throw new IllegalArgumentException("member " + m.dir() + " has another network config than "
                        + first.dir() + " (members must differ only by seed)");
            }
            if (!m.vocabulary().words().equals(first.vocabulary().words())) {
                throw new IllegalArgumentException("member " + m.dir() + " has another vocabulary than " + first.dir());
            }
        }
        if (!first.labels().equals(data.labels()))
            throw new IllegalArgumentException("the data's labels differ from the members' labels");
        ModelConfig config = first.config().withMembers(members.size());
        Files.createDirectories(outDir);
        writeParameters(members, config, outDir.resolve(ModelBundle.PARAMS), precision);

        List<Object> memberVersions = new ArrayList<>();
        List<Object> memberRecipes = new ArrayList<>();
        for (ModelBundle m : members) {
            memberVersions.add(m.version());
            memberRecipes.add(m.manifest().recipe());
        }
        // what every member was trained with (all but seed and run figures): a retraining reads it like any recipe
        Map<String, Object> recipe = new LinkedHashMap<>(sharedEntries(memberRecipes));
        recipe.put("ensembleOf", memberVersions);
        recipe.put("combination", "mean of member logits");
        recipe.put(
                "storage",
                precision == ParameterFile.Precision.INT8_TABLES
                        ? "int8 per-row lookup tables, fp16 elsewhere"
                        : "fp16");
        recipe.put("memberRecipes", memberRecipes);
        String createdAt = DateTimeFormatter.ISO_INSTANT.format(Instant.now());
        // provisional small files so the bundle loads exactly as it will be served; replaced below
        float[] provisional = new float[config.numLabels()];
        java.util.Arrays.fill(provisional, 0.5f);
        BundleManifest draft = new BundleManifest(
                BundleManifest.FORMAT_VERSION, version, createdAt, null, config, false, recipe, BundleManifest.ENGLISH);
        ModelBundle.writeMetadata(outDir, draft, first.vocabulary(), provisional, Map.of());
        Files.writeString(outDir.resolve(ModelBundle.CARD), "(being written)\n");

        int k = config.numLabels();
        DecisionFit decision;
        Evaluation test = null;
        try (EmotionModel model = EmotionModel.load(outDir, "auto");
                Scorer scorer = model.newScorer()) {
            LOG.info(
                    "Scoring validation ({} rows) with the joined model",
                    data.validation().size());
            decision = DecisionFit.fit(
                    data.labels(),
                    TrainingData.gold(data.validation(), k),
                    ModelEvaluation.score(scorer, data.validation()));
            if (!data.test().isEmpty()) {
                test = decision.evaluate(
                        data.labels(), TrainingData.gold(data.test(), k), ModelEvaluation.score(scorer, data.test()));
                LOG.info(String.format(
                        "Test: macro-F1 %.4f, micro-F1 %.4f, macro AUC %.4f",
                        test.macroF1(), test.microF1(), test.macroAuc()));
            }
        } catch (BundleException e) {
            throw new IOException("the joined bundle in " + outDir + " does not load: " + e.getMessage(), e);
        }
        BundleManifest manifest = new BundleManifest(
                BundleManifest.FORMAT_VERSION,
                version,
                createdAt,
                null,
                config,
                decision.fallbackTopLabel(),
                recipe,
                BundleManifest.ENGLISH);
        BundleWriter.writeAllButParams(outDir, manifest, first.vocabulary(), decision, test, data);
        LOG.info("Wrote ensemble {} of {} members to {}", version, members.size(), outDir);
        return new Result(outDir, version, decision.validation(), test);
    }

    private static void writeParameters(
            List<ModelBundle> members, ModelConfig config, Path file, ParameterFile.Precision precision)
            throws IOException {
        try (Model model = Model.newInstance("emostream-ensemble", ai.djl.Device.cpu(), "PyTorch")) {
            SeedEnsemble ensemble = new SeedEnsemble(config);
            model.setBlock(ensemble);
            ensemble.initialize(model.getNDManager(), DataType.FLOAT32, ensemble.inputShapes(1));
            for (int i = 0; i < members.size(); i++)
                ParameterFile.load(ensemble.networks().get(i), members.get(i).paramsFile(), model.getNDManager());
            ParameterFile.save(ensemble, file, precision);
        }
    }

    /** The entries every member recipe has with the same value. */
    static Map<String, Object> sharedEntries(List<Object> recipes) {
        Map<String, Object> shared = null;
        for (Object r : recipes) {
            if (!(r instanceof Map<?, ?> m)) return Map.of();
            if (shared == null) {
                shared = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : m.entrySet()) shared.put(String.valueOf(e.getKey()), e.getValue());
            } else {
                shared.entrySet().removeIf(e -> !java.util.Objects.equals(m.get(e.getKey()), e.getValue()));
            }
        }
        return shared == null ? Map.of() : shared;
    }
}
