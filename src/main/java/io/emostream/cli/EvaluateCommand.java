package io.emostream.cli;

import io.emostream.model.EmotionModel;
import io.emostream.model.ModelBundle;
import io.emostream.model.Scorer;
import io.emostream.training.EmotionCorpus;
import io.emostream.training.Evaluation;
import io.emostream.training.GoEmotionsCorpus;
import io.emostream.training.GroupReport;
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
                "Score a model bundle on a split of a GoEmotions-format folder: per-label and averaged metrics, as a table and JSON; "
                        + "and on other emotion corpora: how its Ekman groups hold (group macro-F1, silent share).",
        footer = {
            "",
            "Examples:",
            "  ./emostream evaluate --data ../shared/data/goemotions --split test",
            "  ./emostream evaluate --corpus semeval-ec:/data/semeval2018-ec --corpus xed:/data/xed --split dev"
        })
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", description = "model bundle. Default: the shipped models/default")
    Path model;

    @Option(names = "--data", description = "folder with emotions.txt and <split>.tsv")
    Path data;

    @Option(
            names = "--corpus",
            description = "another corpus, format:path; repeat for each (goemotions, semeval-ec, xed, carer, tec; and, "
                    + "kept aside for measuring only, isear and meld: their rows are all read as --split test)")
    List<String> corpora = new java.util.ArrayList<>();

    @Option(names = "--split", defaultValue = "test", description = "train | dev | test. Default: ${DEFAULT-VALUE}")
    String split;

    @Option(names = "--json", description = "where to write the metrics JSON. Default: evaluation-<split>.json")
    Path json;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (data == null && corpora.isEmpty())
            throw new IllegalArgumentException("give --data (GoEmotions) or at least one --corpus");
        try (EmotionModel m = EmotionModel.load(model != null ? model : Paths.defaultModel());
                Scorer scorer = m.newScorer()) {
            for (String spec : corpora) {
                EmotionCorpus c = EmotionCorpus.parse(spec);
                List<EmotionCorpus.Example> examples = c.split(split);
                if (examples.isEmpty()) System.out.println(c.name() + ": no " + split + " split with gold labels");
                else
                    System.out.println(
                            GroupReport.of(scorer, c.name(), split, examples).line());
            }
            if (data == null) return 0;
            GoEmotionsCorpus corpus = new GoEmotionsCorpus(data);
            List<LabelledText> rows = corpus.split(split);
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
