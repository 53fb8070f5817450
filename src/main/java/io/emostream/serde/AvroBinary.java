package io.emostream.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** Plain Avro binary (no registry framing) for values a topology keeps in its own state stores. */
public final class AvroBinary {
    private AvroBinary() {}

    public static <T extends SpecificRecord> byte[] encode(T record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(128);
            BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, null);
            new SpecificDatumWriter<T>(record.getSchema()).write(record, enc);
            enc.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T extends SpecificRecord> T decode(byte[] bytes, Class<T> type) {
        try {
            return new SpecificDatumReader<T>(SpecificData.get().getSchema(type))
                    .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
