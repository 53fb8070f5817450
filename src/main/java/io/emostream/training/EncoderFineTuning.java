package io.emostream.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.LinearTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;
import io.emostream.model.BertEncoder;
import io.emostream.model.EncoderWeights;
import io.emostream.model.OnnxWeights;
import io.emostream.model.SentenceEncoder;
import io.emostream.model.SentenceEncoderSpec;
import io.emostream.text.TextCleaner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fine-tunes the upper layers of a sentence encoder, with a linear head over its mean-pooled output, on several
 * corpora at once: a masked binary cross-entropy, so each example teaches only the targets its corpus annotates
 * ({@link EmotionCorpus.Example#known()}). Length-bucketed batches (little padding), AdamW with its own learning rate
 * for the encoder and the head, linear warm-up then linear decay, gradient clipping by global norm. PyTorch through
 * DJL; the weights start from, and go back into, the encoder's ONNX file ({@link BertEncoder}).
 */
public final class EncoderFineTuning {
    private static final Logger LOG = LoggerFactory.getLogger(EncoderFineTuning.class);
    private static final int HEADS = 12;

    /** The recipe. */
    public record Settings(
            int epochs,
            int frozenLayers,
            int batchSize,
            int maxTokens,
            float encoderLearningRate,
            float headLearningRate,
            int warmUpSteps,
            float clipNorm,
            float dropout,
            float weightDecay,
            long seed) {
        public static Settings defaults() {
            return new Settings(2, 4, 32, 64, 5e-5f, 2e-3f, 100, 1f, 0.1f, 0.01f, 42);
        }
    }

    /** The trained weights: the encoder's changed tensors (ONNX names) and the head {@code [dim, targets]}. */
    public record Result(Map<String, float[]> encoder, float[] headWeight, float[] headBias, int outputs) {}

    private final SentenceEncoderSpec base;
    private final TextCleaner cleaner;
    private final Settings settings;

    public EncoderFineTuning(SentenceEncoderSpec base, TextCleaner cleaner, Settings settings) {
        if (base.dynamicInt8())
            throw new IllegalArgumentException("encoder " + base.name() + " is int8: fine-tune its fp32 file");
        this.base = base;
        this.cleaner = cleaner;
        this.settings = settings;
    }

    public Result train(List<EmotionCorpus.Example> examples, Path checkpointDir) {
        byte[][] files = SentenceEncoder.files(base);
        long[][] ids = tokenize(examples);
        int outputs = EmotionCorpus.Targets.SIZE;
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed((int) settings.seed());
        Random random = new Random(settings.seed());
        int stepsPerEpoch = (examples.size() + settings.batchSize() - 1) / settings.batchSize();
        int totalSteps = stepsPerEpoch * settings.epochs();
        Map<String, OnnxWeights.Tensor> baseWeights = OnnxWeights.read(files[0]);
        try (NDManager root = engine.newBaseManager(Device.cpu());
                BertEncoder encoder = new BertEncoder(root, baseWeights, HEADS, settings.frozenLayers())) {
            NDArray headW = root.randomNormal(0f, 0.02f, new Shape(encoder.dim(), outputs), DataType.FLOAT32);
            NDArray headB = root.zeros(new Shape(outputs));
            headW.setRequiresGradient(true);
            headB.setRequiresGradient(true);
            Optimizer encoderOpt = adamW(settings.encoderLearningRate(), totalSteps, settings.weightDecay());
            Optimizer headOpt = adamW(settings.headLearningRate(), totalSteps, 0f);
            List<String> names = encoder.trainable();
            LOG.info(
                    "Fine-tuning {} ({} of {} layers, {} tensors) on {} examples: {} epoch(s) of {} steps",
                    base.name(),
                    encoder.layers() - settings.frozenLayers(),
                    encoder.layers(),
                    names.size(),
                    examples.size(),
                    settings.epochs(),
                    stepsPerEpoch);
            for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
                List<int[]> batches = buckets(ids, random);
                double lossSum = 0;
                int done = 0;
                int skipped = 0;
                try (ProgressBar bar = new ProgressBarBuilder()
                        .setTaskName("fine-tune " + epoch + "/" + settings.epochs())
                        .setInitialMax(batches.size())
                        .setStyle(ProgressBarStyle.ASCII)
                        .setUpdateIntervalMillis(2000)
                        .setUnit(" batches", 1)
                        .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                        .build()) {
                    for (int[] batch : batches) {
                        double loss = step(engine, root, encoder, headW, headB, examples, ids, batch);
                        double norm = clip(encoder, names, headW, headB);
                        if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
                            // one bad batch must not spoil the weights: drop its gradients, keep going
                            skipped++;
                            LOG.warn(
                                    "Step skipped: loss {}, gradient norm {} ({} skipped so far)", loss, norm, skipped);
                            for (String n : names) zero(encoder.weight(n));
                            zero(headW);
                            zero(headB);
                            continue;
                        }
                        lossSum += loss;
                        for (String n : names) update(encoderOpt, n, encoder.weight(n));
                        update(headOpt, "head.weight", headW);
                        update(headOpt, "head.bias", headB);
                        done++;
                        if (done % 200 == 0) LOG.debug("step {}: loss {}, gradient norm {}", done, loss, norm);
                        bar.step();
                        bar.setExtraMessage(String.format(" loss %.4f", lossSum / done));
                    }
                }
                LOG.info("Epoch {}: mean loss {}", epoch, String.format("%.4f", lossSum / done));
                Result result =
                        new Result(encoder.trainedValues(), headW.toFloatArray(), headB.toFloatArray(), outputs);
                if (checkpointDir != null) save(result, baseWeights, checkpointDir);
                if (epoch == settings.epochs()) return result;
            }
            throw new IllegalArgumentException("epochs must be at least 1");
        }
    }

    private double step(
            Engine engine,
            NDManager root,
            BertEncoder encoder,
            NDArray headW,
            NDArray headB,
            List<EmotionCorpus.Example> examples,
            long[][] ids,
            int[] batch) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            int len = 0;
            for (int r : batch) len = Math.max(len, ids[r].length);
            int outputs = EmotionCorpus.Targets.SIZE;
            long[] tokens = new long[batch.length * len];
            float[] mask = new float[batch.length * len];
            float[] y = new float[batch.length * outputs];
            float[] known = new float[batch.length * outputs];
            for (int j = 0; j < batch.length; j++) {
                long[] t = ids[batch[j]];
                System.arraycopy(t, 0, tokens, j * len, t.length);
                Arrays.fill(mask, j * len, j * len + t.length, 1f);
                EmotionCorpus.Example e = examples.get(batch[j]);
                System.arraycopy(e.targets(), 0, y, j * outputs, outputs);
                for (int o = 0; o < outputs; o++) known[j * outputs + o] = e.known()[o] * e.weight();
            }
            NDArray idArray = root.create(tokens, new Shape(batch.length, len));
            NDArray maskArray = root.create(mask, new Shape(batch.length, len));
            NDArray target = root.create(y, new Shape(batch.length, outputs));
            NDArray weight = root.create(known, new Shape(batch.length, outputs));
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray pooled = encoder.forward(idArray, maskArray, true, settings.dropout(), true);
                NDArray logits = pooled.matMul(headW).add(headB);
                // binary cross-entropy with logits, stable form: max(x,0) - x*y + log(1 + exp(-|x|))
                NDArray bce = logits.maximum(0f)
                        .sub(logits.mul(target))
                        .add(logits.abs().neg().exp().add(1f).log());
                NDArray loss = bce.mul(weight).sum().div(weight.sum().maximum(1e-6f));
                collector.backward(loss);
                return loss.getFloat();
            }
        }
    }

    /** Scales every gradient down when their global norm exceeds the clip; returns the norm before clipping. */
    private double clip(BertEncoder encoder, List<String> names, NDArray headW, NDArray headB) {
        List<NDArray> all = new ArrayList<>();
        for (String n : names) all.add(encoder.weight(n));
        all.add(headW);
        all.add(headB);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            double sq = 0;
            for (NDArray w : all) sq += w.getGradient().square().sum().getFloat();
            double norm = Math.sqrt(sq);
            if (Double.isFinite(norm) && norm > settings.clipNorm()) {
                float scale = (float) (settings.clipNorm() / (norm + 1e-6));
                for (NDArray w : all) w.getGradient().muli(scale);
            }
            return norm;
        }
    }

    private static void zero(NDArray weight) {
        try (NDArray grad = weight.getGradient()) {
            // multiplying by 0 keeps NaN: subtract it from itself would too, so overwrite
            grad.set(new ai.djl.ndarray.index.NDIndex("..."), 0f);
        }
    }

    private static void update(Optimizer optimizer, String name, NDArray weight) {
        NDArray grad = weight.getGradient();
        optimizer.update(name, weight, grad);
        grad.close();
        zero(weight); // PyTorch adds gradients up: clear them for the next step
    }

    private Optimizer adamW(float rate, int totalSteps, float decay) {
        Tracker decayTracker = LinearTracker.builder()
                .setBaseValue(rate)
                .optSlope(-rate / Math.max(1, totalSteps))
                .optMinValue(0f)
                .build();
        Tracker tracker = WarmUpTracker.builder()
                .setMainTracker(decayTracker)
                .optWarmUpSteps(settings.warmUpSteps())
                .optWarmUpBeginValue(0f)
                .build();
        return Optimizer.adamW()
                .optLearningRateTracker(tracker)
                .optWeightDecays(decay)
                .build();
    }

    /** Batches of similar length (sorted within shuffled chunks of 50 batches), in shuffled order. */
    private List<int[]> buckets(long[][] ids, Random random) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) order.add(i);
        Collections.shuffle(order, random);
        int b = settings.batchSize();
        int chunk = b * 50;
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < order.size(); from += chunk) {
            List<Integer> part = new ArrayList<>(order.subList(from, Math.min(order.size(), from + chunk)));
            part.sort(Comparator.comparingInt(i -> ids[i].length));
            for (int k = 0; k < part.size(); k += b)
                batches.add(part.subList(k, Math.min(part.size(), k + b)).stream()
                        .mapToInt(Integer::intValue)
                        .toArray());
        }
        Collections.shuffle(batches, random);
        return batches;
    }

    private long[][] tokenize(List<EmotionCorpus.Example> examples) {
        try (HuggingFaceTokenizer tokenizer = SentenceEncoder.tokenizer(base, settings.maxTokens())) {
            long[][] out = new long[examples.size()][];
            for (int i = 0; i < out.length; i++)
                out[i] = tokenizer
                        .encode(base.prefix() + cleaner.clean(examples.get(i).text()))
                        .getIds();
            return out;
        }
    }

    private static void save(Result result, Map<String, OnnxWeights.Tensor> base, Path dir) {
        EncoderWeights.write(dir.resolve(EncoderWeights.FILE), result.encoder(), base);
        EncoderWeights.write(
                dir.resolve("finetune-head.bin"),
                Map.of("head.weight", result.headWeight(), "head.bias", result.headBias()));
        LOG.info("Checkpoint written to {}", dir);
    }
}
