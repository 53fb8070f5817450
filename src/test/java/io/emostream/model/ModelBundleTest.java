package io.emostream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emostream.TestData;
import io.emostream.training.Evaluation;
import io.emostream.training.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {
    @TempDir
    Path tmp;

    @Test
    void savedBundleScoresExactlyAsTheTrainedModel() throws Exception {
        Path dir = TestData.smallModel();
        TrainingData data = TestData.slice(8000, 1000);
        double trainedTestF1 = ((Number)
                        ((java.util.Map<?, ?>) ModelBundle.read(dir).metrics().get("test")).get("macroF1"))
                .doubleValue();
        try (EmotionModel model = EmotionModel.load(dir, "cpu");
                Scorer scorer = model.newScorer()) {
            List<String> cleaned = data.test().stream()
                    .map(t -> model.encoder().clean(t.text()))
                    .toList();
            float[][] scores = scorer.score(cleaned);
            boolean[][] gold = TrainingData.gold(data.test(), model.labels().size());
            boolean[][] pred = new boolean[gold.length][model.labels().size()];
            for (int i = 0; i < gold.length; i++) for (int j : model.decide(scores[i])) pred[i][j] = true;
            assertThat(Evaluation.of(model.labels(), gold, pred, scores).macroF1())
                    .isCloseTo(trainedTestF1, within(1e-4));
            try (EmotionModel again = EmotionModel.load(dir, "cpu");
                    Scorer s2 = again.newScorer()) {
                assertThat(s2.score(cleaned)).isDeepEqualTo(scores);
            }
            // batching does not change a text's scores
            float[][] one = scorer.score(cleaned.subList(3, 4));
            assertThat(one[0]).containsExactly(scores[3], org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    @Test
    void aLoadedModelNeverRecordsGradients() throws Exception {
        try (EmotionModel model = EmotionModel.load(TestData.smallModel(), "cpu")) {
            assertThat(model.block().getParameters().values())
                    .isNotEmpty()
                    .allSatisfy(p -> assertThat(p.getArray().hasGradient())
                            .as(p.getName())
                            .isFalse());
        }
    }

    @Test
    void brokenBundlesFailWithAMessageSayingWhat() throws Exception {
        Path missing = copy("missing");
        Files.delete(missing.resolve("params.bin"));
        assertThatThrownBy(() -> EmotionModel.load(missing))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("missing params.bin");

        Path wrongLabels = copy("labels");
        Files.writeString(wrongLabels.resolve("thresholds.json"), "{\"joy\": 0.5}");
        assertThatThrownBy(() -> EmotionModel.load(wrongLabels))
                .hasMessageContaining("thresholds.json has 1 labels but the model has 28");

        Path newer = copy("format");
        ObjectNode manifest = (ObjectNode)
                ModelBundle.JSON.readTree(newer.resolve("bundle.json").toFile());
        manifest.put("formatVersion", 99);
        ModelBundle.JSON.writeValue(newer.resolve("bundle.json").toFile(), manifest);
        assertThatThrownBy(() -> EmotionModel.load(newer)).hasMessageContaining("format version 99");

        Path vocab = copy("vocab");
        Files.writeString(vocab.resolve("vocab.txt"), "<pad>\n<oov>\nhello\n");
        assertThatThrownBy(() -> EmotionModel.load(vocab)).hasMessageContaining("vocab.txt has 3 words");

        assertThatThrownBy(() -> EmotionModel.load(tmp.resolve("nowhere"))).hasMessageContaining("does not exist");
    }

    private Path copy(String name) throws Exception {
        Path src = TestData.smallModel();
        Path dst = tmp.resolve(name);
        Files.createDirectories(dst);
        try (Stream<Path> files = Files.list(src)) {
            for (Path f : files.sorted(Comparator.naturalOrder()).toList()) Files.copy(f, dst.resolve(f.getFileName()));
        }
        return dst;
    }
}
