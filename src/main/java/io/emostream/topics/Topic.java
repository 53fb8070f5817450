package io.emostream.topics;

import io.emostream.serde.AvroDeserializer;
import io.emostream.serde.AvroSerializer;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One of emostream's topics: its name (from config), the type of its values, and how {@code --create-topics} makes it.
 * Keys are always strings (comment ids, versions, sources). Serdes are made on demand, configured for the registry.
 *
 * @param configKey  the config key that names it (topic.comments ...)
 * @param name       its name
 * @param type       the Avro record of its values; null for raw bytes (the dead-letter topics keep the input as it came)
 * @param partitions partitions when created; 0 = {@code topics.partitions}
 * @param compacted  cleanup.policy=compact (the latest value per key is what matters)
 */
public record Topic<V>(
        String configKey,
        String name,
        Class<V> type,
        int partitions,
        boolean compacted,
        Map<String, Object> serdeConfig) {

    public Serde<String> keySerde() {
        return Serdes.String();
    }

    @SuppressWarnings("unchecked")
    public Serializer<V> serializer() {
        if (type == null) return (Serializer<V>) Serdes.ByteArray().serializer();
        AvroSerializer<SpecificRecord> s = new AvroSerializer<>();
        s.configure(serdeConfig, false);
        return (Serializer<V>) s;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public Deserializer<V> deserializer() {
        if (type == null) return (Deserializer<V>) Serdes.ByteArray().deserializer();
        AvroDeserializer d = new AvroDeserializer<>((Class) type);
        d.configure(serdeConfig, false);
        return d;
    }

    public Serde<V> valueSerde() {
        return Serdes.serdeFrom(serializer(), deserializer());
    }

    @Override
    public String toString() {
        return name;
    }
}
