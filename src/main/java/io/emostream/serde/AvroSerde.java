package io.emostream.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Kafka serde for a generated Avro class over {@link AvroSerializer} / {@link AvroDeserializer}. */
public final class AvroSerde {
    private AvroSerde() {}

    public static <T extends SpecificRecord> Serde<T> of(Class<T> type, Map<String, ?> config, boolean isKey) {
        Serde<T> serde = Serdes.serdeFrom(new AvroSerializer<>(), new AvroDeserializer<>(type));
        serde.configure(config, isKey);
        return serde;
    }
}
