package io.emostream.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConfigDocsTest {
    @Test
    void thePropertiesFileAndTheDocsAreWhatTheDefinitionsRenderTo() throws Exception {
        assertThat(Files.readString(Path.of("src/main/resources/emostream.properties")))
                .as("emostream.properties is out of date: run ./emostream config-docs")
                .isEqualTo(ConfigDocs.properties());
        assertThat(Files.readString(Path.of("docs/configuration.md")))
                .as("docs/configuration.md is out of date: run ./emostream config-docs")
                .isEqualTo(ConfigDocs.render());
    }

    @Test
    void theRenderedPropertiesHoldEveryKeyWithItsDefaultAndMeaning() throws Exception {
        Properties p = new Properties();
        p.load(new java.io.StringReader(ConfigDocs.properties()));
        assertThat(p.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(ConfigKeys.DEF.names());
        assertThat(p.getProperty("retrain.fine.tune.lr")).isEqualTo("0.0001"); // as written, not 1.0E-4
        assertThat(ConfigDocs.properties())
                .contains("# Records per model call.")
                .contains("\nbatch.size=64\n");
        assertThat(ConfigDocs.render())
                .contains("| `batch.size` | int | `64` | at least 1 | Records per model call.")
                .contains("| `processing.guarantee` | string | `exactly_once_v2` | exactly_once_v2 or at_least_once |");
    }

    @Test
    void longMeaningsWrapAtTheWidth() {
        assertThat(ConfigDocs.wrap("aaa bbb ccc ddd", 7)).containsExactly("aaa bbb", "ccc ddd");
    }
}
