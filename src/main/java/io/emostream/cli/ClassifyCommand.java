package io.emostream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emostream.avro.CommentEvent;
import io.emostream.avro.LabelledComment;
import io.emostream.config.EmostreamConfig;
import io.emostream.model.EmotionModel;
import io.emostream.produce.CommentReader;
import io.emostream.streams.CommentLabeller;
import java.io.BufferedWriter;
import java.io.IOException;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "classify",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Label comments without Kafka, exactly as the stream labels them (the same cleaning, truncation at",
            "text.max.chars, empty-text rule, language handling and output fields as LabelledComment).",
            "Input: one comment per line, as plain text or as a JSON line",
            "  {\"id\", \"text\", \"source\", \"createdAt\", \"author\", \"lang\", \"metadata\"} (only text required).",
            "Output: one JSON object per input line, in input order, with its line number:",
            "  {\"line\", \"id\", \"text\", \"labels\", \"scores\", \"topLabel\", \"groups\", \"groupScores\", \"truncated\",",
            "   \"emptyText\", \"language\",",
            "   \"unscoredReason\", \"author\", \"lang\", \"metadata\", \"modelVersion\"}",
            "A line that cannot be read (not UTF-8, bad JSON) or scored gets {\"line\", \"error\"} in its place, so rows",
            "stay aligned with the input. Exit status: 0 every line labelled; 3 some lines answered with an error;",
            "1 failure; 2 bad usage.",
            "A text's scores do not depend on the batch it is scored in."
        },
        footer = {
            "",
            "Examples:",
            "  echo 'thank you so much, this made my day!' | ./emostream classify --input -",
            "  echo '{\"id\": \"c1\", \"text\": \"Estoy muy enojado\", \"author\": \"@ana\"}' | ./emostream classify --input -"
        })
final class ClassifyCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--model", description = "model bundle. Default: the shipped models/default")
    Path model;

    @Option(
            names = "--input",
            defaultValue = "-",
            description = "text file, one comment per line, or - for stdin. Default: ${DEFAULT-VALUE}")
    String input;

    @Option(
            names = "--format",
            defaultValue = "auto",
            description =
                    "auto | lines | jsonl: plain text or JSON lines (auto: each line by its own shape). Default: ${DEFAULT-VALUE}")
    String format;

    @Option(
            names = "--batch-size",
            defaultValue = "256",
            description = "comments per forward pass. Default: ${DEFAULT-VALUE}")
    int batchSize;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A line waiting for its batch: its number and its comment. */
    private record Pending(long line, CommentEvent comment) {}

    @Override
    public Integer call() throws Exception {
        if (batchSize < 1) throw new IllegalArgumentException("--batch-size must be at least 1");
        CommentReader.Format f = formatOption();
        if (!"-".equals(input) && !Files.isRegularFile(Path.of(input)))
            throw new IllegalArgumentException("input file " + input + " not found");
        EmostreamConfig c = config.load();
        Path file = "-".equals(input) ? Path.of("<stdin>") : Path.of(input);
        CommentReader reader = new CommentReader(f, "classify", "line-");
        long errors = 0;
        try (EmotionModel m = EmotionModel.load(model != null ? model : Paths.defaultModel());
                CommentLabeller labeller = new CommentLabeller(c, m);
                TextLines in = new TextLines("-".equals(input) ? System.in : Files.newInputStream(file));
                BufferedWriter out =
                        new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16)) {
            List<Pending> batch = new ArrayList<>(batchSize);
            TextLines.Line line;
            while ((line = in.next()) != null) {
                CommentEvent e;
                try {
                    if (!line.valid()) throw new IllegalArgumentException(line.error());
                    // auto: each line by its own shape, so plain and JSON lines may mix
                    e = reader.read(line.text(), line.number(), file, f);
                    if (e == null) e = blank(line.number()); // labelled as the stream labels an empty text
                } catch (RuntimeException ex) {
                    errors += flush(labeller, batch, out);
                    error(out, line.number(), ex.getMessage());
                    errors++;
                    continue;
                }
                batch.add(new Pending(line.number(), e));
                if (batch.size() == batchSize) errors += flush(labeller, batch, out);
            }
            errors += flush(labeller, batch, out);
        }
        if (errors > 0) {
            System.err.printf("classify: %d line(s) answered with an error instead of labels%n", errors);
            return Main.SOME_LINES_NOT_LABELLED;
        }
        return 0;
    }

    private static CommentEvent blank(long line) {
        return CommentEvent.newBuilder()
                .setId("line-" + line)
                .setText("")
                .setSource("classify")
                .setCreatedAt(java.time.Instant.now())
                .build();
    }

    private CommentReader.Format formatOption() {
        return switch (format) {
            case "auto" -> CommentReader.Format.AUTO;
            case "lines" -> CommentReader.Format.LINES;
            case "jsonl" -> CommentReader.Format.JSONL;
            default -> throw new IllegalArgumentException("--format must be auto, lines or jsonl, was " + format);
        };
    }

    /** Labels and writes what is waiting; returns how many of those lines got an error. */
    private static int flush(CommentLabeller labeller, List<Pending> batch, BufferedWriter out) throws IOException {
        if (batch.isEmpty()) return 0;
        List<CommentLabeller.Result> results =
                labeller.label(batch.stream().map(Pending::comment).toList());
        int errors = 0;
        for (int i = 0; i < batch.size(); i++) {
            CommentLabeller.Result r = results.get(i);
            if (r.labelled() == null) {
                error(out, batch.get(i).line(), r.failure());
                errors++;
            } else {
                out.write(JSON.writeValueAsString(row(batch.get(i).line(), r.labelled())));
                out.newLine();
            }
        }
        out.flush();
        batch.clear();
        return errors;
    }

    /** A LabelledComment as a JSON row, scores to four decimals; the stream's fields but the Kafka timestamps. */
    static Map<String, Object> row(long line, LabelledComment c) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("line", line);
        row.put("id", c.getId());
        row.put("text", c.getText());
        row.put("labels", c.getLabels());
        row.put("scores", fourDecimals(c.getScores()));
        row.put("topLabel", c.getTopLabel());
        row.put("groups", c.getGroups());
        row.put("groupScores", fourDecimals(c.getGroupScores()));
        row.put("truncated", c.getTruncated());
        row.put("emptyText", c.getEmptyText());
        row.put("language", c.getLanguage());
        row.put("unscoredReason", c.getUnscoredReason());
        row.put("author", c.getAuthor());
        row.put("lang", c.getLang());
        row.put("metadata", c.getMetadata());
        row.put("modelVersion", c.getModelVersion());
        return row;
    }

    private static Map<String, Float> fourDecimals(Map<String, Float> scores) {
        Map<String, Float> out = new LinkedHashMap<>();
        scores.forEach((k, v) -> out.put(k, Math.round(v * 10000) / 10000f));
        return out;
    }

    private static void error(BufferedWriter out, long line, String why) throws IOException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("line", line);
        row.put("error", why);
        out.write(JSON.writeValueAsString(row));
        out.newLine();
        System.err.println("classify: line " + line + ": " + why);
    }
}
