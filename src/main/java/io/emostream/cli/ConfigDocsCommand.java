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
                "Write src/main/resources/emostream.properties and docs/configuration.md from the key definitions (io.emostream.config.ConfigKeys).")
final class ConfigDocsCommand implements Callable<Integer> {
    @Option(names = "--out", description = "directory of the checkout to write into. Default: this checkout")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path home = out != null ? out : Paths.home();
        Path properties = home.resolve("src/main/resources/emostream.properties"),
                docs = home.resolve("docs/configuration.md");
        Files.writeString(properties, ConfigDocs.properties(), StandardCharsets.UTF_8);
        Files.writeString(docs, ConfigDocs.render(), StandardCharsets.UTF_8);
        System.out.println("wrote " + properties + " and " + docs);
        return 0;
    }
}
