package io.emostream.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-framed Avro into a specific record class, resolving the writer's schema (fetched by id, once)
 * against the class's schema, so records written with an older or newer compatible schema read fine.
 * Bad input (wrong magic byte, unknown schema id, truncated body) is a {@link SerializationException} saying which.
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
    private final Class<T> type;
    private final Schema readerSchema;
    private SchemaRegistryClient registry;
    private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();

    public AvroDeserializer(Class<T> type) {
        this(type, null);
    }

    public AvroDeserializer(Class<T> type, SchemaRegistryClient registry) {
        this.type = type;
        this.readerSchema = SpecificData.get().getSchema(type);
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry == null) registry = SchemaRegistryClients.forConfig(configs);
        Object specific = configs.get("specific.avro.reader");
        if (specific != null && !Boolean.parseBoolean(specific.toString())) {
            throw new IllegalArgumentException(
                    "specific.avro.reader=false is not supported: emostream reads into its generated classes");
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) return null;
        if (data.length < WireFormat.HEADER)
            throw new SerializationException(
                    "record of " + data.length + " bytes on " + topic + " is too short for the Avro wire format");
        ByteBuffer buf = ByteBuffer.wrap(data);
        byte magic = buf.get();
        if (magic != WireFormat.MAGIC)
            throw new SerializationException(
                    "unknown magic byte " + magic + " on " + topic + " (expected 0: Confluent Avro wire format)");
        int id = buf.getInt();
        SpecificDatumReader<T> reader =
                readers.computeIfAbsent(id, i -> new SpecificDatumReader<>(registry.byId(i), readerSchema));
        try {
            BinaryDecoder decoder =
                    DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER, data.length - WireFormat.HEADER, null);
            T record = reader.read(null, decoder);
            if (!decoder.isEnd())
                throw new SerializationException(
                        "trailing bytes after " + type.getSimpleName() + " (schema id " + id + ") on " + topic);
            return record;
        } catch (IOException | RuntimeException e) {
            if (e instanceof SerializationException se) throw se;
            throw new SerializationException(
                    "cannot read " + type.getSimpleName() + " with schema id " + id + " from " + topic
                            + " (truncated or corrupt): " + e,
                    e);
        }
    }
}
