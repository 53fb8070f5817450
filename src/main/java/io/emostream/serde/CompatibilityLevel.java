package io.emostream.serde;

import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/** Confluent's compatibility levels: which earlier versions a new schema is checked against, and in which direction. */
public enum CompatibilityLevel {
    NONE,
    BACKWARD,
    BACKWARD_TRANSITIVE,
    FORWARD,
    FORWARD_TRANSITIVE,
    FULL,
    FULL_TRANSITIVE;

    /** Parses a level as the REST API takes it (any case); 42203 naming the valid values otherwise. */
    public static CompatibilityLevel parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new SchemaRegistryException(
                    SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL,
                    "Invalid compatibility level '" + value
                            + "'. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive");
        }
    }

    /**
     * Why {@code candidate} may not follow {@code earlier} (oldest first) at this level, or null when it may.
     * Backward: the candidate reads data written with the earlier schema; forward: the earlier schema reads the
     * candidate's data; transitive levels check every earlier version, the others only the latest.
     */
    public String problem(Schema candidate, List<Schema> earlier) {
        if (this == NONE || earlier.isEmpty()) return null;
        boolean transitive = name().endsWith("_TRANSITIVE");
        List<Schema> against = transitive ? earlier : List.of(earlier.get(earlier.size() - 1));
        boolean backward = name().startsWith("BACKWARD") || name().startsWith("FULL");
        boolean forward = name().startsWith("FORWARD") || name().startsWith("FULL");
        for (Schema old : against) {
            if (backward) {
                String p = problem(candidate, old);
                if (p != null) return "the new schema cannot read data written with an earlier one: " + p;
            }
            if (forward) {
                String p = problem(old, candidate);
                if (p != null) return "an earlier schema cannot read data written with the new one: " + p;
            }
        }
        return null;
    }

    private static String problem(Schema reader, Schema writer) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
                .getResult();
        return result.getCompatibility() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE
                ? null
                : result.getIncompatibilities().stream()
                        .map(i -> i.getType() + " at " + i.getLocation()
                                + (i.getMessage() == null ? "" : " (" + i.getMessage() + ")"))
                        .toList()
                        .toString();
    }
}
