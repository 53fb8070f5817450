package io.emostream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emostream.model.EmotionModel;
import io.emostream.model.Scorer;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "classify",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Label texts, one per input line; prints one JSON object per line, in input order:",
            "  {\"text\": ..., \"labels\": [...], \"scores\": {label: probability, ...}}",
            "A line that is not valid UTF-8 is reported on stderr with its line number and skipped; the rest are labelled.",
            "A text's scores do not depend on the batch it is scored in."
        },
        footer = {"", "Example:", "  echo 'thank you so much, this made my day!' | ./emostream classify --input -"})
final class ClassifyCommand implements Callable<Integer> {
    @Option(names = "--model", description = "model bundle. Default: the shipped models/default")
    Path model;

    @Option(
            names = "--input",
            defaultValue = "-",
            description = "text file, one text per line, or - for stdin. Default: ${DEFAULT-VALUE}")
    String input;

    @Option(
            names = "--batch-size",
            defaultValue = "256",
            description = "texts per forward pass. Default: ${DEFAULT-VALUE}")
    int batchSize;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        if (batchSize < 1) throw new IllegalArgumentException("--batch-size must be at least 1");
        if (!"-".equals(input) && !Files.isRegularFile(Path.of(input)))
            throw new IllegalArgumentException("input file " + input + " not found");
        long skipped = 0;
        try (EmotionModel m = EmotionModel.load(model != null ? model : Paths.defaultModel());
                Scorer scorer = m.newScorer();
                TextLines in = new TextLines("-".equals(input) ? System.in : Files.newInputStream(Path.of(input)));
                BufferedWriter out =
                        new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16)) {
            List<String> batch = new ArrayList<>(batchSize);
            TextLines.Line line;
            while ((line = in.next()) != null) {
                if (!line.valid()) {
                    System.err.println("classify: " + line.error() + "; skipped");
                    skipped++;
                    continue;
                }
                batch.add(line.text());
                if (batch.size() == batchSize) {
                    write(m, scorer, batch, out);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) write(m, scorer, batch, out);
        }
        if (skipped > 0) System.err.printf("classify: %d line(s) skipped: not valid UTF-8%n", skipped);
        return 0;
    }

    private static void write(EmotionModel m, Scorer scorer, List<String> texts, BufferedWriter out)
            throws java.io.IOException {
        float[][] scores = io.emostream.training.ModelEvaluation.score(scorer, texts, texts.size());
        for (int i = 0; i < texts.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("text", texts.get(i));
            row.put("labels", m.labelNames(m.decide(scores[i])));
            Map<String, Float> byLabel = new LinkedHashMap<>();
            for (int j = 0; j < scores[i].length; j++)
                byLabel.put(m.labels().get(j), Math.round(scores[i][j] * 10000) / 10000f);
            row.put("scores", byLabel);
            out.write(JSON.writeValueAsString(row));
            out.newLine();
        }
        out.flush();
    }
}
