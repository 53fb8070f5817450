package io.emostream.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Patching the int8 encoder file: a matrix written in is quantised exactly as ONNX Runtime quantised the original. */
class OnnxWeightsTest {
    @Test
    void theFloatWeightsPatchedIntoTheInt8FileGiveTheInt8FileBack() {
        byte[] int8 = SentenceEncoder.files(SentenceEncoderSpec.E5_SMALL_V2_Q)[0];
        Map<String, OnnxWeights.Tensor> fp32 =
                OnnxWeights.read(SentenceEncoder.files(SentenceEncoderSpec.E5_SMALL_V2)[0]);
        Map<String, float[]> layers = new LinkedHashMap<>();
        fp32.forEach((name, t) -> {
            if (name.startsWith("encoder.layer.")) layers.put(name, t.values());
        });
        assertThat(layers).hasSize(12 * 16);

        byte[] patched = OnnxWeights.patch(int8, layers);

        assertThat(patched.length).isEqualTo(int8.length);
        int differing = 0;
        for (int i = 0; i < int8.length; i++) if (patched[i] != int8[i]) differing++;
        assertThat(differing).isZero();
    }
}
