package io.emostream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParameterFileTest {
    @TempDir
    Path tmp;

    /** A block with one table big enough to be quantised (1024 x 1024) and a bias that stays fp16. */
    private static Linear table(Model model) {
        Linear block = Linear.builder().setUnits(1024).build();
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1024));
        return block;
    }

    @Test
    void int8TablesLoadBackExactlyAsRoundedInMemoryAtAQuarterOfTheFloatSize() throws Exception {
        try (Model a = Model.newInstance("a", ai.djl.Device.cpu(), "PyTorch");
                Model b = Model.newInstance("b", ai.djl.Device.cpu(), "PyTorch")) {
            Linear original = table(a);
            float[] before = original.getParameters().get("weight").getArray().toFloatArray();
            Path fp16 = tmp.resolve("fp16.bin");
            Path int8 = tmp.resolve("int8.bin");
            ParameterFile.save(original, fp16, ParameterFile.Precision.FP16);
            ParameterFile.save(original, int8, ParameterFile.Precision.INT8_TABLES);
            assertThat(Files.size(int8)).isLessThan(Files.size(fp16) * 55 / 100);

            ParameterFile.roundToStored(original, ParameterFile.Precision.INT8_TABLES);
            float[] rounded = original.getParameters().get("weight").getArray().toFloatArray();
            Linear loaded = table(b);
            ParameterFile.load(loaded, int8, b.getNDManager());
            assertThat(firstDifference(
                            loaded.getParameters().get("weight").getArray().toFloatArray(), rounded))
                    .isEqualTo("none");

            // the rounding error is at most half a step of each row's scale
            float maxAbs = 0;
            for (float v : before) maxAbs = Math.max(maxAbs, Math.abs(v));
            float worst = 0;
            for (int i = 0; i < before.length; i++) worst = Math.max(worst, Math.abs(rounded[i] - before[i]));
            assertThat(worst).isPositive().isLessThanOrEqualTo(maxAbs / 127f);
        }
    }

    @Test
    void formatOneFilesStillLoad() throws Exception {
        try (Model m = Model.newInstance("v1", ai.djl.Device.cpu(), "PyTorch")) {
            Linear block = Linear.builder().setUnits(2).build();
            m.setBlock(block);
            block.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, 3));
            Path v1 = tmp.resolve("v1.bin");
            float[] weight = {0.5f, -1f, 2f, 0.25f, 0f, -0.125f};
            float[] bias = {1.5f, -3f};
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(v1))) {
                out.writeInt(0x454d4f50); // "EMOP": fp16 only, no encoding byte
                out.writeInt(2);
                writeV1(out, m, "weight", new long[] {2, 3}, weight);
                writeV1(out, m, "bias", new long[] {2}, bias);
            }
            ParameterFile.load(block, v1, m.getNDManager());
            assertThat(block.getParameters().get("weight").getArray().toFloatArray())
                    .containsExactly(weight);
            assertThat(block.getParameters().get("bias").getArray().toFloatArray())
                    .containsExactly(bias);

            Path garbage = tmp.resolve("garbage.bin");
            Files.writeString(garbage, "not parameters");
            assertThatThrownBy(() -> ParameterFile.load(block, garbage, m.getNDManager()))
                    .hasMessageContaining("bad magic");
        }
    }

    /** Index and values of the first difference (AssertJ's diff of million-element arrays is quadratic). */
    private static String firstDifference(float[] a, float[] b) {
        if (a.length != b.length) return "lengths " + a.length + " and " + b.length;
        for (int i = 0; i < a.length; i++)
            if (Float.compare(a[i], b[i]) != 0) return "at " + i + ": " + a[i] + " vs " + b[i];
        return "none";
    }

    private static void writeV1(DataOutputStream out, Model m, String name, long[] dims, float[] values)
            throws Exception {
        out.writeUTF(name);
        out.writeInt(dims.length);
        for (long d : dims) out.writeLong(d);
        NDArray half = m.getNDManager().create(values).toType(DataType.FLOAT16, false);
        byte[] bytes = half.toByteArray();
        out.writeInt(bytes.length);
        out.write(bytes);
    }
}
