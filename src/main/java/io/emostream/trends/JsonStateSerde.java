package io.emostream.trends;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emostream.serde.VersionedBytes;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** JSON behind a format version, for the trend topology's own state and internal topics. */
final class JsonStateSerde {
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private JsonStateSerde() {}

    /** @param version the format written now (2..127; older ones are read as they were) */
    static <T> Serde<T> of(Class<T> type, String what, int version) {
        return Serdes.serdeFrom(
                (topic, value) -> {
                    if (value == null) return null;
                    try {
                        return VersionedBytes.wrap(version, JSON.writeValueAsBytes(value));
                    } catch (IOException e) {
                        throw new SerializationException("cannot write " + what + ": " + e.getMessage(), e);
                    }
                },
                (topic, bytes) -> {
                    if (bytes == null) return null;
                    try {
                        return JSON.readValue(
                                VersionedBytes.unwrap(bytes, what, version).payload(), type);
                    } catch (IOException e) {
                        throw new SerializationException("cannot read " + what + ": " + e.getMessage(), e);
                    }
                });
    }
}
