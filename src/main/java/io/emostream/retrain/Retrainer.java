package io.emostream.retrain;

import io.emostream.avro.TrainingExample;
import io.emostream.config.EmostreamConfig;
import io.emostream.model.EmotionModel;
import io.emostream.model.ModelBundle;
import io.emostream.model.Scorer;
import io.emostream.training.EmotionCorpus;
import io.emostream.training.Evaluation;
import io.emostream.training.FineTunedBundle;
import io.emostream.training.GoEmotionsCorpus;
import io.emostream.training.GroupReport;
import io.emostream.training.LabelledText;
import io.emostream.training.ModelEvaluation;
import io.emostream.training.ModelTrainer;
import io.emostream.training.Recipe;
import io.emostream.training.ThresholdTuner;
import io.emostream.training.TrainingData;
import io.emostream.training.TrainingOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One retraining: base corpus + accumulated examples → balanced training (the serving model's recipe, fine-tuned
 * from it or from scratch) → thresholds on a fixed validation half of the base dev set → both models scored on the
 * fixed other half (held out) and on the dev splits of the other corpora given (their emotion groups) → the gate
 * decides. No test split is ever used.
 */
public final class Retrainer {
    private static final Logger LOG = LoggerFactory.getLogger(Retrainer.class);

    public record Outcome(
            String version,
            String location,
            PromotionGate.Verdict verdict,
            Evaluation current,
            Evaluation candidate,
            List<GroupReport> currentGroups,
            List<GroupReport> candidateGroups,
            double seconds) {}

    private final Path baseCorpus;
    private final ModelStore store;
    private final PromotionGate gate;
    private final int epochs;
    private final boolean fineTune;
    private final long seed;
    private final float fineTuneLr;
    private final List<EmotionCorpus> corpora;
    /** The serving model's group reports, by version: it is scored once, not at every retraining. */
    private final Map<String, List<GroupReport>> groupReports = new java.util.concurrent.ConcurrentHashMap<>();

    /** {@code corpora}: the other corpora whose dev splits gate the emotion groups (none: labels only). */
    public Retrainer(
            Path baseCorpus,
            ModelStore store,
            PromotionGate gate,
            int epochs,
            boolean fineTune,
            float fineTuneLr,
            long seed,
            List<EmotionCorpus> corpora) {
        for (EmotionCorpus c : corpora)
            if (c.heldOut() || c.format().equals("goemotions"))
                throw new IllegalArgumentException("retrain.corpora: " + c.format()
                        + " cannot gate a retraining (expected one of semeval-ec, xed, carer, tec;"
                        + " GoEmotions is retrain.base.corpus, and held-out corpora are never tuned on)");
        this.corpora = List.copyOf(corpora);
        this.fineTuneLr = fineTuneLr;
        this.baseCorpus = baseCorpus;
        this.store = store;
        this.gate = gate;
        this.epochs = epochs;
        this.fineTune = fineTune;
        this.seed = seed;
    }

    public static Retrainer from(EmostreamConfig c, Path home) {
        String base = c.get("retrain.base.corpus");
        if (base.isBlank())
            throw new IllegalArgumentException(
                    "retrain.base.corpus is not set: give the GoEmotions-format folder to retrain on (e.g. --set retrain.base.corpus=../shared/data/goemotions)");
        Path store = Path.of(c.get("retrain.model.store"));
        return new Retrainer(
                Path.of(base),
                new DirectoryModelStore(store.isAbsolute() ? store : home.resolve(store)),
                new PromotionGate(c.getDouble("retrain.max.label.drop"), c.getDouble("retrain.max.group.drop")),
                c.getInt("retrain.epochs"),
                c.getBoolean("retrain.fine.tune"),
                (float) c.getDouble("retrain.fine.tune.lr"),
                c.getLong("retrain.seed"),
                gateCorpora(c));
    }

    /** {@code retrain.corpora}, each entry read as {@code --corpus} reads it; a bad one names the key and its origin. */
    private static List<EmotionCorpus> gateCorpora(EmostreamConfig c) {
        try {
            List<EmotionCorpus> corpora = new ArrayList<>();
            for (String spec : c.getList("retrain.corpora")) corpora.add(EmotionCorpus.parse(spec));
            return corpora;
        } catch (IllegalArgumentException e) {
            throw new io.emostream.config.ConfigException(
                    "config key retrain.corpora: " + e.getMessage() + " (from " + c.origin("retrain.corpora") + ")");
        }
    }

    public ModelStore store() {
        return store;
    }

