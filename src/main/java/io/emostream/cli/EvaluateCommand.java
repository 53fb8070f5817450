package io.emostream.cli;

import io.emostream.model.EmotionModel;
import io.emostream.model.ModelBundle;
import io.emostream.model.Scorer;
import io.emostream.training.Evaluation;
import io.emostream.training.GoEmotionsCorpus;
import io.emostream.training.LabelledText;
import io.emostream.training.ModelEvaluation;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Score a model bundle on a split of a GoEmotions-format folder: per-label and averaged metrics, as a table and JSON.",
        footer = {"", "Example:", "  ./emostream evaluate --data ../shared/data/goemotions --split test"})
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", description = "model bundle. Default: the shipped models/default")
    Path model;

    @Option(names = "--data", required = true, description = "folder with emotions.txt and <split>.tsv")
    Path data;

    @Option(names = "--split", defaultValue = "test", description = "train | dev | test. Default: ${DEFAULT-VALUE}")
    String split;

    @Option(names = "--json", description = "where to write the metrics JSON. Default: evaluation-<split>.json")
    Path json;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        GoEmotionsCorpus corpus = new GoEmotionsCorpus(data);
        List<LabelledText> rows = corpus.split(split);
        try (EmotionModel m = EmotionModel.load(model != null ? model : Paths.defaultModel());
                Scorer scorer = m.newScorer()) {
            if (!corpus.labels().equals(m.labels()))
                throw new IllegalArgumentException(
                        "the data's labels (" + data.resolve("emotions.txt") + ") differ from the model's");
            Evaluation e = ModelEvaluation.evaluate(scorer, rows, m.bundle().thresholds());
            System.out.println("model " + m.version() + " on " + split + " (" + rows.size() + " rows)");
            System.out.print(e.table());
            Path out = json != null ? json : Path.of("evaluation-" + split + ".json");
            ModelBundle.JSON.writeValue(out.toFile(), e.toMap());
            System.out.println("metrics written to " + out);
        }
        return 0;
    }
}
