package io.emostream.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigDocsTest {
    @Test
    void docsConfigurationIsWhatTheDefinitionsRenderTo() throws Exception {
        assertThat(Files.readString(Path.of("docs/configuration.md")))
                .as("docs/configuration.md is out of date: run ./emostream config-docs")
                .isEqualTo(ConfigDocs.render());
    }

    @Test
    void aKeyGetsTheCommentAboveItAndItsSection() {
        String md = ConfigDocs.render(
                "# intro line\n\n# --- Kafka ---\n# Brokers to\n# bootstrap from.\nbootstrap.servers=x:1\nempty.key=\n");
        assertThat(md)
                .contains("## Kafka")
                .contains("| `bootstrap.servers` | `x:1` | Brokers to bootstrap from. |")
                .contains("| `empty.key` | (empty) |  |");
    }
}