    public Outcome retrain(Path currentBundle, List<TrainingExample> examples, String version) throws IOException {
        long started = System.nanoTime();
        GoEmotionsCorpus corpus = new GoEmotionsCorpus(baseCorpus);
        ModelBundle current = ModelBundle.read(currentBundle);
        List<String> labels = corpus.labels();
        if (!labels.equals(current.labels()))
            throw new IllegalArgumentException("base corpus labels differ from model " + current.version() + "'s");
        List<LabelledText>[] halves = splitDev(corpus.split("dev"), seed);
        List<LabelledText> train = new ArrayList<>(corpus.split("train"));
        int added = 0;
        for (TrainingExample e : examples) {
            int[] ids = e.getLabels().stream()
                    .mapToInt(labels::indexOf)
                    .filter(i -> i >= 0)
                    .toArray();
            if (ids.length == 0) continue;
            train.add(new LabelledText(e.getId(), e.getText(), ids));
            added++;
        }
        LOG.info(
                "Retraining {} as {}: {} base rows + {} new examples, {} epochs, {}",
                current.version(),
                version,
                train.size() - added,
                added,
                epochs,
                fineTune ? "fine-tuning where the recipe allows" : "from scratch");
        // a fine-tuned model's label head is refitted in one exact fit over its encoder: there are no weights to start
        // from (its own head was trained with the encoder, and the refit adds the n-gram branch)
        boolean warmStart = fineTune
                && !io.emostream.training.Recipe.FINETUNED.equals(
                        current.manifest().recipe().get("architecture"));
        TrainingOptions options = optionsFrom(current.manifest().recipe(), epochs, seed, warmStart ? fineTuneLr : null);
        String weights = current.config().encoderWeights();
        if (weights != null) options = options.withEncoderWeights(currentBundle.resolve(weights)); // keep the encoder
        Path staged = store.stagingDir(version);
        ModelTrainer.Result result = new ModelTrainer(options)
                .loggingProgress()
                .train(
                        new TrainingData(labels, train, halves[0], halves[1]),
                        staged,
                        version,
                        current.version(),
                        warmStart ? current : null);
        // a fine-tuned model's group head (trained on other corpora too) is kept as it is
        if (!current.config().groupOutputs().isEmpty()) FineTunedBundle.addGroupHead(staged, currentBundle, List.of());
        // both models decide with thresholds tuned on the same validation half, so the held-out half is unseen by both
        Evaluation currentEval = evaluate(currentBundle, halves[0], halves[1]);
        warnOfUngatedCorpora(current);
        List<GroupReport> currentGroups = groupReports.computeIfAbsent(current.version(), v -> groups(currentBundle));
        List<GroupReport> candidateGroups = groups(staged);
        PromotionGate.Verdict verdict = gate.judge(currentEval, result.test(), currentGroups, candidateGroups);
        String location = store.publish(version, staged);
        if (verdict.promote()) groupReports.put(version, candidateGroups);
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.info("Gate for {}: {} — {}", version, verdict.promote() ? "PROMOTE" : "REJECT", verdict.reason());
        return new Outcome(
                version, location, verdict, currentEval, result.test(), currentGroups, candidateGroups, seconds);
    }

    /** Each gating corpus's dev split, scored by a bundle and read as the stream reads it. */
    private List<GroupReport> groups(Path bundle) {
        if (corpora.isEmpty()) return List.of();
        try (EmotionModel m = EmotionModel.load(bundle, "auto");
                Scorer s = m.newScorer()) {
            return corpora.stream()
                    .map(c -> GroupReport.of(s, c.name(), "dev", c.split("dev")))
                    .toList();
        }
    }

    /** A model trained on corpora the gate is not given may lose them unseen: say so, naming the key. */
    private void warnOfUngatedCorpora(ModelBundle current) {
        if (!(current.manifest().recipe().get("corpora") instanceof List<?> trained)) return;
        List<String> given = corpora.stream().map(EmotionCorpus::format).toList();
        List<String> missing = trained.stream()
                .filter(Map.class::isInstance)
                .map(m -> String.valueOf(((Map<?, ?>) m).get("format")))
                .filter(f -> !f.equals("goemotions") && !given.contains(f))
                .toList();
        if (!missing.isEmpty())
            LOG.warn(
                    "{} was trained on {} too; set retrain.corpora (e.g. {}:/data/...) so the gate also checks its groups there",
                    current.version(),
                    missing,
                    missing.get(0));
    }

    /** A fixed, seeded split of the dev rows: [0] validation (thresholds, early stopping), [1] held out (the gate). */
    @SuppressWarnings("unchecked")
    static List<LabelledText>[] splitDev(List<LabelledText> dev, long seed) {
        List<LabelledText> shuffled = new ArrayList<>(dev);
        Collections.shuffle(shuffled, new Random(seed));
        int half = shuffled.size() / 2;
        return new List[] {shuffled.subList(0, half), shuffled.subList(half, shuffled.size())};
    }

    /**
     * Scores a bundle on {@code heldOut}: with its own thresholds when {@code validation} is null, else with
     * thresholds re-tuned on {@code validation} (and its top-label rule).
     */
    public static Evaluation evaluate(Path bundle, List<LabelledText> validation, List<LabelledText> heldOut) {
        try (EmotionModel m = EmotionModel.load(bundle, "auto");
                Scorer s = m.newScorer()) {
            float[] thresholds = validation == null
                    ? m.bundle().thresholds()
                    : ThresholdTuner.standard()
                            .tune(
                                    TrainingData.gold(validation, m.labels().size()),
                                    ModelEvaluation.score(s, validation));
            return ModelEvaluation.evaluate(s, heldOut, thresholds);
        }
    }

    static TrainingOptions optionsFrom(Map<String, Object> recipe, int epochs, long seed, Float learningRate) {
        return Recipe.read(recipe, epochs, seed, learningRate, io.emostream.training.EmbeddingCache.defaultDir());
    }
}
