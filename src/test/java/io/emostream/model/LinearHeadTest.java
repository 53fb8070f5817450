package io.emostream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.types.DataType;
import io.emostream.TestData;
import io.emostream.training.GoEmotionsCorpus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An encoder model's head (sentence embedding + TF-IDF n-grams, one linear model) in plain Java scores what the
 * PyTorch block it replaces scores, from the same file.
 */
class LinearHeadTest {

    @Test
    void theJavaHeadMatchesThePyTorchBlockOnRealTexts() throws Exception {
        try (EmotionModel model = EmotionModel.load(TestData.smallEncoderModel(), "cpu");
                Scorer java = model.newScorer()) {
            assertThat(model.bundle().config().ngramBuckets()).isPositive();
            assertThat(model.usesPyTorch()).isFalse();
            assertThat(model.block()).isNull();
            List<String> texts = new GoEmotionsCorpus(TestData.goEmotions())
                    .split("dev").subList(0, 300).stream()
                            .map(t -> model.encoder().clean(t.text()))
                            .toList();
            EncodedBatch batch = model.encoder().encode(texts);
            float[][] fromJava = java.scoreEncoded(batch);
            ModelConfig config = model.bundle().config();
            try (Model torch = Model.newInstance("linear-head-test", ai.djl.Device.cpu(), "PyTorch")) {
                EmotionBlock block = EmotionBlock.of(config);
                torch.setBlock(block);
                block.initialize(torch.getNDManager(), DataType.FLOAT32, block.inputShapes(1));
                ParameterFile.load(block, model.bundle().paramsFile(), torch.getNDManager());
                try (Predictor<EncodedBatch, float[][]> p = torch.newPredictor(new BatchTranslator(config))) {
                    float[][] fromTorch = p.predict(batch);
                    assertThat(fromJava).hasSameDimensionsAs(fromTorch);
                    for (int i = 0; i < fromTorch.length; i++)
                        for (int l = 0; l < fromTorch[i].length; l++)
                            assertThat(fromJava[i][l])
                                    .as("text %d label %d", i, l)
                                    .isCloseTo(fromTorch[i][l], within(2e-5f));
                }
            }
        }
    }

    /** `classify` in a fresh JVM: the default model never loads PyTorch; the fast model, a PyTorch network, does. */
    @Test
    void theDefaultModelServesWithoutLoadingPyTorch() throws Exception {
        assertThat(classify("models/default")).doesNotContain(PYTORCH_LOADED).doesNotContain("AutoNonVariableTypeMode");
        assertThat(classify("models/fast")).contains(PYTORCH_LOADED);
    }

    /** What {@link Devices} logs when it loads the PyTorch engine. */
    private static final String PYTORCH_LOADED = "CPU threads per model call";

    private static String classify(String model) throws Exception {
        java.nio.file.Path input = java.nio.file.Files.createTempFile("linear-head", ".txt");
        java.nio.file.Files.writeString(input, "thank you so much!\nthis is awful\n");
        Process p = new ProcessBuilder(
                        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java")
                                .toString(),
                        "-Dai.djl.offline=true",
                        "-Demostream.home=" + java.nio.file.Path.of("").toAbsolutePath(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.emostream.cli.Main",
                        "classify",
                        "--model",
                        model,
                        "--input",
                        input.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out.lines().filter(l -> l.startsWith("{"))).hasSize(2);
        return out;
    }

    @Test
    void halvesDecodeExactly() {
        assertThat(ParameterFile.halfToFloat((short) 0x3c00)).isEqualTo(1f);
        assertThat(ParameterFile.halfToFloat((short) 0xc000)).isEqualTo(-2f);
        assertThat(ParameterFile.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(ParameterFile.halfToFloat((short) 0x7bff)).isEqualTo(65504f);
        assertThat(ParameterFile.halfToFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
    }
}
