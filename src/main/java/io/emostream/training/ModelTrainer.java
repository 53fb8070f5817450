package io.emostream.training;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.emostream.model.Architecture;
import io.emostream.model.BatchTranslator;
import io.emostream.model.BundleManifest;
import io.emostream.model.Devices;
import io.emostream.model.EmotionBlock;
import io.emostream.model.EmotionNetwork;
import io.emostream.model.EncodedBatch;
import io.emostream.model.EncoderWeights;
import io.emostream.model.ModelBundle;
import io.emostream.model.ModelConfig;
import io.emostream.model.ParameterFile;
import io.emostream.model.SentenceHead;
import io.emostream.model.TextEncoder;
import io.emostream.text.CleaningOptions;
import io.emostream.text.TextCleaner;
import io.emostream.text.Vocabulary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the emotion network with DJL: encodes the data, balances the training rows, runs Adam with early stopping
 * on the validation set (best epoch restored), tunes per-label thresholds on validation, evaluates on test and
 * writes a model bundle.
 */
public final class ModelTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(ModelTrainer.class);
    private static final int EVAL_BATCH = 1024;

    /** What a run produced. */
    public record Result(
            Path bundleDir,
            String version,
            Evaluation validation,
            Evaluation test,
            int bestEpoch,
            int epochsRun,
            double seconds) {}

    private final TrainingOptions options;
    private final boolean progressBar;

    public ModelTrainer(TrainingOptions options) {
        this(options, true);
    }

    private ModelTrainer(TrainingOptions options, boolean progressBar) {
        this.options = options;
        this.progressBar = progressBar;
    }

    /**
     * The same trainer reporting progress as a log line per quarter epoch instead of a terminal bar: for services
     * (the retrainer), whose console also carries other output that a redrawn bar would garble.
     */
    public ModelTrainer loggingProgress() {
        return new ModelTrainer(options, false);
    }

    public Result train(TrainingData data, Path outDir, String version, String parentVersion) throws IOException {
        return train(data, outDir, version, parentVersion, null);
    }

    /**
     * @param initial when given, fine-tune: start from this bundle's parameters, with its vocabulary and network config
     *                (the recipe's architecture and cleaning are then the bundle's)
     */
    public Result train(TrainingData data, Path outDir, String version, String parentVersion, ModelBundle initial)
            throws IOException {
        long started = System.nanoTime();
        Prepared p = prepare(data, initial);
        Balanced b = balance(data, p);
        Engine.getEngine("PyTorch").setRandomSeed((int) options.seed());
        EmotionBlock network = EmotionBlock.of(p.config());
        ParameterFile.Precision precision = BundleWriter.precisionFor(p.config());
        try (Model model = Model.newInstance("emostream-train", Devices.select(options.device()), "PyTorch")) {
            model.setBlock(network);
            DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(Loss.sigmoidBinaryCrossEntropyLoss())
                    .optOptimizer(optimizer())
                    .optDevices(new ai.djl.Device[] {model.getNDManager().getDevice()});
            try (Trainer trainer = model.newTrainer(trainingConfig)) {
                trainer.initialize(network.inputShapes(options.batchSize()));
                if (initial != null) {
                    ParameterFile.load(network, initial.paramsFile(), model.getNDManager());
                    LOG.info("Fine-tuning from model {}", initial.version());
                } else {
                    for (EmotionBlock member : network.networks()) {
                        if (member instanceof EmotionNetwork n)
                            initEmbeddings(n, p.vocabulary(), p.config().embeddingDim());
                        if (member instanceof SentenceHead h)
                            HeadStatistics.of(p.trainEnc(), p.config()).applyTo(h);
                    }
                }
                Fit fit = fit(trainer, network, p, b);
                ParameterFile.roundToStored(network, precision); // score exactly as the saved bundle will

                List<String> labels = p.labels();
                DecisionFit decision =
                        DecisionFit.fit(labels, p.validGold(), score(trainer, p.encoder(), p.validEnc(), p.config()));
                Evaluation test = null;
                if (!data.test().isEmpty()) {
                    EncodedBatch testEnc = p.encoder().encode(p.testClean());
                    test = decision.evaluate(
                            labels,
                            TrainingData.gold(data.test(), labels.size()),
                            score(trainer, p.encoder(), testEnc, p.config()));
                    LOG.info(String.format(
                            "Test: macro-F1 %.4f, micro-F1 %.4f, macro AUC %.4f",
                            test.macroF1(), test.microF1(), test.macroAuc()));
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                BundleManifest manifest = new BundleManifest(
                        BundleManifest.FORMAT_VERSION,
                        version,
                        DateTimeFormatter.ISO_INSTANT.format(Instant.now()),
                        parentVersion,
                        p.config(),
                        decision.fallbackTopLabel(),
                        recipe(initial, p.config(), fit, b, seconds),
                        BundleManifest.ENGLISH);
                Files.createDirectories(outDir);
                ParameterFile.save(network, outDir.resolve(ModelBundle.PARAMS), precision);
                BundleWriter.writeAllButParams(outDir, manifest, p.vocabulary(), decision, test, data);
                Path weightsCopy = outDir.resolve(EncoderWeights.FILE);
                if (p.encoderWeights() != null
                        && !(Files.exists(weightsCopy) && Files.isSameFile(p.encoderWeights(), weightsCopy)))
                    Files.copy(p.encoderWeights(), weightsCopy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                LOG.info(String.format("Wrote model %s to %s (%.0f s)", version, outDir, seconds));
                return new Result(
                        outDir, version, decision.validation(), test, fit.bestEpoch(), fit.epochsRun(), seconds);
            }
        }
    }

    /** The texts cleaned and encoded, the vocabulary and the config: everything a fit reads. */
    private record Prepared(
            List<String> labels,
            List<String> testClean,
            Vocabulary vocabulary,
            ModelConfig config,
            Path encoderWeights,
            TextEncoder encoder,
            EncodedBatch trainEnc,
            EncodedBatch validEnc,
            boolean[][] trainGold,
            boolean[][] validGold,
            boolean sentence) {}

    /** The training rows after balancing (indices into the train split) and the positives' weights per label. */
    private record Balanced(int[] rows, float[] posWeights) {}

    /** The linear search's choice: C and the embedding's weight against the n-grams. */
    record LinearChoice(double c, double embeddingScale) {}

    /** How the fit went: the epoch kept (Adam), or the linear search's choice (null for Adam). */
    private record Fit(int bestEpoch, int epochsRun, LinearChoice linear) {}

    private Prepared prepare(TrainingData data, ModelBundle initial) throws IOException {
        List<String> labels = data.labels();
        if (initial != null && !initial.labels().equals(labels))
            throw new IllegalArgumentException(
                    "cannot fine-tune " + initial.dir() + ": its labels differ from the data's");
        boolean sentence =
                initial != null ? initial.config().encoder() != null : options.architecture() == Architecture.ENCODER;
        CleaningOptions cleaning =
                initial != null ? initial.config().cleaning() : sentence ? CleaningOptions.LIGHT : options.cleaning();
        TextCleaner cleaner = new TextCleaner(cleaning);
        List<String> trainClean =
                data.train().stream().map(t -> cleaner.clean(t.text())).toList();
        List<String> validClean =
                data.validation().stream().map(t -> cleaner.clean(t.text())).toList();
        List<String> testClean =
                data.test().stream().map(x -> cleaner.clean(x.text())).toList();
        // the encoder architecture reads no word ids: its vocabulary is only the two reserved entries
        Vocabulary vocabulary = initial != null
                ? initial.vocabulary()
                : Vocabulary.fit(sentence ? List.of() : trainClean, options.minWordCount());
        ModelConfig config = initial != null
                ? initial.config()
                : sentence
                        ? ModelConfig.forEncoder(
                                        labels,
                                        options.encoder().spec(),
                                        options.encoder().headHidden(),
                                        options.encoder().dropout())
                                .withNgramScale(options.ngramScale())
                                .withVocabularySize(vocabulary.size())
                        : ModelConfig.defaults(
                                        options.architecture(),
                                        options.attention(),
                                        labels,
                                        options.cleaning(),
                                        vocabulary.size())
                                .withNgramScale(options.ngramScale());
        // the head fitted here scores the labels; a group head is given back afterwards (FineTunedBundle.addGroupHead)
        config = config.withGroupOutputs(List.of());
        // a fine-tuned encoder: the weights given, or (a retraining) those of the bundle it starts from
        Path encoderWeights = options.encoder() != null && options.encoder().weights() != null
                ? options.encoder().weights()
                : initial != null && config.encoderWeights() != null
                        ? initial.dir().resolve(config.encoderWeights())
                        : null;
        if (encoderWeights != null) config = config.withEncoderWeights(EncoderWeights.FILE);
        EmbeddingCache embeddings = null;
        if (sentence) {
            Path cacheDir = options.encoder() != null ? options.encoder().cacheDir() : EmbeddingCache.defaultDir();
            embeddings = new EmbeddingCache(config.encoder(), encoderWeights, cacheDir, options.device(), progressBar);
            // one pass with one progress bar for every text of the run
            List<String> all = new ArrayList<>(trainClean);
            all.addAll(validClean);
            all.addAll(testClean);
            embeddings.embed(all);
            embeddings.close(); // every text is cached now: the encoder's memory and threads are not needed
        }
        TextEncoder encoder = new TextEncoder(config, vocabulary, embeddings);
        int k = labels.size();
        return new Prepared(
                labels,
                testClean,
                vocabulary,
                config,
                encoderWeights,
                encoder,
                encoder.encode(trainClean),
                encoder.encode(validClean),
                TrainingData.gold(data.train(), k),
                TrainingData.gold(data.validation(), k),
                sentence);
    }

    private Balanced balance(TrainingData data, Prepared p) {
        int k = p.labels().size();
        Balancer balancer = new Balancer(options.balancing());
        int neutral = p.labels().indexOf("neutral");
        int[] rows =
                balancer.rows(data.train().stream().map(LabelledText::labels).toList(), k, neutral, options.seed());
        int[] counts = new int[k];
        for (int r : rows) for (int l : data.train().get(r).labels()) counts[l]++;
        float[] posWeights = balancer.posWeights(counts, rows.length);
        LOG.info(
                "Training {} rows ({} after balancing), validation {}, vocabulary {} words, arch {} ({} pooling), cleaning {}",
                data.train().size(),
                rows.length,
                data.validation().size(),
                p.vocabulary().size(),
                p.config().architecture(),
                p.config().attention() ? "attention" : "average",
                p.config().cleaning().name());
        return new Balanced(rows, posWeights);
    }

    /**
     * A linear head: one exact fit over the C and embedding-scale grid. Otherwise Adam epochs with early stopping on
     * the validation loss or macro-F1, the best epoch's weights restored.
     */
    private Fit fit(Trainer trainer, EmotionBlock network, Prepared p, Balanced b) {
        if (p.sentence() && p.config().headHidden() == 0) {
            double[] chosen = fitLinearHeads(
                    network,
                    p.config(),
                    p.trainEnc(),
                    p.trainGold(),
                    p.validEnc(),
                    p.validGold(),
                    b.rows(),
                    b.posWeights());
            return new Fit(0, 0, new LinearChoice(chosen[0], chosen[1]));
        }
        NDArray posWeightArray = trainer.getManager().create(b.posWeights());
        int[] rows = b.rows();
        Random shuffle = new Random(options.seed());
        double bestScore = Double.NEGATIVE_INFINITY;
        int bestEpoch = 0, sinceBest = 0, epoch;
        Map<String, float[]> best = null;
        for (epoch = 1; epoch <= options.maxEpochs(); epoch++) {
            shuffleInPlace(rows, shuffle);
            double trainLoss = runEpoch(trainer, p.encoder(), p.trainEnc(), p.trainGold(), rows, posWeightArray, epoch);
            float[][] validScores = score(trainer, p.encoder(), p.validEnc(), p.config());
            double validLoss = WeightedBceLoss.meanBce(p.validGold(), validScores);
            float[] t = ThresholdTuner.standard().tune(p.validGold(), validScores);
            double validF1 = DecisionFit.evaluate(p.labels(), p.validGold(), validScores, t, false)
                    .macroF1();
            double score = options.selectBy().equals("loss") ? -validLoss : validF1;
            boolean improved = score > bestScore;
            LOG.info(String.format(
                    "epoch %d: train loss %.4f, validation loss %.4f, validation macro-F1 %.4f (dev-tuned)%s",
                    epoch, trainLoss, validLoss, validF1, improved ? " *" : ""));
            if (improved) {
                bestScore = score;
                bestEpoch = epoch;
                sinceBest = 0;
                best = snapshot(network);
            } else if (++sinceBest >= options.patience()) {
                LOG.info(
                        "Early stop: no improvement of validation {} for {} epochs; restoring epoch {}",
                        options.selectBy(),
                        options.patience(),
                        bestEpoch);
                epoch++;
                break;
            }
        }
        restore(network, best);
        return new Fit(bestEpoch, epoch - 1, null);
    }

    /** The recipe the bundle records: the options, and what this fit chose and took. */
    private Map<String, Object> recipe(ModelBundle initial, ModelConfig config, Fit fit, Balanced b, double seconds) {
        Map<String, Object> recipe = options.asRecipe();
        if (initial != null) {
            recipe.put("fineTunedFrom", initial.version());
            recipe.put("architecture", config.architecture().name().toLowerCase());
            recipe.put("cleaning", config.cleaning().name());
        }
        if (fit.linear() != null) {
            recipe.put("solver", "L-BFGS, one L2-regularised logistic regression per label");
            recipe.put("c", fit.linear().c());
            // the float as written, not its double expansion
            recipe.put("embeddingScale", Math.round(fit.linear().embeddingScale() * 1e6) / 1e6);
        } else {
            recipe.put("bestEpoch", fit.bestEpoch());
            recipe.put("epochsRun", fit.epochsRun());
        }
        recipe.put("trainingSeconds", Math.round(seconds));
        recipe.put("trainingRows", b.rows().length);
        return recipe;
    }

    /** Regularisation strengths tried for a linear head, weakest last: each fit starts from the one before. */
    static final double[] C_GRID = {0.5, 1, 2};
    /** Weights of the standardised embedding against the unit-length TF-IDF vector, tried with each C. */
    static final float[] EMBEDDING_SCALES = {0.035f, 0.05f, 0.07f};

    /**
     * Fits a linear encoder head (every member of an ensemble alike) with {@link LinearHeadFit} at each C of
     * {@link #C_GRID}, keeps the C with the best validation macro-F1 (thresholds tuned on validation) and returns it.
     */
    private double[] fitLinearHeads(
            EmotionBlock network,
            ModelConfig config,
            EncodedBatch trainEnc,
            boolean[][] trainGold,
            EncodedBatch validEnc,
            boolean[][] validGold,
            int[] rows,
            float[] posWeights) {
        HeadStatistics stats = HeadStatistics.of(trainEnc, config);
        int[] counts = new int[trainEnc.size()];
        for (int r : rows) counts[r]++;
        int labels = config.numLabels();
        TrainingOptions.EncoderOptions eo = options.encoder();
        // a recipe that names C and the scale (a retraining) fits once; otherwise the grid, chosen on validation
        boolean fixed = eo != null && eo.c() > 0 && eo.embeddingScale() > 0;
        float[] scales = eo != null && eo.embeddingScale() > 0 ? new float[] {eo.embeddingScale()} : EMBEDDING_SCALES;
        double[] cs = eo != null && eo.c() > 0 ? new double[] {eo.c()} : C_GRID;
        ProgressBar bar = progressBar
                ? new ProgressBarBuilder()
                        .setTaskName("fit head")
                        .setInitialMax((long) labels * cs.length * scales.length)
                        .setStyle(ProgressBarStyle.ASCII)
                        .setUpdateIntervalMillis(1000)
                        .setUnit(" labels", 1)
                        .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                        .build()
                : null;
        LinearHeadFit.Weights best = null;
        double bestF1 = Double.NEGATIVE_INFINITY, bestC = Double.NaN;
        float bestScale = Float.NaN;
        try {
            for (float scale : scales) {
                LinearHeadFit.Features train =
                        new LinearHeadFit.Features(trainEnc, config, stats.mean(), stats.invStd(), stats.idf(), scale);
                LinearHeadFit.Features valid =
                        new LinearHeadFit.Features(validEnc, config, stats.mean(), stats.invStd(), stats.idf(), scale);
                LinearHeadFit fit = new LinearHeadFit(train, config.ngramBuckets(), trainGold, counts, posWeights);
                LinearHeadFit.Weights previous = null;
                for (double c : cs) {
                    LinearHeadFit.Weights w =
                            fit.fit(c, previous, Runtime.getRuntime().availableProcessors(), l -> {
                                if (bar != null) bar.step();
                            });
                    previous = w;
                    float[][] scores = valid.scores(w, config.ngramBuckets());
                    Evaluation e = DecisionFit.evaluate(
                            config.labels(),
                            validGold,
                            scores,
                            ThresholdTuner.standard().tune(validGold, scores),
                            false);
                    boolean better = e.macroF1() > bestF1;
                    LOG.info(String.format(
                            "linear head, embedding scale %s, C=%s: validation macro-F1 %.4f (dev-tuned), macro AUC %.4f%s",
                            scale, c, e.macroF1(), e.macroAuc(), better ? " *" : ""));
                    if (better) {
                        bestF1 = e.macroF1();
                        bestC = c;
                        bestScale = scale;
                        best = w.scaleEmbedding(scale);
                    }
                }
            }
        } finally {
            if (bar != null) bar.close();
        }
        LOG.info(
                "Linear head: embedding scale {}, C={}{}",
                bestScale,
                bestC,
                fixed ? " (from the recipe)" : ", chosen on validation");
        for (EmotionBlock member : network.networks()) {
            // the statistics the fit used, also when the block came from a bundle (a retraining): a linear fit starts
            // afresh
            stats.applyTo((SentenceHead) member);
            ((SentenceHead) member).setLinearWeights(best.embedding(), best.bias(), best.ngram());
        }
        return new double[] {bestC, bestScale};
    }

    /** Adam, or AdamW when the recipe asks for weight decay (the encoder head's regulariser). */
    private Optimizer optimizer() {
        float decay = options.encoder() != null ? options.encoder().weightDecay() : 0f;
        if (decay > 0)
            return Optimizer.adamW()
                    .optLearningRateTracker(Tracker.fixed(options.learningRate()))
                    .optWeightDecays(decay)
                    .build();
        return Optimizer.adam()
                .optLearningRateTracker(Tracker.fixed(options.learningRate()))
                .build();
    }

    public static String newVersion(String arch) {
        return DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.now()) + "-" + arch;
    }

    private void initEmbeddings(EmotionNetwork network, Vocabulary vocabulary, int dim) throws IOException {
        if (options.glove() == null) {
            LOG.warn(
                    "No GloVe vectors given: word embeddings start random (run scripts/fetch-glove.sh and pass --glove for the paper's setup)");
            return;
        }
        if (!Files.isRegularFile(options.glove()))
            throw new IOException("GloVe file " + options.glove() + " not found (run scripts/fetch-glove.sh)");
        Parameter p = network.wordEmbedding();
        float[][] matrix = new float[vocabulary.size()][];
        float[] current = p.getArray().toFloatArray();
        for (int i = 0; i < matrix.length; i++) {
            matrix[i] = new float[dim];
            System.arraycopy(current, i * dim, matrix[i], 0, dim);
        }
        int found = GloveVectors.fill(options.glove(), vocabulary, matrix, dim);
        float[] flat = new float[vocabulary.size() * dim];
        for (int i = 0; i < matrix.length; i++) System.arraycopy(matrix[i], 0, flat, i * dim, dim);
        p.getArray().set(flat);
        LOG.info(
                "GloVe: {} of {} vocabulary words initialised from {}",
                found,
                vocabulary.size() - 2,
                options.glove().getFileName());
    }

    private double runEpoch(
            Trainer trainer,
            TextEncoder encoder,
            EncodedBatch all,
            boolean[][] gold,
            int[] rows,
            NDArray posWeight,
            int epoch) {
        int batch = options.batchSize();
        int batches = (rows.length + batch - 1) / batch;
        int k = gold[0].length;
        double lossSum = 0;
        long start = System.nanoTime();
        ProgressBar bar = progressBar
                ? new ProgressBarBuilder()
                        .setTaskName(String.format("epoch %2d", epoch))
                        .setInitialMax(batches)
                        .setStyle(ProgressBarStyle.ASCII)
                        .setUpdateIntervalMillis(500)
                        .continuousUpdate()
                        .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                        .build()
                : null;
        try {
            for (int b = 0; b < batches; b++) {
                int from = b * batch, to = Math.min(rows.length, from + batch);
                EncodedBatch x = encoder.gather(all, rows, from, to);
                float[] y = new float[(to - from) * k];
                for (int i = from; i < to; i++)
                    for (int j = 0; j < k; j++) if (gold[rows[i]][j]) y[(i - from) * k + j] = 1f;
                try (NDManager m = trainer.getManager().newSubManager()) {
                    NDList inputs = toInputs(m, x, encoder, trainer);
                    NDArray targets = m.create(y, new Shape(to - from, k));
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray logits = trainer.forward(inputs).head();
                        NDArray loss = WeightedBceLoss.compute(logits, targets, posWeight);
                        lossSum += loss.getFloat();
                        gc.backward(loss);
                    }
                    trainer.step();
                }
                double secs = (System.nanoTime() - start) / 1e9;
                String status =
                        String.format(" loss %.4f  %,.0f texts/s", lossSum / (b + 1), (to) / Math.max(secs, 1e-9));
                if (bar != null) {
                    bar.step();
                    bar.setExtraMessage(status);
                } else if ((b + 1) % Math.max(1, batches / 4) == 0 && b + 1 < batches) {
                    LOG.info(String.format(
                            "epoch %d: %d%% (%d/%d batches)%s",
                            epoch, 100 * (b + 1) / batches, b + 1, batches, status));
                }
            }
        } finally {
            if (bar != null) bar.close();
        }
        return lossSum / batches;
    }

    private static NDList toInputs(NDManager m, EncodedBatch x, TextEncoder encoder, Trainer trainer) {
        return BatchTranslator.toInputs(m, x, ((EmotionBlock) trainer.getModel().getBlock()).config());
    }

    private static float[][] score(Trainer trainer, TextEncoder encoder, EncodedBatch all, ModelConfig config) {
        float[][] out = new float[all.size()][];
        for (int from = 0; from < all.size(); from += EVAL_BATCH) {
            int to = Math.min(all.size(), from + EVAL_BATCH);
            try (NDManager m = trainer.getManager().newSubManager()) {
                NDArray probs =
                        Activation.sigmoid(trainer.evaluate(toInputs(m, encoder.slice(all, from, to), encoder, trainer))
                                .head());
                float[] flat = probs.toFloatArray();
                int k = config.numLabels();
                for (int i = 0; i < to - from; i++) {
                    out[from + i] = new float[k];
                    System.arraycopy(flat, i * k, out[from + i], 0, k);
                }
            }
        }
        return out;
    }

    private static Map<String, float[]> snapshot(EmotionBlock network) {
        Map<String, float[]> copy = new HashMap<>();
        for (Pair<String, Parameter> p : network.getParameters())
            copy.put(p.getKey(), p.getValue().getArray().toFloatArray());
        return copy;
    }

    private static void restore(EmotionBlock network, Map<String, float[]> snapshot) {
        if (snapshot == null) return;
        for (Pair<String, Parameter> p : network.getParameters())
            p.getValue().getArray().set(snapshot.get(p.getKey()));
    }

    private static void shuffleInPlace(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    static List<String> clean(TextCleaner cleaner, List<LabelledText> rows) {
        List<String> out = new ArrayList<>(rows.size());
        for (LabelledText r : rows) out.add(cleaner.clean(r.text()));
        return out;
    }
}
