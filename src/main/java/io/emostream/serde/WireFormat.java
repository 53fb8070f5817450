package io.emostream.serde;

/** Confluent's framing of a serialized value: magic byte 0, 4-byte big-endian schema id, then the Avro binary body. */
final class WireFormat {
    static final byte MAGIC = 0;
    static final int HEADER = 5;

    private WireFormat() {}
}
