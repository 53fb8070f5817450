package io.emostream.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.config.EmostreamConfig;
import io.emostream.service.TopologyCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The committed topology-docs/ must be what the code builds today: regenerate with `./emostream topology-docs`. */
class TopologyDocsTest {
    @Test
    void committedDocsMatchTheLiveTopologies() throws Exception {
        Map<String, Map<String, String>> docs = TopologyCatalog.documents(EmostreamConfig.defaults());
        assertThat(docs).isNotEmpty();
        for (Map<String, String> files : docs.values()) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path committed = Path.of("topology-docs", f.getKey());
                assertThat(committed)
                        .as("topology-docs/%s is missing: run ./emostream topology-docs", f.getKey())
                        .exists();
                assertThat(Files.readString(committed, StandardCharsets.UTF_8))
                        .as(
                                "topology-docs/%s is stale: run ./emostream topology-docs and commit the result",
                                f.getKey())
                        .isEqualTo(f.getValue());
            }
        }
    }

    @Test
    void describeTextNamesEveryNodeAndTopic() {
        String text = TopologyCatalog.documents(EmostreamConfig.defaults())
                .get("classifier")
                .get("classifier.txt");
        assertThat(text)
                .contains(
                        ClassifierTopology.SOURCE,
                        ClassifierTopology.PROCESSOR,
                        ClassifierTopology.LABELLED_SINK,
                        ClassifierTopology.DLQ_SINK,
                        ClassifierTopology.BUFFER_STORE,
                        "comments-labelled",
                        "comments-dlq");
    }
}
