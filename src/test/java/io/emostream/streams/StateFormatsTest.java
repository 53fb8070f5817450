package io.emostream.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The micro-batch buffer's stored format: versioned now, and what a running deployment wrote before still restores. */
class StateFormatsTest {

    /** A buffered comment exactly as the format before versions wrote it (no header). */
    private static byte[] formatOne(byte[] key, byte[] value, long ts, String topic, int partition, long offset)
            throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(key.length);
        out.write(key);
        out.writeInt(value.length);
        out.write(value);
        out.writeLong(ts);
        out.writeUTF(topic);
        out.writeInt(partition);
        out.writeLong(offset);
        out.flush();
        return bytes.toByteArray();
    }

    @Test
    void aBufferedCommentWrittenBeforeVersionsRestores() throws Exception {
        byte[] key = "c-1".getBytes(StandardCharsets.UTF_8);
        byte[] value = {0, 0, 0, 0, 1, 2, 3};
        PendingComment old = PendingComment.decode(7, formatOne(key, value, 1234L, "comments", 2, 99L));
        assertThat(old.key()).isEqualTo(key);
        assertThat(old.value()).isEqualTo(value);
        assertThat(old.timestamp()).isEqualTo(1234L);
        assertThat(old.topic()).isEqualTo("comments");
        assertThat(old.partition()).isEqualTo(2);
        assertThat(old.offset()).isEqualTo(99L);
    }

    @Test
    void todaysFormatCarriesItsVersionAndRoundTrips() {
        PendingComment p = new PendingComment(3, null, new byte[] {0, 1}, 5L, "comments", 0, 42L, null, 0);
        byte[] stored = p.encode();
        assertThat(stored[0]).isEqualTo((byte) 0xE5);
        assertThat(stored[1]).isEqualTo((byte) PendingComment.FORMAT);
        PendingComment back = PendingComment.decode(3, stored);
        assertThat(back.key()).isNull();
        assertThat(back.value()).containsExactly(0, 1);
        assertThat(back.offset()).isEqualTo(42L);
    }

    @Test
    void aNewerFormatFailsSayingSo() {
        byte[] stored = new PendingComment(3, null, new byte[] {0, 1}, 5L, "comments", 0, 42L, null, 0).encode();
        stored[1] = (byte) (PendingComment.FORMAT + 1);
        assertThatThrownBy(() -> PendingComment.decode(3, stored))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("written by a newer emostream")
                .hasMessageContaining("format " + (PendingComment.FORMAT + 1));
    }
}
