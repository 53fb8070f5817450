package io.emostream.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Lines of a UTF-8 input, numbered from 1, each decoded on its own: a line that is not valid UTF-8 is reported as
 * such with its number, and the lines after it still read (a {@code Reader} would fail the whole stream with
 * "Input length = 1", or silently replace the bytes).
 */
final class TextLines implements AutoCloseable {
    /** One line: its text, or null with {@code error} saying why it could not be read. */
    record Line(long number, String text, String error) {
        boolean valid() {
            return text != null;
        }
    }

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private long number;
    private boolean eof;

    TextLines(InputStream in) {
        this.in = new BufferedInputStream(in, 1 << 16);
    }

    /** Lines in a file, counted in bytes so that one that is not UTF-8 does not stop the count. */
    static long count(java.nio.file.Path file) throws IOException {
        long lines = 0;
        int last = '\n';
        try (InputStream in = new BufferedInputStream(java.nio.file.Files.newInputStream(file), 1 << 16)) {
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') lines++;
                last = b;
            }
        }
        return last == '\n' ? lines : lines + 1;
    }

    /** The next line, or null at the end. */
    Line next() throws IOException {
        if (eof) return null;
        buffer.reset();
        int b;
        while ((b = in.read()) != -1 && b != '\n') buffer.write(b);
        if (b == -1) {
            eof = true;
            if (buffer.size() == 0) return null;
        }
        byte[] bytes = buffer.toByteArray();
        int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        number++;
        ByteBuffer bb = ByteBuffer.wrap(bytes, 0, len);
        CharBuffer out = CharBuffer.allocate(len);
        decoder.reset();
        CoderResult r = decoder.decode(bb, out, true);
        if (r.isError()) {
            return new Line(
                    number,
                    null,
                    "line " + number + " is not valid UTF-8 (byte " + (bb.position() + 1) + " of " + len + ")");
        }
        decoder.flush(out);
        return new Line(number, out.flip().toString(), null);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
