package io.emostream.streams;

import io.emostream.avro.CommentEvent;
import io.emostream.serde.VersionedBytes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A consumed comment waiting for its batch. Stored in the changelogged buffer store as the input's raw key and value
 * bytes plus where it came from, so after a crash it is rebuilt exactly and a failing batch can dead-letter the
 * original bytes.
 */
record PendingComment(
        long seq,
        byte[] key,
        byte[] value,
        long timestamp,
        String topic,
        int partition,
        long offset,
        CommentEvent event,
        long arrivedMs) {

    /** Format 2: format 1 (the fields below, unversioned) behind a {@link VersionedBytes} header. */
    static final int FORMAT = 2;

    byte[] encode() {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length + 64);
                DataOutputStream out = new DataOutputStream(bytes)) {
            writeBytes(out, key);
            writeBytes(out, value);
            out.writeLong(timestamp);
            out.writeUTF(topic);
            out.writeInt(partition);
            out.writeLong(offset);
            out.flush();
            return VersionedBytes.wrap(FORMAT, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stored fields; the caller decodes the event again from {@code value}. */
    static PendingComment decode(long seq, byte[] stored) {
        byte[] payload = VersionedBytes.unwrap(stored, "buffered comment " + seq, FORMAT)
                .payload(); // formats 1 and 2 share the payload
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            byte[] key = readBytes(in);
            byte[] value = readBytes(in);
            return new PendingComment(
                    seq, key, value, in.readLong(), in.readUTF(), in.readInt(), in.readLong(), null, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** With its decoded event, arrived (for the max-delay clock) at {@code arrivedMs} of the stream's wall clock. */
    PendingComment withEvent(CommentEvent e, long arrivedMs) {
        return new PendingComment(seq, key, value, timestamp, topic, partition, offset, e, arrivedMs);
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) out.write(b);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) return null;
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
