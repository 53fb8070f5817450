package io.emostream.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** An emostream command in its own JVM, as the launcher starts it (offline, this checkout as its home). */
final class ChildJvm {
    private ChildJvm() {}

    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-Demostream.home=" + Path.of("").toAbsolutePath(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.emostream.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
