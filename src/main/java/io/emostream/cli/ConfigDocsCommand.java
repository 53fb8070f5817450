package io.emostream.cli;

import io.emostream.config.ConfigDocs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "config-docs",
        mixinStandardHelpOptions = true,
        description =
                "Write docs/configuration.md from src/main/resources/emostream.properties (every key, default and meaning).")
final class ConfigDocsCommand implements Callable<Integer> {
    @Option(names = "--out", description = "file to write. Default: docs/configuration.md of the checkout")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path target = out != null ? out : Paths.home().resolve("docs/configuration.md");
        Files.writeString(target, ConfigDocs.render(), StandardCharsets.UTF_8);
        System.out.println("wrote " + target);
        return 0;
    }
}
