package io.emostream.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes specific Avro records in the Confluent wire format, registering (or, with {@code auto.register.schemas=false},
 * looking up) the schema under {@code <topic>-value} / {@code <topic>-key}.
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {
    private SchemaRegistryClient registry;
    private boolean autoRegister = true;
    private boolean isKey;
    private final Map<String, Integer> idsBySubject = new ConcurrentHashMap<>();
    private final Map<Schema, SpecificDatumWriter<T>> writers = new ConcurrentHashMap<>();

    public AvroSerializer() {}

    public AvroSerializer(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        if (registry == null) registry = SchemaRegistryClients.forConfig(configs);
        Object auto = configs.get("auto.register.schemas");
        if (auto != null) autoRegister = Boolean.parseBoolean(auto.toString());
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) return null;
        Schema schema = record.getSchema();
        String subject = topic + (isKey ? "-key" : "-value");
        int id = idsBySubject.computeIfAbsent(
                subject + "|" + schema.getFullName() + "|" + System.identityHashCode(schema),
                k -> autoRegister ? registry.register(subject, schema) : registry.lookup(subject, schema));
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            out.write(WireFormat.MAGIC);
            out.write(ByteBuffer.allocate(4).putInt(id).array());
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writers.computeIfAbsent(schema, SpecificDatumWriter::new).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "cannot serialize " + schema.getFullName() + " for topic " + topic + ": " + e.getMessage(), e);
        }
    }
}
