package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's --help renders cleanly: picocli warns on stderr (and prints the raw text) when a description is not a valid format string. */
class HelpTest {
    @Test
    void everyCommandsHelpRendersWithoutPicocliWarnings() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            CommandLine main = Main.commandLine();
            assertThat(main.getUsageMessage()).contains("emostream");
            assertThat(main.getSubcommands()).containsKeys("demo", "run", "bench", "retrain");
            main.getSubcommands()
                    .forEach((name, sub) ->
                            assertThat(sub.getUsageMessage()).as(name).contains("Usage: emostream " + name));
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    }
}
