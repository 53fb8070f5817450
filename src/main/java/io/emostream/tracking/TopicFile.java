package io.emostream.tracking;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the topics file: YAML (or JSON, which YAML includes), a list of topics under {@code topics:}.
 *
 * <pre>
 * topics:
 *   - name: Acme
 *     terms: [acme, "acme phone", "#acme", "@acmesupport"]
 *     metadata: [acme-launch]      # optional: metadata values that put a comment in this topic
 * </pre>
 *
 * A mistake (an unknown field, a topic without a name, a name twice, a blank term) fails with the file and the topic
 * named, so a bad edit is refused rather than half applied.
 */
public final class TopicFile {
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private record Document(@JsonProperty("topics") List<TrackedTopic> topics) {}

    private TopicFile() {}

    public static List<TrackedTopic> read(Path file) {
        Document d;
        try {
            d = YAML.readValue(file.toFile(), Document.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var at = e.getLocation();
            throw new IllegalArgumentException(
                    "topics file " + file + (at == null ? "" : " line " + at.getLineNr()) + ": "
                            + e.getOriginalMessage().lines().findFirst().orElse("unreadable"),
                    e);
        } catch (IOException e) {
            throw new IllegalArgumentException("topics file " + file + ": cannot read it: " + e.getMessage(), e);
        }
        if (d == null || d.topics() == null)
            throw new IllegalArgumentException("topics file " + file + ": no 'topics:' list");
        Set<String> seen = new HashSet<>();
        for (TrackedTopic t : d.topics()) {
            if (t == null) throw new IllegalArgumentException("topics file " + file + ": an empty topic entry");
            if (!seen.add(t.name().toLowerCase(Locale.ROOT)))
                throw new IllegalArgumentException("topics file " + file + ": topic '" + t.name() + "' twice");
        }
        return List.copyOf(d.topics());
    }
}
