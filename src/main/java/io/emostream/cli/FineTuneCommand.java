package io.emostream.cli;

import io.emostream.model.EncoderWeights;
import io.emostream.model.SentenceEncoderSpec;
import io.emostream.text.CleaningOptions;
import io.emostream.text.TextCleaner;
import io.emostream.training.EmbeddingCache;
import io.emostream.training.EmotionCorpus;
import io.emostream.training.EncoderFineTuning;
import io.emostream.training.FineTunedBundle;
import io.emostream.training.GoEmotionsCorpus;
import io.emostream.training.ModelTrainer;
import io.emostream.training.Recipe;
import io.emostream.training.TrainingData;
import io.emostream.training.TrainingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "finetune",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Fine-tune the fp32 sentence encoder on GoEmotions and other emotion corpora, and write a model bundle.",
            "Each corpus teaches only what it annotates: GoEmotions the 28 labels and the Ekman groups, the others the",
            "groups. Label thresholds are tuned on GoEmotions dev, group thresholds on the dev splits of all corpora;",
            "test splits are only reported. Corpora are read from the paths given; nothing is downloaded.",
            "An epoch over GoEmotions, SemEval E-c and XED takes about 26 minutes on 2 CPU cores; a checkpoint is kept in --out after each epoch."
        },
        footer = {
            "",
            "Corpus formats: " + "goemotions, semeval-ec, xed, carer, tec (see docs/model.md).",
            "",
            "Example:",
            "  ./emostream finetune --data ../shared/data/goemotions --corpus semeval-ec:/data/semeval2018-ec \\",
            "      --corpus xed:/data/xed --out runs/finetuned"
        })
final class FineTuneCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "the GoEmotions folder")
    Path data;

    @Option(
            names = "--corpus",
            description = "another corpus, format:path[:weight]; repeat for each (formats: goemotions, semeval-ec, "
                    + "xed, carer, tec)")
    List<String> corpora = new ArrayList<>();

    @Option(names = "--out", required = true, description = "bundle directory to write")
    Path out;

    @Option(names = "--epochs", defaultValue = "2", description = "Default: ${DEFAULT-VALUE}")
    int epochs;

    @Option(
            names = "--frozen-layers",
            defaultValue = "4",
            description = "lower encoder layers kept as they are. Default: ${DEFAULT-VALUE}")
    int frozenLayers;

    @Option(names = "--lr", defaultValue = "5e-5", description = "encoder learning rate. Default: ${DEFAULT-VALUE}")
    float lr;

    @Option(names = "--head-lr", defaultValue = "2e-3", description = "head learning rate. Default: ${DEFAULT-VALUE}")
    float headLr;

    @Option(names = "--batch-size", defaultValue = "32", description = "Default: ${DEFAULT-VALUE}")
    int batchSize;

    @Option(
            names = "--max-tokens",
            defaultValue = "64",
            description = "tokens per training text, special tokens included. Default: ${DEFAULT-VALUE}")
    int maxTokens;

    @Option(names = "--seed", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(
            names = "--resume",
            description = "use the checkpoint already in --out instead of training (to rebuild the bundle)")
    boolean resume;

    @Option(
            names = "--with-ngrams",
            description = "also write, into this folder, a bundle whose head adds the default's TF-IDF n-gram "
                    + "branch over the fine-tuned encoder (one linear model, fitted on GoEmotions train, C and the "
                    + "embedding scale chosen on dev), with this model's group head")
    Path withNgrams;

    @Option(
            names = "--serve",
            defaultValue = "int8",
            description = "the encoder file the bundle is served with: int8 (the fine-tuned weights quantised as the "
                    + "int8 e5-small-v2 file is; 3-4x faster on CPU) or fp32. Its thresholds are tuned on that "
                    + "file's scores. Default: ${DEFAULT-VALUE}")
    String serve;

    @Option(
            names = "--model-version",
            description = "version id written into the bundle. Default: <utc time>-finetuned")
    String version;

    @Override
    public Integer call() throws Exception {
        List<EmotionCorpus> all = new ArrayList<>();
        all.add(new EmotionCorpus("goemotions", "goemotions", data, 1f));
        for (String c : corpora) {
            EmotionCorpus corpus = EmotionCorpus.parse(c);
            if (corpus.heldOut())
                throw new IllegalArgumentException(
                        "--corpus " + c + ": " + corpus.format()
                                + " is kept aside to measure genres the model never saw; `evaluate` reads it, training does not");
            all.add(corpus);
        }
        CleaningOptions cleaning = CleaningOptions.LIGHT;
        EncoderFineTuning.Settings settings = new EncoderFineTuning.Settings(
                epochs, frozenLayers, batchSize, maxTokens, lr, headLr, 100, 1f, 0.1f, 0.01f, seed);
        SentenceEncoderSpec base = SentenceEncoderSpec.E5_SMALL_V2;
        SentenceEncoderSpec served = switch (serve) {
            case "int8" -> SentenceEncoderSpec.E5_SMALL_V2_Q;
            case "fp32" -> base;
            default -> throw new IllegalArgumentException("--serve must be int8 or fp32, was " + serve);
        };
        boolean haveCheckpoint = Files.isRegularFile(out.resolve(EncoderWeights.FILE));
        if (resume && !haveCheckpoint)
            throw new IllegalArgumentException("--resume: no checkpoint (" + EncoderWeights.FILE + ") in " + out);
        if (!resume) {
            List<EmotionCorpus.Example> train = new ArrayList<>();
            for (EmotionCorpus c : all) {
                List<EmotionCorpus.Example> part = c.split("train");
                System.err.printf("%s: %d training examples%n", c.name(), part.size());
                train.addAll(part);
            }
            new EncoderFineTuning(base, new TextCleaner(cleaning), settings).train(train, out);
        }
        FineTunedBundle.Result r = new FineTunedBundle(served, cleaning, settings, all)
                .write(out, version != null ? version : io.emostream.training.ModelTrainer.newVersion("finetuned"));
        System.out.println(r.summary());
        if (withNgrams != null) {
            TrainingOptions options = Recipe.headRefit(
                            base.name(), CleaningOptions.LIGHT, seed, EmbeddingCache.defaultDir())
                    .withEncoderWeights(out.resolve(EncoderWeights.FILE));
            String v = r.version() + "-ngrams";
            ModelTrainer.Result t = new ModelTrainer(options)
                    .train(TrainingData.fromCorpus(new GoEmotionsCorpus(data)), withNgrams, v, null);
            FineTunedBundle.Result g = FineTunedBundle.addGroupHead(withNgrams, out, all);
            System.out.printf(
                    "model %s written to %s: goemotions test macro-F1 %.4f  macro AUC %.4f%n%s",
                    v, withNgrams, t.test().macroF1(), t.test().macroAuc(), g.summary());
        }
        return 0;
    }
}
