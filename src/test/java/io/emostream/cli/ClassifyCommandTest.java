package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code classify} on real files through the command line, with the shipped fast model. */
class ClassifyCommandTest {
    @TempDir
    Path tmp;

    private record Run(int exit, List<String> out, String err) {}

    private static Run classify(Path input) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.commandLine().execute("classify", "--model", "models/fast", "--input", input.toString());
            return new Run(
                    exit, out.toString(StandardCharsets.UTF_8).lines().toList(), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void aLineThatIsNotUtf8IsReportedByNumberAndTheOthersAreLabelled() throws Exception {
        Path file = tmp.resolve("mixed.txt");
        byte[] bad = {'b', 'a', 'd', ' ', (byte) 0xC3, (byte) 0x28, ' ', 'b', 'y', 't', 'e'};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write("thank you so much!\n".getBytes(StandardCharsets.UTF_8));
        bytes.write(bad);
        bytes.write("\nthis is awful, I hate it\r\n".getBytes(StandardCharsets.UTF_8));
        bytes.write("ça me rend triste 😢".getBytes(StandardCharsets.UTF_8)); // last line without a newline
        Files.write(file, bytes.toByteArray());

        Run run = classify(file);
        assertThat(run.exit()).isZero();
        assertThat(run.err())
                .contains("line 2 is not valid UTF-8 (byte 5 of 11)")
                .doesNotContain("Input length");
        ObjectMapper json = new ObjectMapper();
        List<String> texts = run.out().stream()
                .map(l -> {
                    try {
                        JsonNode n = json.readTree(l);
                        assertThat(n.get("scores").size()).isEqualTo(28);
                        return n.get("text").asText();
                    } catch (Exception e) {
                        throw new AssertionError(l, e);
                    }
                })
                .toList();
        assertThat(texts).containsExactly("thank you so much!", "this is awful, I hate it", "ça me rend triste 😢");
    }
}
