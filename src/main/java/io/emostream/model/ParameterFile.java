package io.emostream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The bundle's {@code params.bin}: every parameter of the block by name with its shape. Values are fp16, or, for the
 * big lookup tables when asked ({@link Precision#INT8_TABLES}), int8 per row with one fp16 scale per row: a table
 * row is one word's vector or one n-gram bucket's label weights, so a per-row scale keeps rare rows as precise as
 * frequent ones, and it halves the size again so that a seed ensemble fits the 20 MiB budget of a shipped model.
 * The trainer rounds its parameters the same way before the final scoring, so scores before and after a save are equal.
 *
 * <p>Layout (format 2, "EMO2"): int count, then per parameter: UTF name, int rank, long dims..., byte encoding, then
 * for fp16: int n, n bytes of little-endian halves; for int8 rows: int n, fp16 row scales, int m, m int8 values.
 * Format 1 ("EMOP", fp16 only, no encoding byte) still loads.
 */
public final class ParameterFile {
    private static final int MAGIC_V1 = 0x454d4f50; // "EMOP"
    private static final int MAGIC_V2 = 0x454d4f32; // "EMO2"
    private static final byte FP16 = 0;
    private static final byte INT8_ROWS = 1;
    /** Tables smaller than this stay fp16: quantising them would save little. */
    private static final long TABLE_MIN_ELEMENTS = 1L << 20;

    /** How parameters are stored. */
    public enum Precision {
        FP16,
        INT8_TABLES
    }

    private ParameterFile() {}

    public static void save(Block block, Path file) throws IOException {
        save(block, file, Precision.FP16);
    }

    public static void save(Block block, Path file, Precision precision) throws IOException {
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            var params = block.getParameters();
            out.writeInt(MAGIC_V2);
            out.writeInt(params.size());
            for (Pair<String, Parameter> p : params) {
                NDArray array = p.getValue().getArray();
                out.writeUTF(p.getKey());
                long[] dims = array.getShape().getShape();
                out.writeInt(dims.length);
                for (long d : dims) out.writeLong(d);
                if (quantised(array, precision)) {
                    RowQuantised q = RowQuantised.of(array);
                    out.writeByte(INT8_ROWS);
                    byte[] scales = halves(array.getManager(), q.scales);
                    out.writeInt(scales.length);
                    out.write(scales);
                    out.writeInt(q.values.length);
                    out.write(q.values);
                } else {
                    out.writeByte(FP16);
                    byte[] half = array.toType(DataType.FLOAT16, true).toByteArray();
                    out.writeInt(half.length);
                    out.write(half);
                }
            }
        }
    }

    /** Writes named arrays in fp16 without an engine (a head trained elsewhere); {@link #read} reads them back. */
    public static void save(Map<String, Stored> params, Path file) throws IOException {
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.writeInt(MAGIC_V2);
            out.writeInt(params.size());
            for (Map.Entry<String, Stored> p : params.entrySet()) {
                out.writeUTF(p.getKey());
                out.writeInt(p.getValue().dims().length);
                for (long d : p.getValue().dims()) out.writeLong(d);
                out.writeByte(FP16);
                float[] v = p.getValue().values();
                ByteBuffer half = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : v) half.putShort(ai.onnxruntime.platform.Fp16Conversions.floatToFp16(f));
                out.writeInt(half.capacity());
                out.write(half.array());
            }
        }
    }

    /** Loads into an initialized block; every parameter must be present with the same shape. */
    /** One stored parameter: its shape and its values as float32. */
    public record Stored(long[] dims, float[] values) {}

    /** Reads every parameter of a file, in plain Java: no engine is needed to read a bundle's weights. */
    public static Map<String, Stored> read(Path file) throws IOException {
        Map<String, Stored> stored = new HashMap<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            int magic = in.readInt();
            if (magic != MAGIC_V1 && magic != MAGIC_V2)
                throw new IOException(file + ": not an emostream parameter file (bad magic)");
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                long[] dims = new long[in.readInt()];
                for (int d = 0; d < dims.length; d++) dims[d] = in.readLong();
                byte encoding = magic == MAGIC_V1 ? FP16 : in.readByte();
                float[] values;
                if (encoding == FP16) {
                    values = fromHalves(readBlock(in));
                } else if (encoding == INT8_ROWS) {
                    float[] scales = fromHalves(readBlock(in));
                    values = new RowQuantised(scales, readBlock(in)).dequantise();
                } else {
                    throw new IOException(file + ": parameter '" + name + "' has unknown encoding " + encoding);
                }
                stored.put(name, new Stored(dims, values));
            }
        } catch (EOFException e) {
            throw new IOException(file + ": truncated parameter file", e);
        }
        return stored;
    }

    public static void load(Block block, Path file, NDManager manager) throws IOException {
        Map<String, Stored> all = read(file);
        Map<String, float[]> stored = new HashMap<>();
        Map<String, Shape> shapes = new HashMap<>();
        all.forEach((name, p) -> {
            stored.put(name, p.values());
            shapes.put(name, new Shape(p.dims()));
        });
        for (Pair<String, Parameter> p : block.getParameters()) {
            float[] value = stored.get(p.getKey());
            if (value == null) throw new IOException(file + ": parameter '" + p.getKey() + "' is missing");
            NDArray target = p.getValue().getArray();
            if (!target.getShape().equals(shapes.get(p.getKey()))) {
                throw new IOException(file + ": parameter '" + p.getKey() + "' has shape " + shapes.get(p.getKey())
                        + ", the model config needs " + target.getShape());
            }
            target.set(value);
        }
    }

    /** Rounds every parameter in place as {@link #save} will store it, so the in-memory model scores exactly as its saved copy. */
    public static void roundToStored(Block block, Precision precision) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray array = p.getValue().getArray();
            if (quantised(array, precision)) {
                RowQuantised q = RowQuantised.of(array);
                float[] scales = fromHalves(halves(array.getManager(), q.scales));
                array.set(new RowQuantised(scales, q.values).dequantise());
            } else {
                try (NDArray half = array.toType(DataType.FLOAT16, true);
                        NDArray back = half.toType(DataType.FLOAT32, true)) {
                    array.set(back.toFloatArray());
                }
            }
        }
    }

    private static boolean quantised(NDArray array, Precision precision) {
        return precision == Precision.INT8_TABLES
                && array.getShape().dimension() == 2
                && array.size() >= TABLE_MIN_ELEMENTS;
    }

    private static byte[] readBlock(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }

    private static byte[] halves(NDManager manager, float[] values) {
        try (NDArray a = manager.create(values);
                NDArray h = a.toType(DataType.FLOAT16, true)) {
            return h.toByteArray();
        }
    }

    /** Little-endian IEEE 754 halves to floats; exact, as every half is a float. */
    static float[] fromHalves(byte[] half) {
        ByteBuffer buf = ByteBuffer.wrap(half).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[half.length / 2];
        for (int i = 0; i < out.length; i++) out[i] = halfToFloat(buf.getShort(2 * i));
        return out;
    }

    static float halfToFloat(short h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13)); // inf, NaN
        if (exp == 0) { // zero or subnormal: mant × 2^-24
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** Symmetric int8 per row: value ≈ q × scale, scale = max|row| / 127. Rounding scales to fp16 happens outside. */
    private record RowQuantised(float[] scales, byte[] values) {
        static RowQuantised of(NDArray table) {
            int rows = (int) table.getShape().get(0);
            int cols = (int) (table.size() / rows);
            float[] v = table.toFloatArray();
            float[] scales = new float[rows];
            for (int r = 0; r < rows; r++) {
                float max = 0;
                for (int c = 0; c < cols; c++) max = Math.max(max, Math.abs(v[r * cols + c]));
                scales[r] = max / 127f;
            }
            return new RowQuantised(scales, quantise(v, scales, cols));
        }

        private static byte[] quantise(float[] v, float[] scales, int cols) {
            byte[] q = new byte[v.length];
            for (int r = 0; r < scales.length; r++) {
                float s = scales[r];
                for (int c = 0; c < cols; c++) {
                    int i = r * cols + c;
                    q[i] = s == 0 ? 0 : (byte) Math.max(-127, Math.min(127, Math.round(v[i] / s)));
                }
            }
            return q;
        }

        float[] dequantise() {
            int cols = values.length / scales.length;
            float[] out = new float[values.length];
            for (int i = 0; i < values.length; i++) out[i] = values[i] * scales[i / cols];
            return out;
        }
    }
}
