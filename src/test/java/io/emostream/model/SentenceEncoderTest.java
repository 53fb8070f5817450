package io.emostream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pretrained encoder from its Maven artifact, run by DJL's ONNX Runtime engine, offline. */
class SentenceEncoderTest {
    private static SentenceEncoder encoder;

    @BeforeAll
    static void load() {
        encoder = SentenceEncoder.load(SentenceEncoderSpec.E5_SMALL_V2_Q, "cpu", 2);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void anInt8EncoderServesItsFp32FileOnAGpuAndItselfOnACpu() {
        SentenceEncoderSpec int8 = SentenceEncoderSpec.E5_SMALL_V2_Q;
        assertThat(int8.forDevice(ai.djl.Device.cpu())).isEqualTo(int8);
        assertThat(int8.forDevice(ai.djl.Device.gpu())).isEqualTo(SentenceEncoderSpec.E5_SMALL_V2);
        assertThat(SentenceEncoderSpec.E5_SMALL_V2.forDevice(ai.djl.Device.gpu()))
                .isEqualTo(SentenceEncoderSpec.E5_SMALL_V2);
        // no fp32 file known: the int8 one serves everywhere
        assertThat(SentenceEncoderSpec.MINILM_L6_V2_Q.forDevice(ai.djl.Device.gpu()))
                .isEqualTo(SentenceEncoderSpec.MINILM_L6_V2_Q);
        // "auto" on a machine without ONNX Runtime's CUDA provider is the CPU
        assertThat(SentenceEncoder.device("auto")).isEqualTo(ai.djl.Device.cpu());
    }

    @Test
    void embeddingsAreInInputOrderAndDoNotDependOnTheOtherTextsOfTheCall() {
        List<String> texts = List.of(
                "Thank you so much, you made my day!",
                "This is a disaster.",
                "ok",
                "I miss my grandmother so much. Today would have been her birthday.");
        float[][] together = encoder.embed(texts);
        assertThat(together).hasNumberOfRows(4);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(together[i]).hasSize(384);
            // the int8 file quantises activations per call: one text per call keeps each embedding its own
            assertThat(encoder.embed(List.of(texts.get(i)))[0]).containsExactly(together[i]);
        }
        assertThat(cosine(together[0], together[1])).isLessThan(cosine(together[0], together[0]) - 0.01);
    }

    @Test
    void theTokenizerIsTheModelsOwnWithItsPrefixAndCutsAtMaxLength() {
        long[] ids = encoder.tokenize("hello");
        // [CLS] query : hello [SEP]
        assertThat(ids).hasSize(5);
        assertThat(ids[0]).isEqualTo(101L);
        assertThat(ids[ids.length - 1]).isEqualTo(102L);
        assertThat(encoder.tokenize("word ".repeat(500))).hasSize(128);
    }

    @Test
    void aFileWhoseHashDiffersFromTheBundlesIsRefusedWithTheArtifactNamed() {
        SentenceEncoderSpec s = SentenceEncoderSpec.E5_SMALL_V2_Q;
        SentenceEncoderSpec wrong = new SentenceEncoderSpec(
                s.name(),
                s.artifact(),
                s.onnxResource(),
                "0".repeat(64),
                s.tokenizerResource(),
                s.tokenizerSha256(),
                s.prefix(),
                s.maxLength(),
                s.pooling(),
                s.dim(),
                s.dynamicInt8(),
                s.license());
        assertThatThrownBy(() -> SentenceEncoder.load(wrong, "cpu", 1))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("sha256")
                .hasMessageContaining(s.artifact());
        SentenceEncoderSpec absent = new SentenceEncoderSpec(
                s.name(),
                s.artifact(),
                "no-such.onnx",
                s.onnxSha256(),
                s.tokenizerResource(),
                s.tokenizerSha256(),
                s.prefix(),
                s.maxLength(),
                s.pooling(),
                s.dim(),
                s.dynamicInt8(),
                s.license());
        assertThatThrownBy(() -> SentenceEncoder.load(absent, "cpu", 1))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("not on the class path");
    }

    private static double cosine(float[] a, float[] b) {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }
}
