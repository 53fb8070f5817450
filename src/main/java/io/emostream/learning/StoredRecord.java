package io.emostream.learning;

import io.emostream.serde.VersionedBytes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A value kept in a learning store: a timestamp, where it came from, and its bytes. */
record StoredRecord(long at, String topic, int partition, long offset, byte[] bytes) {
    /** Format 2: format 1 (the fields below, unversioned) behind a {@link VersionedBytes} header. */
    static final int FORMAT = 2;

    byte[] encode() {
        try (ByteArrayOutputStream b = new ByteArrayOutputStream(bytes.length + 40);
                DataOutputStream out = new DataOutputStream(b)) {
            out.writeLong(at);
            out.writeUTF(topic);
            out.writeInt(partition);
            out.writeLong(offset);
            out.writeInt(bytes.length);
            out.write(bytes);
            out.flush();
            return VersionedBytes.wrap(FORMAT, b.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static StoredRecord decode(byte[] stored) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(
                VersionedBytes.unwrap(stored, "learning store value", FORMAT).payload()))) {
            long at = in.readLong();
            String topic = in.readUTF();
            int partition = in.readInt();
            long offset = in.readLong();
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            return new StoredRecord(at, topic, partition, offset, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
