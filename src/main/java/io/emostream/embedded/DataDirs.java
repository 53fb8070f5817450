package io.emostream.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** The embedded runtime's data folders (broker log, state, model store): removed when they were temporary. */
public final class DataDirs {
    private DataDirs() {}

    /** Deletes a folder and everything in it; best effort, since it is temporary data. Returns false if something stayed. */
    public static boolean deleteRecursively(Path dir) {
        if (!Files.exists(dir)) return true;
        try (var paths = Files.walk(dir)) {
            return paths.sorted(Comparator.reverseOrder())
                    .map(p -> p.toFile().delete())
                    .reduce(true, Boolean::logicalAnd);
        } catch (IOException e) {
            return false;
        }
    }
}
