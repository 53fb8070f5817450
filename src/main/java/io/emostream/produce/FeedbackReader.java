package io.emostream.produce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emostream.avro.LabelFeedback;
import io.emostream.text.CorpusFormatException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** JSON lines {@code {"commentId": ..., "labels": [...], "annotator": ...}} → LabelFeedback. */
public final class FeedbackReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FeedbackReader() {}

    /** @return the feedback, or null for a blank line; a malformed line fails naming file and line */
    public static LabelFeedback read(String line, long lineNo, Path file) {
        if (line.isBlank()) return null;
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (Exception e) {
            throw new CorpusFormatException(
                    file, lineNo, "not a JSON object: " + e.getMessage().split("\n")[0]);
        }
        if (!n.hasNonNull("commentId") || !n.path("labels").isArray()) {
            throw new CorpusFormatException(file, lineNo, "feedback needs \"commentId\" and a \"labels\" array");
        }
        List<String> labels = new ArrayList<>();
        n.get("labels").forEach(l -> labels.add(l.asText()));
        return LabelFeedback.newBuilder()
                .setCommentId(n.get("commentId").asText())
                .setLabels(labels)
                .setAnnotator(n.hasNonNull("annotator") ? n.get("annotator").asText() : null)
                .setAt(Instant.now())
                .build();
    }
}
