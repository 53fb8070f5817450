package io.emostream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.TestData;
import io.emostream.model.ModelBundle;
import io.emostream.model.ModelConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default's fine-tuned encoder, timed three ways, is the same encoder three ways. */
class EncoderBackendsTest {
    @Test
    void theThreeServingsOfTheFineTunedEncoderAgreeAndAreTimed() throws Exception {
        ModelConfig c = ModelBundle.read(TestData.defaultModel()).config();
        List<String> texts = new ArrayList<>();
        try (var in = EncoderBackendsTest.class.getResourceAsStream("/samples/comments.txt")) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank())
                    .limit(40)
                    .forEach(texts::add);
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Map<String, EncoderBackends.Run> runs = EncoderBackends.measure(
                c.encoder(),
                TestData.defaultModel().resolve(c.encoderWeights()),
                texts,
                2,
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(runs).hasSize(3);
        List<EncoderBackends.Run> r = List.copyOf(runs.values());
        for (EncoderBackends.Run run : r) {
            assertThat(run.textsPerSecond()).isPositive();
            assertThat(run.embeddings().length).isEqualTo(texts.size());
        }
        // fp32 in ONNX Runtime and in the PyTorch block it was trained in: the same numbers, batched or not
        assertThat(EncoderBackends.minCosine(r.get(1).embeddings(), r.get(2).embeddings()))
                .isGreaterThan(0.9999);
        // the int8 file as shipped: close to its fp32 source, not equal
        assertThat(EncoderBackends.minCosine(r.get(0).embeddings(), r.get(1).embeddings()))
                .isBetween(0.95, 0.99999);
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("ONNX Runtime int8", "ONNX Runtime fp32", "PyTorch fp32", "min cosine");
    }
}
