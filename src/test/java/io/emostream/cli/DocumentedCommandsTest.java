package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code ./emostream} command in the fenced bash blocks of the README and docs/ is one the CLI accepts as
 * written: the subcommand exists and every option parses. (Running them needs a broker, GoEmotions or minutes of
 * training; the tests of each command cover what they do.)
 */
class DocumentedCommandsTest {
    private static final Pattern BLOCK = Pattern.compile("```(?:bash|sh)\\n(.*?)```", Pattern.DOTALL);

    static List<String> documentedCommands() throws Exception {
        List<Path> files = new ArrayList<>(List.of(Path.of("README.md"), Path.of("deploy/README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<String> commands = new ArrayList<>();
        for (Path f : files) {
            Matcher m = BLOCK.matcher(Files.readString(f));
            while (m.find()) {
                String block = m.group(1).replace("\\\n", " ");
                for (String line : block.split("\n")) {
                    int at = line.indexOf("./emostream ");
                    if (at < 0) continue;
                    String command = line.substring(at + "./emostream ".length());
                    command = command.replaceAll("\\s+#.*$", "")
                            .replaceAll("\\s*[|&;].*$", "")
                            .strip();
                    commands.add(f + ": " + command);
                }
            }
        }
        return commands;
    }

    @Test
    void everyDocumentedCommandParses() throws Exception {
        List<String> commands = documentedCommands();
        assertThat(commands).as("the README shows commands").hasSizeGreaterThan(10);
        for (String c : commands) {
            String args = c.substring(c.indexOf(": ") + 2);
            List<String> words = new ArrayList<>();
            Matcher w = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)").matcher(args);
            while (w.find()) words.add(w.group(1) != null ? w.group(1) : w.group(2) != null ? w.group(2) : w.group(3));
            CommandLine cl = Main.commandLine();
            try {
                cl.parseArgs(words.toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                throw new AssertionError(c + " does not parse: " + e.getMessage(), e);
            }
        }
    }

    @Test
    void aMistypedCommandIsCaught() {
        CommandLine cl = Main.commandLine();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cl.parseArgs("run", "--creat-topics"))
                .isInstanceOf(CommandLine.ParameterException.class);
    }
}
