package io.emostream.cli;

import io.emostream.config.EmostreamConfig;
import io.emostream.produce.CommentProducer;
import io.emostream.produce.CommentReader;
import io.emostream.topics.Topics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Send comments to a topic as CommentEvent Avro: plain text lines, JSON lines, CSV with a header row or",
            "GoEmotions-style TSV. A createdAt in the input (ISO-8601 or epoch ms) is kept, so that history replayed",
            "(a backfill) lands in the trend windows of its own time; without one a comment is stamped when sent.",
            "To the feedback topic (emotion-feedback), send LabelFeedback JSON lines: {\"commentId\": ..., \"labels\": [...], \"annotator\": ...}."
        },
        footer = {
            "",
            "Examples (against `./emostream demo` running in another terminal):",
            "  ./emostream produce --input my-comments.txt --rate 20",
            "  echo '{\"id\": \"x1\", \"text\": \"what a great day\", \"source\": \"cli\"}' | ./emostream produce --input -"
        })
final class ProduceCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--topic", description = "Default: topic.comments from the config (comments)")
    String topic;

    @Option(names = "--input", required = true, description = "file, or - for stdin")
    String input;

    @Option(
            names = "--format",
            defaultValue = "auto",
            description = "auto | lines | jsonl | csv | tsv (auto: by the first line; csv needs a header row with a "
                    + "text column). Default: ${DEFAULT-VALUE}")
    String format;

    @Option(
            names = "--rate",
            defaultValue = "0",
            description = "comments per second, 0 = as fast as possible. Default: ${DEFAULT-VALUE}")
    double rate;

    @Option(
            names = "--source",
            defaultValue = "cli",
            description = "CommentEvent.source when the input has none. Default: ${DEFAULT-VALUE}")
    String source;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    private int sendFeedback(EmostreamConfig c, String t, boolean stdin, Path file) throws java.io.IOException {
        try (io.emostream.produce.FeedbackProducer producer = new io.emostream.produce.FeedbackProducer(c, t);
                BufferedReader in = stdin
                        ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                        : Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long lineNo = 0;
            while ((line = in.readLine()) != null) {
                var f = io.emostream.produce.FeedbackReader.read(line, ++lineNo, file);
                if (f != null) producer.send(f);
            }
            System.err.printf("sent %d feedback records to %s on %s%n", producer.sent(), t, c.get("bootstrap.servers"));
        }
        return 0;
    }

    /** Peeks at the first line without consuming it. */
    private static boolean firstLineIsCsvHeader(java.io.BufferedInputStream in) throws java.io.IOException {
        in.mark(1 << 15);
        java.io.ByteArrayOutputStream first = new java.io.ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n' && first.size() < (1 << 15) - 1; b = in.read()) first.write(b);
        in.reset();
        return CommentReader.detect(first.toString(StandardCharsets.UTF_8)) == CommentReader.Format.CSV;
    }

    /** CSV with a header row, through Commons CSV: quoted fields may hold commas, quotes and line breaks. */
    private int sendCsv(
            EmostreamConfig c, String t, java.io.InputStream input, CommentReader reader, Path file, long lines)
            throws java.io.IOException {
        CommentProducer producer = new CommentProducer(c, t, rate);
        try (producer;
                org.apache.commons.csv.CSVParser csv = org.apache.commons.csv.CSVFormat.DEFAULT
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .setTrim(true)
                        .get()
                        .parse(new InputStreamReader(input, StandardCharsets.UTF_8));
                ProgressBar bar = new ProgressBarBuilder()
                        .setTaskName("produce " + t)
                        .setInitialMax(lines < 0 ? -1 : Math.max(0, lines - 1))
                        .setStyle(ProgressBarStyle.ASCII)
                        .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                        .build()) {
            for (org.apache.commons.csv.CSVRecord r : csv) {
                bar.step();
                java.util.Map<String, String> columns = r.toMap();
                long n = r.getRecordNumber();
                producer.send(() -> reader.fromColumns(columns, n, file));
            }
            producer.flush();
        } catch (RuntimeException | java.io.IOException e) {
            System.err.printf("produce: sent %d comments to %s before the error%n", producer.sent(), t);
            throw e;
        }
        System.err.printf("sent %d comments to %s on %s%n", producer.sent(), t, c.get("bootstrap.servers"));
        return 0;
    }

    @Override
    public Integer call() throws Exception {
        EmostreamConfig c = config.load();
        CommentReader.Format f;
        try {
            f = CommentReader.Format.valueOf(format.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--format must be auto, lines, jsonl, csv or tsv, was " + format);
        }
        boolean stdin = "-".equals(input);
        Path file = stdin ? Path.of("<stdin>") : Path.of(input);
        if (!stdin && !Files.isRegularFile(file))
            throw new IllegalArgumentException("input file " + input + " not found");
        long total = stdin ? -1 : TextLines.count(file);
        Topics topics = Topics.of(c);
        String t = topic != null ? topic : topics.comments().name();
        if (t.equals(topics.feedback().name())) return sendFeedback(c, t, stdin, file);
        CommentReader reader = new CommentReader(f, source, "produce-" + System.currentTimeMillis() + "-");
        java.io.BufferedInputStream input =
                new java.io.BufferedInputStream(stdin ? System.in : Files.newInputStream(file), 1 << 16);
        if (f == CommentReader.Format.CSV || (f == CommentReader.Format.AUTO && firstLineIsCsvHeader(input)))
            return sendCsv(c, t, input, reader, file, total);
        long blank = 0, invalid = 0;
        CommentProducer producer = new CommentProducer(c, t, rate);
        try (producer;
                TextLines in = new TextLines(input);
                ProgressBar bar = new ProgressBarBuilder()
                        .setTaskName("produce " + t)
                        .setInitialMax(total)
                        .setStyle(ProgressBarStyle.ASCII)
                        .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                        .build()) {
            TextLines.Line line;
            CommentReader.Format resolved = f;
            while ((line = in.next()) != null) {
                bar.step();
                if (!line.valid()) {
                    System.err.println("produce: " + line.error() + "; skipped");
                    invalid++;
                    continue;
                }
                String l = line.text();
                if (l.isBlank()) {
                    blank++;
                    continue;
                }
                if (resolved == CommentReader.Format.AUTO) resolved = CommentReader.detect(l);
                long n = line.number();
                CommentReader.Format r = resolved;
                producer.send(
                        () -> reader.read(l, n, file, r)); // read after the rate's wait: createdAt is the send time
            }
            producer.flush();
        } catch (RuntimeException | java.io.IOException e) {
            System.err.printf("produce: sent %d comments to %s before the error%n", producer.sent(), t);
            throw e;
        }
        System.err.printf(
                "sent %d comments to %s on %s%s%s%n",
                producer.sent(),
                t,
                c.get("bootstrap.servers"),
                blank > 0 ? String.format("; %d blank line(s) skipped", blank) : "",
                invalid > 0 ? String.format("; %d line(s) not valid UTF-8 skipped", invalid) : "");
        return 0;
    }
}
