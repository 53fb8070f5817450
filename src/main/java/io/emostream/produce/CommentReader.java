package io.emostream.produce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emostream.avro.CommentEvent;
import io.emostream.text.CorpusFormatException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns input into {@link CommentEvent}s: plain text lines, JSON lines ({@code {"id", "text", "source", "createdAt",
 * "author", "lang", "metadata"}}, only text required), CSV with a header row naming those columns (any other column
 * goes into metadata), or GoEmotions-style TSV (text, labels, id). {@code auto} picks by the first line. A createdAt
 * (ISO-8601 or epoch milliseconds) is kept, so that a backfill lands in the windows of its own time; without one, a
 * comment is stamped when it is sent.
 */
public final class CommentReader {
    public enum Format {
        AUTO,
        LINES,
        JSONL,
        CSV,
        TSV
    }

    /** The fields a JSON line or a CSV header may name; in CSV, any other column is metadata. */
    public static final List<String> FIELDS =
            List.of("id", "text", "source", "createdAt", "author", "lang", "metadata");

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Format format;
    private final String source;
    private final String idPrefix;

    public CommentReader(Format format, String source, String idPrefix) {
        this.format = format;
        this.source = source;
        this.idPrefix = idPrefix;
    }

    public static Format detect(String firstLine) {
        String t = firstLine.trim();
        if (t.startsWith("{")) return Format.JSONL;
        // a header row: column names only, one of them text
        if (t.matches("[\\w.\",\\s]+")
                && java.util.Arrays.stream(t.split(","))
                        .map(c -> c.strip().replace("\"", ""))
                        .anyMatch("text"::equals)) return Format.CSV;
        String[] parts = t.split("\t");
        if (parts.length >= 2 && parts[1].matches("\\d+(,\\d+)*")) return Format.TSV;
        return Format.LINES;
    }

    /** @return the event, or null for a blank line; a malformed line fails naming the file and line */
    public CommentEvent read(String line, long lineNo, Path file, Format resolved) {
        if (line.isBlank()) return null;
        Format f = resolved == Format.AUTO ? detect(line) : resolved;
        CommentEvent.Builder b = CommentEvent.newBuilder()
                .setSource(source)
                .setCreatedAt(Instant.now())
                .setId(idPrefix + lineNo);
        switch (f) {
            case JSONL -> {
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (Exception e) {
                    throw new CorpusFormatException(
                            file, lineNo, "not a JSON object: " + e.getMessage().split("\n")[0]);
                }
                if (!n.has("text")) throw new CorpusFormatException(file, lineNo, "JSON line has no \"text\"");
                b.setText(n.get("text").isNull() ? null : n.get("text").asText());
                if (n.hasNonNull("id")) b.setId(n.get("id").asText());
                if (n.hasNonNull("source")) b.setSource(n.get("source").asText());
                if (n.hasNonNull("author")) b.setAuthor(n.get("author").asText());
                if (n.hasNonNull("lang")) b.setLang(n.get("lang").asText());
                if (n.hasNonNull("createdAt")) b.setCreatedAt(instant(n.get("createdAt"), file, lineNo));
                Map<String, String> meta = new HashMap<>();
                if (n.has("metadata"))
                    n.get("metadata")
                            .fields()
                            .forEachRemaining(
                                    e -> meta.put(e.getKey(), e.getValue().asText()));
                b.setMetadata(meta);
            }
            case TSV -> {
                List<String> fields = io.emostream.text.TsvFields.split(line, file, lineNo);
                b.setText(fields.get(0));
                if (fields.size() > 2 && !fields.get(2).isBlank()) b.setId(fields.get(2));
            }
            default -> b.setText(line);
        }
        return b.build();
    }

    /**
     * One CSV record, its columns named by the header: the known fields, and every other column as metadata.
     *
     * @param record the record's values by column name (blank values are left out)
     */
    public CommentEvent fromColumns(Map<String, String> record, long recordNo, Path file) {
        if (!record.containsKey("text"))
            throw new CorpusFormatException(file, recordNo, "the CSV header has no text column");
        CommentEvent.Builder b = CommentEvent.newBuilder()
                .setSource(source)
                .setCreatedAt(Instant.now())
                .setId(idPrefix + recordNo)
                .setText(record.get("text"));
        Map<String, String> meta = new HashMap<>();
        record.forEach((k, v) -> {
            if (v == null || v.isBlank()) return;
            switch (k) {
                case "text" -> {}
                case "id" -> b.setId(v);
                case "source" -> b.setSource(v);
                case "author" -> b.setAuthor(v);
                case "lang" -> b.setLang(v);
                case "createdAt" -> b.setCreatedAt(instant(v, file, recordNo));
                default -> meta.put(k.startsWith("metadata.") ? k.substring("metadata.".length()) : k, v);
            }
        });
        return b.setMetadata(meta).build();
    }

    private static Instant instant(JsonNode v, Path file, long lineNo) {
        if (v.isIntegralNumber()) return Instant.ofEpochMilli(v.asLong());
        return instant(v.asText(), file, lineNo);
    }

    /** ISO-8601 ("2026-12-05T10:15:00Z") or epoch milliseconds. */
    static Instant instant(String v, Path file, long lineNo) {
        String t = v.strip();
        try {
            return t.matches("\\d{1,15}") ? Instant.ofEpochMilli(Long.parseLong(t)) : Instant.parse(t);
        } catch (java.time.format.DateTimeParseException e) {
            throw new CorpusFormatException(
                    file, lineNo, "createdAt '" + v + "' is neither ISO-8601 (2026-12-05T10:15:00Z) nor epoch ms");
        }
    }
}
