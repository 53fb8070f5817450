package io.emostream.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emostream.config.EmostreamConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackedTopicsTest {
    @TempDir
    Path dir;

    private static final String TOPICS = """
            topics:
              - name: Acme
                terms: [acme, "acme phone", "#acme", "@acmesupport"]
                metadata: [acme-launch]
              - name: Café Bleu
                terms: [café bleu, cafebleu]
              - name: Phones
                terms: ["acme phone", pixel]
            """;

    private TopicMatcher matcher() throws Exception {
        Path f = Files.writeString(dir.resolve("topics.yaml"), TOPICS);
        return new TopicMatcher(TopicFile.read(f), "topic");
    }

    @Test
    void termsMatchAsWholeWordsCaseInsensitiveWithAccentsFolded() throws Exception {
        TopicMatcher m = matcher();
        assertThat(m.match("I LOVE my new ACME phone!!", Map.of())).containsExactly("Acme", "Phones");
        assertThat(m.match("thanks @AcmeSupport, fixed", Map.of())).containsExactly("Acme");
        assertThat(m.match("#acme is trending", Map.of())).containsExactly("Acme");
        assertThat(m.match("lunch at CAFE BLEU today", Map.of())).containsExactly("Café Bleu");
        assertThat(m.match("lunch at café bleu today", Map.of())).containsExactly("Café Bleu");
        // parts of other words are not the term
        assertThat(m.match("acmeville and pixels and #acmefans", Map.of())).isEmpty();
        assertThat(m.match("nothing here", Map.of())).isEmpty();
        assertThat(m.match(null, null)).isEmpty();
    }

    @Test
    void theProducersMetadataPutsACommentInATopic() throws Exception {
        TopicMatcher m = matcher();
        assertThat(m.match("no term at all", Map.of("topic", "acme-launch"))).containsExactly("Acme");
        assertThat(m.match("no term at all", Map.of("topic", "PHONES"))).containsExactly("Phones");
        assertThat(m.match("no term at all", Map.of("brand", "Phones"))).isEmpty();
        assertThat(new TopicMatcher(m.topics(), "brand").match("x", Map.of("brand", "phones")))
                .containsExactly("Phones");
    }

    @Test
    void aBadFileIsRefusedNamingTheFileAndWhatIsWrong() throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "topics:\n  - name: A\n    terms: [a]\n  - name: a\n    terms: [b]\n");
        assertThatThrownBy(() -> TopicFile.read(f))
                .hasMessageContaining(f.toString())
                .hasMessageContaining("'a' twice");
        Files.writeString(f, "topics:\n  - name: A\n    term: [a]\n");
        assertThatThrownBy(() -> TopicFile.read(f))
                .hasMessageContaining(f.toString())
                .hasMessageContaining("term");
        Files.writeString(f, "topics:\n  - terms: [a]\n");
        assertThatThrownBy(() -> TopicFile.read(f)).hasMessageContaining("a topic needs a name");
        Files.writeString(f, "topics:\n  - name: A\n    terms: [' ']\n");
        assertThatThrownBy(() -> TopicFile.read(f)).hasMessageContaining("topic 'A' has a blank term");
        EmostreamConfig c = EmostreamConfig.load(
                null,
                Map.of(),
                Map.of("topics.file", dir.resolve("missing.yaml").toString()));
        assertThatThrownBy(() -> TrackedTopics.from(c))
                .hasMessageContaining("topics.file")
                .hasMessageContaining("--set")
                .hasMessageContaining("missing.yaml");
    }

    @Test
    void anEditAppliesAfterTheReloadIntervalAndABadEditKeepsTheTopicsInForce() throws Exception {
        Path f = Files.writeString(dir.resolve("topics.yaml"), TOPICS);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        TrackedTopics t = TrackedTopics.load(f, "topic", 1).bindTo(meters);
        assertThat(t.matcher().topics()).hasSize(3);

        Files.writeString(f, "topics:\n  - name: Zeta\n    terms: [zeta]\n");
        Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        Thread.sleep(5);
        assertThat(t.matcher().match("zeta and acme", Map.of())).containsExactly("Zeta");

        Files.writeString(f, "topics: [ this is not: valid");
        Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() + 10_000));
        Thread.sleep(5);
        assertThat(t.matcher().match("zeta", Map.of())).containsExactly("Zeta");
        assertThat(meters.get("emostream_topics_reload_failures_total")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(meters.get("emostream_topics").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void thousandsOfTermsAreMatchedInOnePass() {
        List<TrackedTopic> many = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            List<String> terms = new java.util.ArrayList<>();
            for (int j = 0; j < 10; j++) terms.add("brand" + i + "x" + j);
            many.add(new TrackedTopic("topic-" + i, terms, List.of()));
        }
        TopicMatcher m = new TopicMatcher(many, "topic");
        assertThat(m.match("what about brand417x3 and BRAND9x9, not brand5", Map.of()))
                .containsExactly("topic-417", "topic-9");
    }
}
