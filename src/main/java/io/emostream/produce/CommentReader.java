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
 * Turns input lines into {@link CommentEvent}s: plain text lines, JSON lines ({@code {"id", "text", "source", "author",
 * "lang", "metadata"}}, only text required) or GoEmotions-style TSV (text, labels, id). {@code auto} picks by the first line.
 */
public final class CommentReader {
    public enum Format {
        AUTO,
        LINES,
        JSONL,
        TSV
    }

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
}
