package io.emostream.serde;

/**
 * A format version in front of the bytes emostream keeps in state stores and their changelogs, so that a release can
 * change a format and still restore what a running deployment wrote. Layout: {@code 0xE5}, the version (1..127), the
 * payload. Values written before versions existed have no such header: they start with a length, a timestamp, JSON or
 * an ASCII label (first byte 0x00, 0xFF, '{' or a letter), never with 0xE5 followed by a byte under 0x80 (in UTF-8,
 * 0xE5 is followed by a continuation byte, 0x80 or more), and read as version 1.
 */
public final class VersionedBytes {
    static final byte MAGIC = (byte) 0xE5;

    /** A stored value's format version and payload. */
    public record Read(int version, byte[] payload) {}

    private VersionedBytes() {}

    public static byte[] wrap(int version, byte[] payload) {
        if (version < 2 || version > 127)
            throw new IllegalArgumentException("format versions of a header are 2..127, got " + version);
        byte[] out = new byte[payload.length + 2];
        out[0] = MAGIC;
        out[1] = (byte) version;
        System.arraycopy(payload, 0, out, 2, payload.length);
        return out;
    }

    /**
     * Reads a stored value of {@code what}, written in format {@code current} or an older one.
     *
     * @throws IllegalStateException for a newer format: a rollback to an older emostream over state a newer one wrote
     */
    public static Read unwrap(byte[] stored, String what, int current) {
        if (stored.length >= 2 && stored[0] == MAGIC && stored[1] > 0) {
            int version = stored[1];
            if (version > current) {
                throw new IllegalStateException(what + " in format " + version
                        + " was written by a newer emostream; this one reads formats up to " + current
                        + " (run the newer version, or reset this application's state)");
            }
            byte[] payload = new byte[stored.length - 2];
            System.arraycopy(stored, 2, payload, 0, payload.length);
            return new Read(version, payload);
        }
        return new Read(1, stored);
    }
}
