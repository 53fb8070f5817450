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
                    "properties file (keys as in src/main/resources/emostream.properties); EMOSTREAM_* env vars override it")
    Path file;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "override one config key (repeatable); wins over the file and the environment")
    Map<String, String> overrides = new LinkedHashMap<>();

    EmostreamConfig load() {
        return EmostreamConfig.load(file, System.getenv(), overrides);
    }
}
