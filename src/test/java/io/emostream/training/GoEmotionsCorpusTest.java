package io.emostream.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emostream.text.CorpusFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoEmotionsCorpusTest {
    @TempDir
    Path dir;

    private void write(String name, String content) throws Exception {
        Files.writeString(dir.resolve(name), content);
    }

    @Test
    void readsPlainAndCsvQuotedRows() throws Exception {
        write("emotions.txt", "joy\nsadness\nneutral\n");
        write("train.tsv", "plain text\t0\tid1\n\"she said \"\"hi\"\"\tthen left\"\t1,2\tid2\n");
        List<LabelledText> rows = new GoEmotionsCorpus(dir).split("train");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).text()).isEqualTo("she said \"hi\"\tthen left");
        assertThat(rows.get(1).labels()).containsExactly(1, 2);
        assertThat(rows.get(1).id()).isEqualTo("id2");
    }

    @Test
    void malformedRowsNameFileAndLine() throws Exception {
        write("emotions.txt", "joy\nsadness\n");
        write("train.tsv", "ok\t0\ta\nbad row without labels\n");
        assertThatThrownBy(() -> new GoEmotionsCorpus(dir).split("train"))
                .isInstanceOf(CorpusFormatException.class)
                .hasMessageContaining("train.tsv:2");
        write("dev.tsv", "ok\t0\ta\ntext\t7\tb\n");
        assertThatThrownBy(() -> new GoEmotionsCorpus(dir).split("dev"))
                .hasMessageContaining("dev.tsv:2")
                .hasMessageContaining("label id 7 is outside 0..1");
    }

    @Test
    void missingDirectoryOrSplitIsNamed() {
        assertThatThrownBy(() -> new GoEmotionsCorpus(dir.resolve("nope")))
                .hasMessageContaining("nope")
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> new GoEmotionsCorpus(dir)).hasMessageContaining("emotions.txt");
    }
}
