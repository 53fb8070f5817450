package io.emostream.cli;

import io.emostream.config.EmostreamConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** --config FILE and --set key=value, shared by the commands that talk to Kafka. */
final class ConfigOptions {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "properties file (keys and defaults: docs/configuration.md); EMOSTREAM_* env vars override it")
    Path file;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "override one config key (repeatable); wins over the file and the environment")
    Map<String, String> overrides = new LinkedHashMap<>();

    EmostreamConfig load() {
        return EmostreamConfig.load(file, System.getenv(), overrides);
    }

    /** With a command's own defaults, which the file, the environment and --set all override. */
    EmostreamConfig load(Map<String, String> commandDefaults, String command) {
        return EmostreamConfig.load(file, System.getenv(), overrides, commandDefaults, command);
    }
}
