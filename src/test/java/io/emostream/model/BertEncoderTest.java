package io.emostream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The trainable BERT (PyTorch through DJL) against ONNX Runtime running the encoder's own file, on real texts; and
 * weights written back into the file change what ONNX Runtime computes exactly as they change the trainable copy.
 */
class BertEncoderTest {
    private static final List<String> TEXTS = List.of(
            "Thank you so much, you made my day!",
            "This is a disaster.",
            "ok",
            "I miss my grandmother so much. Today would have been her birthday.");
    private static final SentenceEncoderSpec SPEC = SentenceEncoderSpec.E5_SMALL_V2;
    private static byte[] onnx;
    private static Map<String, OnnxWeights.Tensor> tensors;
    private static NDManager manager;

    @BeforeAll
    static void load() {
        onnx = SentenceEncoder.files(SPEC)[0];
        tensors = OnnxWeights.read(onnx);
        manager = Engine.getEngine("PyTorch").newBaseManager(Device.cpu());
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void readsEveryLayersWeightsUnderItsModulePath() {
        assertThat(tensors)
                .containsKeys(
                        "embeddings.word_embeddings.weight",
                        "encoder.layer.0.attention.self.query.weight",
                        "encoder.layer.11.output.dense.weight",
                        "encoder.layer.11.output.LayerNorm.bias");
        // a MatMul weight is stored [in, out]
        assertThat(tensors.get("encoder.layer.0.intermediate.dense.weight").dims())
                .containsExactly(384, 1536);
        assertThat(tensors.keySet()).noneMatch(k -> k.startsWith("onnx::MatMul"));
    }

    @Test
    void matchesOnnxRuntimeOnRealTexts() {
        float[][] expected;
        long[][] ids;
        try (SentenceEncoder ort = SentenceEncoder.load(SPEC, onnx, "cpu", 1)) {
            expected = ort.embed(TEXTS);
            ids = TEXTS.stream().map(ort::tokenize).toArray(long[][]::new);
        }
        try (BertEncoder bert = new BertEncoder(manager, tensors, 12, 4)) {
            float[][] actual = forward(bert, ids);
            for (int i = 0; i < TEXTS.size(); i++)
                assertThat(maxDiff(actual[i], expected[i])).isLessThan(1e-4);
        }
    }

    @Test
    void weightsWrittenBackChangeOnnxRuntimeAsTheyChangeTheTrainableCopy() {
        String name = "encoder.layer.11.output.dense.weight";
        float[] changed = tensors.get(name).values().clone();
        for (int i = 0; i < changed.length; i++) changed[i] *= (i % 3 == 0) ? -0.5f : 1.5f;
        byte[] patched = OnnxWeights.patch(onnx, Map.of(name, changed));
        Map<String, OnnxWeights.Tensor> reread = OnnxWeights.read(patched);
        // Arrays.equals: AssertJ's containsExactly is quadratic on 600k values
        assertThat(Arrays.equals(reread.get(name).values(), changed)).isTrue();
        String other = "encoder.layer.10.output.dense.weight";
        assertThat(Arrays.equals(reread.get(other).values(), tensors.get(other).values()))
                .isTrue();

        float[][] original;
        float[][] fromOnnx;
        long[][] ids;
        try (SentenceEncoder ort = SentenceEncoder.load(SPEC, patched, "cpu", 1);
                SentenceEncoder before = SentenceEncoder.load(SPEC, onnx, "cpu", 1)) {
            fromOnnx = ort.embed(TEXTS);
            original = before.embed(TEXTS);
            ids = TEXTS.stream().map(ort::tokenize).toArray(long[][]::new);
        }
        try (BertEncoder bert = new BertEncoder(manager, reread, 12, 11)) {
            float[][] actual = forward(bert, ids);
            for (int i = 0; i < TEXTS.size(); i++) {
                assertThat(maxDiff(actual[i], fromOnnx[i])).isLessThan(1e-4);
                assertThat(maxDiff(original[i], fromOnnx[i])).isGreaterThan(1e-2);
            }
        }
        assertThatThrownBy(() -> OnnxWeights.patch(onnx, Map.of("encoder.layer.99.output.dense.weight", changed)))
                .hasMessageContaining("encoder.layer.99");
    }

    private static float[][] forward(BertEncoder bert, long[][] ids) {
        int len = Arrays.stream(ids).mapToInt(a -> a.length).max().orElseThrow();
        long[] tokens = new long[ids.length * len];
        float[] mask = new float[ids.length * len];
        for (int j = 0; j < ids.length; j++) {
            System.arraycopy(ids[j], 0, tokens, j * len, ids[j].length);
            Arrays.fill(mask, j * len, j * len + ids[j].length, 1f);
        }
        try (NDManager m = manager.newSubManager()) {
            NDArray out = bert.forward(
                    m.create(tokens, new Shape(ids.length, len)),
                    m.create(mask, new Shape(ids.length, len)),
                    true,
                    0f,
                    false);
            float[] flat = out.toFloatArray();
            int dim = bert.dim();
            float[][] rows = new float[ids.length][dim];
            for (int j = 0; j < ids.length; j++) System.arraycopy(flat, j * dim, rows[j], 0, dim);
            return rows;
        }
    }

    private static double maxDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
        return d;
    }
}
