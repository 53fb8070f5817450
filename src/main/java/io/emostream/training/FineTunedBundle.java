package io.emostream.training;

import io.emostream.emotions.EmotionGroups;
import io.emostream.model.BundleManifest;
import io.emostream.model.EmotionModel;
import io.emostream.model.EncoderWeights;
import io.emostream.model.ModelBundle;
import io.emostream.model.ModelConfig;
import io.emostream.model.OnnxWeights;
import io.emostream.model.ParameterFile;
import io.emostream.model.Scorer;
import io.emostream.model.SentenceEncoder;
import io.emostream.model.SentenceEncoderSpec;
import io.emostream.text.CleaningOptions;
import io.emostream.text.Vocabulary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a fine-tuning checkpoint into a model bundle the classifier serves: the encoder's changed weights, a linear
 * head over its pooled output scoring the 28 labels and the 7 Ekman groups, label thresholds tuned on GoEmotions dev
 * and group thresholds on the dev splits of every corpus (each corpus weighing the same), so that an emotional text
 * of another genre gets its group. Scores go through the bundle as served; test splits are only reported.
 */
public final class FineTunedBundle {
    private static final Logger LOG = LoggerFactory.getLogger(FineTunedBundle.class);
    static final String HEAD_FILE = "finetune-head.bin";

    /** What was written, with the figures to print. */
    public record Result(String version, Evaluation test, List<GroupReport> groups) {
        public String summary() {
            StringBuilder sb = new StringBuilder();
            sb.append("model ").append(version).append(" written\n");
            if (test != null)
                sb.append(String.format(
                        "goemotions test: macro-F1 %.4f  micro-F1 %.4f  macro AUC %.4f%n",
                        test.macroF1(), test.microF1(), test.macroAuc()));
            for (GroupReport g : groups) sb.append(g.line()).append('\n');
            return sb.toString();
        }
    }

    private final SentenceEncoderSpec base;
    private final CleaningOptions cleaning;
    private final EncoderFineTuning.Settings settings;
    private final List<EmotionCorpus> corpora;

    /** @param base the encoder the bundle is served with (the fine-tuned weights are relative to its fp32 file) */
    public FineTunedBundle(
            SentenceEncoderSpec base,
            CleaningOptions cleaning,
            EncoderFineTuning.Settings settings,
            List<EmotionCorpus> corpora) {
        this.base = base;
        this.cleaning = cleaning;
        this.settings = settings;
        this.corpora = corpora;
    }

