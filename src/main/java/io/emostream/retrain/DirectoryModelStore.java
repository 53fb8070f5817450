package io.emostream.retrain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Bundles as directories {@code <root>/<version>/}; staged in {@code <root>/.staging/} and moved in atomically. */
public final class DirectoryModelStore implements ModelStore {
    private final Path root;

    public DirectoryModelStore(Path root) {
        this.root = root.toAbsolutePath();
    }

    @Override
    public Path stagingDir(String version) throws IOException {
        Path dir = root.resolve(".staging").resolve(version);
        Files.createDirectories(dir);
        return dir;
    }

    @Override
    public String publish(String version, Path staged) throws IOException {
        Path target = root.resolve(version);
        if (Files.exists(target)) throw new IOException("model store " + root + " already holds version " + version);
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        return target.toString();
    }

    @Override
    public Path resolve(String location) {
        return Path.of(location);
    }
}
