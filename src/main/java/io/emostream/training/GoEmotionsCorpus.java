package io.emostream.training;

import io.emostream.text.CorpusFormatException;
import io.emostream.text.TsvFields;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a GoEmotions-format folder: {@code emotions.txt} (one label per line, index = line) and split files
 * {@code train.tsv}, {@code dev.tsv}, {@code test.tsv} with rows {@code text<TAB>label ids (comma separated)<TAB>id}.
 * Some rows quote the text CSV-style ({@code "..."} with {@code ""} inside), so fields are parsed with tab as
 * delimiter and {@code "} as quote character.
 */
public final class GoEmotionsCorpus {
    private final Path dir;
    private final List<String> labels;

    public GoEmotionsCorpus(Path dir) {
        if (!Files.isDirectory(dir))
            throw new CorpusFormatException(
                    dir, 0, "data directory does not exist (expected emotions.txt, train.tsv, dev.tsv, test.tsv)");
        this.dir = dir;
        Path labelsFile = dir.resolve("emotions.txt");
        if (!Files.isRegularFile(labelsFile)) throw new CorpusFormatException(labelsFile, 0, "label file is missing");
        try {
            this.labels = Files.readAllLines(labelsFile, StandardCharsets.UTF_8).stream()
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (labels.isEmpty()) throw new CorpusFormatException(labelsFile, 0, "no labels");
    }

    public List<String> labels() {
        return labels;
    }

    public Path dir() {
        return dir;
    }

    public List<LabelledText> split(String name) {
        Path file = dir.resolve(name + ".tsv");
        if (!Files.isRegularFile(file))
            throw new CorpusFormatException(
                    file, 0, "split '" + name + "' not found (expected one of train, dev, test)");
        return read(file, labels.size());
    }

    /** Parses one TSV file; a malformed row fails with its file and line. */
    public static List<LabelledText> read(Path file, int numLabels) {
        List<LabelledText> out = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                List<String> fields = TsvFields.split(line, file, lineNo);
                if (fields.size() < 2)
                    throw new CorpusFormatException(
                            file, lineNo, "expected text<TAB>label ids[<TAB>id], found " + fields.size() + " field(s)");
                out.add(new LabelledText(
                        fields.size() > 2 ? fields.get(2) : file.getFileName() + ":" + lineNo,
                        fields.get(0),
                        parseLabels(fields.get(1), numLabels, file, lineNo)));
            }
        } catch (IOException e) {
            throw new CorpusFormatException(file, 0, "cannot read: " + e.getMessage());
        }
        return out;
    }

    /** Splits one TSV line with tab as delimiter and {@code "} as quote character. */
    public static List<String> fields(String line, Path file, long lineNo) {
        return TsvFields.split(line, file, lineNo);
    }

    static int[] parseLabels(String field, int numLabels, Path file, long lineNo) {
        String[] parts = field.split(",");
        int[] ids = new int[parts.length];
        for (int k = 0; k < parts.length; k++) {
            try {
                ids[k] = Integer.parseInt(parts[k].trim());
            } catch (NumberFormatException e) {
                throw new CorpusFormatException(file, lineNo, "label id '" + parts[k] + "' is not a number");
            }
            if (ids[k] < 0 || ids[k] >= numLabels)
                throw new CorpusFormatException(
                        file, lineNo, "label id " + ids[k] + " is outside 0.." + (numLabels - 1));
        }
        return ids;
    }
}