    public Result write(Path dir, String version) {
        List<String> labels = EmotionGroups.GOEMOTIONS;
        List<String> groups = EmotionCorpus.Targets.EKMAN;
        ModelConfig config = ModelConfig.forFineTuned(labels, base, groups, EncoderWeights.FILE)
                .withVocabularySize(Vocabulary.fit(List.of(), 1).size());
        BundleManifest manifest = manifest(version, config, false);
        try {
            // a checkpoint's encoder weights are fp16; the bundle keeps int8 differences from the base (half the size)
            EncoderWeights.compact(
                    dir.resolve(EncoderWeights.FILE), OnnxWeights.read(SentenceEncoder.files(base.trainable())[0]));
            writeHead(dir, config);
            float[] untuned = new float[config.numOutputs()];
            Arrays.fill(untuned, 0.5f);
            ModelBundle.writeMetadata(dir, manifest, Vocabulary.fit(List.of(), 1), untuned, Map.of());
            Files.writeString(dir.resolve(ModelBundle.CARD), "(being written)\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bundle to " + dir + ": " + e.getMessage(), e);
        }
        Map<String, List<EmotionCorpus.Example>> dev = new LinkedHashMap<>();
        Map<String, List<EmotionCorpus.Example>> test = new LinkedHashMap<>();
        for (EmotionCorpus c : corpora) {
            dev.put(c.name(), c.split("dev"));
            test.put(c.name(), c.split("test"));
        }
        Map<String, float[][]> devScores = new LinkedHashMap<>();
        Map<String, float[][]> testScores = new LinkedHashMap<>();
        try (EmotionModel model = EmotionModel.load(dir, "cpu");
                Scorer scorer = model.newScorer()) {
            for (String c : dev.keySet()) {
                LOG.info(
                        "Scoring {} dev ({}) and test ({})",
                        c,
                        dev.get(c).size(),
                        test.get(c).size());
                devScores.put(c, score(scorer, dev.get(c)));
                testScores.put(c, score(scorer, test.get(c)));
            }
        }
        // labels: thresholds (and the top-label rule) from GoEmotions dev, as for every other bundle
        String goEmotions = corpora.get(0).name();
        boolean[][] devGold = labelGold(dev.get(goEmotions));
        DecisionFit decision = DecisionFit.fit(labels, devGold, labelScores(devScores.get(goEmotions)));
        float[] groupThresholds = groupThresholds(dev, devScores);
        float[] thresholds = Arrays.copyOf(decision.thresholds(), config.numOutputs());
        System.arraycopy(groupThresholds, 0, thresholds, labels.size(), groups.size());
        Evaluation goTest = test.get(goEmotions).isEmpty()
                ? null
                : decision.evaluate(labels, labelGold(test.get(goEmotions)), labelScores(testScores.get(goEmotions)));
        manifest = manifest(version, config, decision.fallbackTopLabel());
        List<GroupReport> reports = new ArrayList<>();
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("validation", decision.validation().toMap());
        if (goTest != null) metrics.put("test", goTest.toMap());
        try {
            ModelBundle.writeMetadata(dir, manifest, Vocabulary.fit(List.of(), 1), thresholds, metrics);
            try (EmotionModel model = EmotionModel.load(dir, "cpu")) {
                Map<String, Object> byCorpus = new LinkedHashMap<>();
                for (String c : dev.keySet()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    GroupReport d = GroupReport.of(model, c, "dev", dev.get(c), devScores.get(c));
                    reports.add(d);
                    m.put("dev", d.toMap());
                    if (!test.get(c).isEmpty()) {
                        GroupReport t = GroupReport.of(model, c, "test", test.get(c), testScores.get(c));
                        reports.add(t);
                        m.put("test", t.toMap());
                    }
                    byCorpus.put(c, m);
                }
                metrics.put("groups", byCorpus);
            }
            ModelBundle.writeMetadata(dir, manifest, Vocabulary.fit(List.of(), 1), thresholds, metrics);
            Files.writeString(
                    dir.resolve(ModelBundle.CARD),
                    FineTunedCard.render(manifest, corpora, decision.validation(), goTest, reports, settings));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bundle to " + dir + ": " + e.getMessage(), e);
        }
        return new Result(version, goTest, reports);
    }

