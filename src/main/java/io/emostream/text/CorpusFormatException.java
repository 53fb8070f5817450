package io.emostream.text;

import java.nio.file.Path;

/** A data file that cannot be read as a corpus; the message names the file and the line. */
public final class CorpusFormatException extends RuntimeException {
    public CorpusFormatException(Path file, long line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
    }
}
