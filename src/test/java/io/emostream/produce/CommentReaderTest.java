package io.emostream.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emostream.avro.CommentEvent;
import io.emostream.text.CorpusFormatException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommentReaderTest {
    private final CommentReader reader = new CommentReader(CommentReader.Format.AUTO, "cli", "p-");
    private final Path file = Path.of("history.jsonl");

    @Test
    void aBackfillKeepsEachCommentsOwnTime() {
        CommentEvent iso = reader.read(
                "{\"id\": \"h1\", \"text\": \"so angry\", \"createdAt\": \"2026-11-02T13:05:00Z\", \"source\": \"news\"}",
                1,
                file,
                CommentReader.Format.AUTO);
        assertThat(iso.getCreatedAt()).isEqualTo(Instant.parse("2026-11-02T13:05:00Z"));
        assertThat(iso.getSource()).isEqualTo("news");
        CommentEvent millis = reader.read(
                "{\"text\": \"so angry\", \"createdAt\": 1762088700000}", 2, file, CommentReader.Format.AUTO);
        assertThat(millis.getCreatedAt()).isEqualTo(Instant.ofEpochMilli(1762088700000L));
        assertThatThrownBy(() -> reader.read(
                        "{\"text\": \"x\", \"createdAt\": \"yesterday\"}", 3, file, CommentReader.Format.AUTO))
                .isInstanceOf(CorpusFormatException.class)
                .hasMessageContaining("history.jsonl:3")
                .hasMessageContaining("createdAt 'yesterday'");
    }

    @Test
    void csvColumnsAreTheFieldsAndAnyOtherColumnIsMetadata() {
        assertThat(CommentReader.detect("id,text,createdAt,brand")).isEqualTo(CommentReader.Format.CSV);
        assertThat(CommentReader.detect("\"text\",\"author\"")).isEqualTo(CommentReader.Format.CSV);
        assertThat(CommentReader.detect("hello, this is text")).isEqualTo(CommentReader.Format.LINES);
        Map<String, String> record = new LinkedHashMap<>();
        record.put("id", "r9");
        record.put("text", "love it, really");
        record.put("createdAt", "2026-11-02T08:00:00Z");
        record.put("author", "@bo");
        record.put("brand", "acme");
        record.put("metadata.campaign", "spring");
        record.put("lang", "");
        CommentEvent e = reader.fromColumns(record, 4, Path.of("history.csv"));
        assertThat(e.getId()).isEqualTo("r9");
        assertThat(e.getText()).isEqualTo("love it, really");
        assertThat(e.getCreatedAt()).isEqualTo(Instant.parse("2026-11-02T08:00:00Z"));
        assertThat(e.getAuthor()).isEqualTo("@bo");
        assertThat(e.getLang()).isNull();
        assertThat(e.getMetadata()).containsExactlyInAnyOrderEntriesOf(Map.of("brand", "acme", "campaign", "spring"));
    }
}
