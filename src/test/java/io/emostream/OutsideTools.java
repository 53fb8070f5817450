package io.emostream;

import java.io.File;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Tools from outside Maven that a few tests need (Chromium, Node packages, Compose v1). Without one, a developer's
 * run skips the test and says how to get the tool; under {@code CI=true} the test fails instead, since .ci/run
 * installs every one of them and a missing tool there is a broken install, not a pass.
 */
public final class OutsideTools {
    private OutsideTools() {}

    public static void require(boolean present, String howToGetIt) {
        if (present) return;
        if ("true".equalsIgnoreCase(System.getenv("CI")))
            Assertions.fail("missing under CI=true, where .ci/run installs it: " + howToGetIt);
        Assumptions.assumeTrue(false, howToGetIt);
    }

    /** The first of {@code names} that is an executable on the PATH. */
    public static Optional<File> onPath(String... names) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            for (String n : names) {
                File f = new File(dir, n);
                if (f.isFile() && f.canExecute()) return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
