package io.emostream.cli;

import io.emostream.model.ParameterFile;
import io.emostream.training.EnsembleBuilder;
import io.emostream.training.GoEmotionsCorpus;
import io.emostream.training.TrainingData;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "ensemble",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Join bundles trained with one recipe and different seeds into one bundle that averages their logits.",
            "Thresholds are re-tuned on dev for the joined model; test is only reported."
        },
        footer = {
            "",
            "Example (the shipped default):",
            "  ./emostream ensemble --member runs/wide-s7 --member runs/wide \\",
            "      --data ../shared/data/goemotions --out models/fast --model-version wide-x2"
        })
final class EnsembleCommand implements Callable<Integer> {
    @Option(names = "--member", required = true, description = "a member bundle (give two or more)")
    List<Path> members;

    @Option(
            names = "--data",
            required = true,
            description = "folder with emotions.txt, dev.tsv (thresholds) and test.tsv (reported)")
    Path data;

    @Option(names = "--out", required = true, description = "bundle directory to write")
    Path out;

    @Option(names = "--model-version", required = true, description = "version id written into the bundle")
    String version;

    @Option(
            names = "--precision",
            defaultValue = "int8-tables",
            description =
                    "int8-tables (embedding and n-gram tables int8 per row, the rest fp16) | fp16. Default: ${DEFAULT-VALUE}")
    String precision;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        GoEmotionsCorpus corpus = new GoEmotionsCorpus(data);
        TrainingData split = new TrainingData(corpus.labels(), List.of(), corpus.split("dev"), corpus.split("test"));
        ParameterFile.Precision p = switch (precision) {
            case "int8-tables" -> ParameterFile.Precision.INT8_TABLES;
            case "fp16" -> ParameterFile.Precision.FP16;
            default -> throw new IllegalArgumentException("--precision must be int8-tables or fp16, was " + precision);
        };
        EnsembleBuilder.Result r = EnsembleBuilder.build(members, split, out, version, p);
        System.out.printf("ensemble %s of %d members written to %s%n", r.version(), members.size(), r.bundleDir());
        System.out.printf(
                "validation macro-F1 %.4f (thresholds tuned here)%n",
                r.validation().macroF1());
        if (r.test() != null)
            System.out.printf(
                    "test: macro-F1 %.4f, micro-F1 %.4f, macro AUC %.4f%n",
                    r.test().macroF1(), r.test().microF1(), r.test().macroAuc());
        return 0;
    }
}