    /**
     * Gives a bundle trained over a fine-tuned encoder with the n-gram branch ({@code train --arch encoder
     * --encoder-weights}, or a retraining) the group head of another bundle over the same encoder: the group rows are
     * re-expressed over the target's standardised embedding (exactly: {@code g·e + c = Σ (g_d / invStd_d) x_d + c +
     * g·mean}), take no n-grams, and keep their thresholds, tuned on the dev mix. The group figures are then measured
     * on each corpus given.
     */
    public static Result addGroupHead(Path target, Path fineTuned, List<EmotionCorpus> corpora) {
        try {
            ModelBundle ft = ModelBundle.read(fineTuned);
            ModelBundle lr = ModelBundle.read(target);
            if (!lr.config().groupOutputs().isEmpty()) throw new IllegalArgumentException(target + " has groups");
            if (!fineTuned.resolve(EncoderWeights.FILE).toFile().exists()
                    || !Arrays.equals(
                            Files.readAllBytes(fineTuned.resolve(EncoderWeights.FILE)),
                            Files.readAllBytes(target.resolve(EncoderWeights.FILE))))
                throw new IllegalArgumentException(target + " was not trained over " + fineTuned + "'s encoder");
            Map<String, ParameterFile.Stored> a = ParameterFile.read(lr.paramsFile());
            Map<String, ParameterFile.Stored> g = ParameterFile.read(ft.paramsFile());
            int labels = lr.labels().size();
            int groups = ft.config().groupOutputs().size();
            int outputs = labels + groups;
            int dim = lr.config().encoder().dim();
            float[] mean = a.get("embeddingMean").values();
            float[] invStd = a.get("embeddingInvStd").values();
            float[] weight = Arrays.copyOf(a.get("01output_weight").values(), outputs * dim);
            float[] bias = Arrays.copyOf(a.get("01output_bias").values(), outputs);
            float[] gw = g.get("01output_weight").values();
            float[] gb = g.get("01output_bias").values();
            float[] srcMean = g.get("embeddingMean").values();
            float[] srcInvStd = g.get("embeddingInvStd").values();
            for (int k = 0; k < groups; k++) {
                int from = (labels + k) * dim;
                double shift = gb[labels + k];
                for (int d = 0; d < dim; d++) {
                    double raw = (double) gw[from + d] * srcInvStd[d]; // the row over the raw embedding
                    shift -= raw * srcMean[d];
                    weight[from + d] = (float) (raw / invStd[d]);
                    shift += raw * mean[d];
                }
                bias[labels + k] = (float) shift;
            }
            int buckets = lr.config().ngramBuckets();
            float[] ngrams = a.get("ngramWeights").values();
            float[] wide = new float[buckets * outputs];
            for (int b = 0; b < buckets; b++) System.arraycopy(ngrams, b * labels, wide, b * outputs, labels);
            Map<String, ParameterFile.Stored> params = new LinkedHashMap<>(a);
            params.put("01output_weight", new ParameterFile.Stored(new long[] {outputs, dim}, weight));
            params.put("01output_bias", new ParameterFile.Stored(new long[] {outputs}, bias));
            params.put("ngramWeights", new ParameterFile.Stored(new long[] {buckets, outputs}, wide));
            ParameterFile.save(params, lr.paramsFile());
            if (groups == 0) throw new IllegalArgumentException(fineTuned + " scores no groups");
            ModelConfig config = lr.config().withGroupOutputs(ft.config().groupOutputs());
            Map<String, Object> recipe = new LinkedHashMap<>(lr.manifest().recipe());
            recipe.put("groupHead", ft.version());
            BundleManifest m = lr.manifest();
            BundleManifest manifest = new BundleManifest(
                    m.formatVersion(),
                    m.version(),
                    m.createdAt(),
                    m.parentVersion(),
                    config,
                    m.fallbackTopLabel(),
                    recipe,
                    m.languages());
            float[] thresholds = Arrays.copyOf(lr.thresholds(), outputs);
            System.arraycopy(ft.thresholds(), labels, thresholds, labels, groups);
            Map<String, Object> metrics = new LinkedHashMap<>(lr.metrics());
            ModelBundle.writeMetadata(target, manifest, lr.vocabulary(), thresholds, metrics);
            List<GroupReport> reports = new ArrayList<>();
            Map<String, Object> byCorpus = new LinkedHashMap<>();
            try (EmotionModel model = EmotionModel.load(target, "cpu");
                    Scorer scorer = model.newScorer()) {
                for (EmotionCorpus c : corpora) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    for (String split : List.of("dev", "test")) {
                        List<EmotionCorpus.Example> rows = c.split(split);
                        if (rows.isEmpty()) continue;
                        GroupReport report = GroupReport.of(scorer, c.name(), split, rows);
                        reports.add(report);
                        r.put(split, report.toMap());
                    }
                    byCorpus.put(c.name(), r);
                }
            }
            metrics.put("groups", byCorpus);
            ModelBundle.writeMetadata(target, manifest, lr.vocabulary(), thresholds, metrics);
            StringBuilder card = new StringBuilder(Files.readString(target.resolve(ModelBundle.CARD)));
            card.append("\n## Ekman groups\n\nScored by the group head of ")
                    .append(ft.version())
                    .append(" (trained on every corpus; thresholds from their dev splits):\n\n")
                    .append("| corpus | split | rows | group macro-F1 | silent | argmax accuracy |\n")
                    .append("|---|---|---|---|---|---|\n");
            for (GroupReport r : reports)
                card.append(String.format(
                        "| %s | %s | %d | %.4f | %.1f %% | %.4f |%n",
                        r.corpus(), r.split(), r.rows(), r.macroF1(), 100 * r.silentShare(), r.argmaxAccuracy()));
            Files.writeString(target.resolve(ModelBundle.CARD), card.toString());
            return new Result(lr.version(), null, reports);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add the group head to " + target + ": " + e.getMessage(), e);
        }
    }

    private BundleManifest manifest(String version, ModelConfig config, boolean fallback) {
        Map<String, Object> recipe = new LinkedHashMap<>();
        recipe.put("architecture", "finetuned");
        recipe.put("encoder", base.trainable().name());
        recipe.put("served", base.name());
        recipe.put("cleaning", cleaning.name());
        recipe.put("epochs", settings.epochs());
        recipe.put("frozenLayers", settings.frozenLayers());
        recipe.put("batchSize", settings.batchSize());
        recipe.put("maxTokens", settings.maxTokens());
        recipe.put("encoderLearningRate", settings.encoderLearningRate());
        recipe.put("headLearningRate", settings.headLearningRate());
        recipe.put("warmUpSteps", settings.warmUpSteps());
        recipe.put("clipNorm", settings.clipNorm());
        recipe.put("dropout", settings.dropout());
        recipe.put("weightDecay", settings.weightDecay());
        recipe.put("seed", settings.seed());
        recipe.put(
                "corpora",
                corpora.stream()
                        .map(c -> Map.of("name", c.name(), "format", c.format(), "weight", c.weight()))
                        .toList());
        return new BundleManifest(
                BundleManifest.FORMAT_VERSION,
                version,
                Instant.now().toString(),
                null,
                config,
                fallback,
                recipe,
                BundleManifest.ENGLISH);
    }

    /** The checkpoint's head {@code [dim, outputs]} as the served linear head stores it: {@code [outputs, dim]}. */
    private static void writeHead(Path dir, ModelConfig config) throws IOException {
        Map<String, float[]> head = EncoderWeights.read(dir.resolve(HEAD_FILE), null);
        float[] w = head.get("head.weight");
        float[] b = head.get("head.bias");
        int outputs = config.numOutputs();
        int dim = config.encoder().dim();
        float[] rows = new float[outputs * dim];
        for (int d = 0; d < dim; d++) for (int o = 0; o < outputs; o++) rows[o * dim + d] = w[d * outputs + o];
        float[] zeros = new float[dim];
        float[] ones = new float[dim];
        Arrays.fill(ones, 1f);
        Map<String, ParameterFile.Stored> params = new LinkedHashMap<>();
        // the head reads the pooled embedding as it is: no standardisation
        params.put("embeddingMean", new ParameterFile.Stored(new long[] {dim}, zeros));
        params.put("embeddingInvStd", new ParameterFile.Stored(new long[] {dim}, ones));
        params.put("01output_weight", new ParameterFile.Stored(new long[] {outputs, dim}, rows));
        params.put("01output_bias", new ParameterFile.Stored(new long[] {outputs}, b));
        ParameterFile.save(params, dir.resolve(ModelBundle.PARAMS));
    }

    private static float[][] score(Scorer scorer, List<EmotionCorpus.Example> rows) {
        return ModelEvaluation.score(
                scorer, rows.stream().map(EmotionCorpus.Example::text).toList(), 256);
    }

    private static boolean[][] labelGold(List<EmotionCorpus.Example> rows) {
        int n = EmotionCorpus.Targets.LABELS;
        boolean[][] gold = new boolean[rows.size()][n];
        for (int i = 0; i < rows.size(); i++)
            for (int j = 0; j < n; j++) gold[i][j] = rows.get(i).targets()[j] > 0;
        return gold;
    }

    private static float[][] labelScores(float[][] scores) {
        float[][] out = new float[scores.length][];
        for (int i = 0; i < scores.length; i++) out[i] = Arrays.copyOf(scores[i], EmotionCorpus.Targets.LABELS);
        return out;
    }

    /**
     * Per group, the threshold (0.01..0.95) with the best F1 over the dev splits of all corpora that annotate it,
     * each corpus weighing the same whatever its size.
     */
    static float[] groupThresholds(Map<String, List<EmotionCorpus.Example>> dev, Map<String, float[][]> scores) {
        int groups = EmotionCorpus.Targets.EKMAN.size();
        int base = EmotionCorpus.Targets.LABELS;
        float[] out = new float[groups];
        for (int g = 0; g < groups; g++) {
            double bestF1 = -1;
            float best = 0.5f;
            for (int s = 1; s <= 95; s++) {
                float t = s / 100f;
                double tp = 0, fp = 0, fn = 0;
                for (String c : dev.keySet()) {
                    List<EmotionCorpus.Example> rows = dev.get(c);
                    double w = rows.isEmpty() ? 0 : 1.0 / rows.size();
                    float[][] sc = scores.get(c);
                    for (int i = 0; i < rows.size(); i++) {
                        if (rows.get(i).known()[base + g] == 0) continue;
                        boolean y = rows.get(i).targets()[base + g] > 0;
                        boolean p = sc[i][base + g] >= t;
                        if (y && p) tp += w;
                        else if (p) fp += w;
                        else if (y) fn += w;
                    }
                }
                double f1 = tp == 0 ? 0 : 2 * tp / (2 * tp + fp + fn);
                if (f1 > bestF1) {
                    bestF1 = f1;
                    best = t;
                }
            }
            out[g] = best;
            LOG.info(
                    "Group {}: threshold {} (dev-mix F1 {})",
                    EmotionCorpus.Targets.EKMAN.get(g),
                    best,
                    String.format("%.4f", bestF1));
        }
        return out;
    }
}
