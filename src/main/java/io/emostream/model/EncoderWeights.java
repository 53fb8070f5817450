package io.emostream.model;

import ai.onnxruntime.platform.Fp16Conversions;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The weights a fine-tuned encoder changed, as a bundle carries them: for each tensor, its difference from the base
 * encoder's, quantised to int8 per row with one float scale a row. Fine-tuning moves weights little, so the rounding
 * error is a fraction of the change, not of the weight: a fine-tuned e5-small-v2 with 8 trained layers takes 14 MB
 * instead of the 57 MB of its fp32 layers. Loading adds the differences to the base encoder's ONNX file from its
 * Maven artifact ({@link #patch}). Plain named tensors (a checkpoint's head) are written in fp16 ({@link #write(Path,
 * Map)}).
 */
public final class EncoderWeights {
    /** The file name inside a bundle. */
    public static final String FILE = "encoder-weights.bin";

    private static final int MAGIC_FP16 = 0x454D5746; // "EMWF": named fp16 tensors
    private static final int MAGIC_DELTA = 0x454D5744; // "EMWD": int8 differences from the base, per row

    private EncoderWeights() {}

    /** Named tensors in fp16. */
    public static void write(Path file, Map<String, float[]> tensors) {
        write(file, out -> {
            out.writeInt(MAGIC_FP16);
            out.writeInt(tensors.size());
            for (Map.Entry<String, float[]> e : tensors.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                for (float v : e.getValue()) out.writeShort(Fp16Conversions.floatToFp16(v));
            }
        });
    }

    /** Tensors as int8 differences from {@code base} (the encoder's own weights, as {@link OnnxWeights#read}). */
    public static void write(Path file, Map<String, float[]> tensors, Map<String, OnnxWeights.Tensor> base) {
        write(file, out -> {
            out.writeInt(MAGIC_DELTA);
            out.writeInt(tensors.size());
            for (Map.Entry<String, float[]> e : tensors.entrySet()) {
                OnnxWeights.Tensor b = base.get(e.getKey());
                if (b == null || b.values().length != e.getValue().length)
                    throw new IllegalArgumentException(
                            "the base encoder has no tensor " + e.getKey() + " of that size");
                float[] v = e.getValue();
                int row = rowLength(b);
                out.writeUTF(e.getKey());
                out.writeInt(v.length);
                out.writeInt(row);
                for (int from = 0; from < v.length; from += row) {
                    float max = 0;
                    for (int i = from; i < from + row; i++) max = Math.max(max, Math.abs(v[i] - b.values()[i]));
                    float scale = max / 127f;
                    out.writeFloat(scale);
                    for (int i = from; i < from + row; i++)
                        out.writeByte(scale == 0 ? 0 : Math.round((v[i] - b.values()[i]) / scale));
                }
            }
        });
    }

    /** The tensors of a file; a file of differences needs the {@code base} they were taken from (else null). */
    public static Map<String, float[]> read(Path file, Map<String, OnnxWeights.Tensor> base) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            int magic = in.readInt();
            if (magic != MAGIC_FP16 && magic != MAGIC_DELTA)
                throw new BundleException(file + " is not an encoder weights file");
            if (magic == MAGIC_DELTA && base == null)
                throw new IllegalArgumentException(file + " holds differences: the base encoder's weights are needed");
            int n = in.readInt();
            Map<String, float[]> out = new LinkedHashMap<>();
            for (int t = 0; t < n; t++) {
                String name = in.readUTF();
                float[] v = new float[in.readInt()];
                if (magic == MAGIC_FP16) {
                    for (int k = 0; k < v.length; k++) v[k] = Fp16Conversions.fp16ToFloat(in.readShort());
                } else {
                    OnnxWeights.Tensor b = base.get(name);
                    if (b == null || b.values().length != v.length)
                        throw new BundleException(file + ": the base encoder has no tensor " + name + " of that size");
                    int row = in.readInt();
                    for (int from = 0; from < v.length; from += row) {
                        float scale = in.readFloat();
                        for (int i = from; i < from + row; i++) v[i] = b.values()[i] + scale * in.readByte();
                    }
                }
                out.put(name, v);
            }
            return out;
        } catch (IOException e) {
            throw new BundleException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The encoder's ONNX file with a fine-tuned encoder's weights in place. The weights are relative to the fp32
     * encoder; an int8 encoder gets them quantised as its own were.
     */
    public static byte[] patch(SentenceEncoderSpec spec, Path file) {
        byte[] fp32 = SentenceEncoder.files(spec.trainable())[0];
        Map<String, float[]> weights = read(file, OnnxWeights.read(fp32));
        return OnnxWeights.patch(spec.dynamicInt8() ? SentenceEncoder.files(spec)[0] : fp32, weights);
    }

    /** Rewrites a file of fp16 tensors as int8 differences from {@code base}; a file of differences is left alone. */
    public static void compact(Path file, Map<String, OnnxWeights.Tensor> base) {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            if (in.readInt() == MAGIC_DELTA) return;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        write(file, read(file, base), base);
    }

    /** A matrix's rows (its last dimension); a vector is one row. */
    private static int rowLength(OnnxWeights.Tensor t) {
        long[] dims = t.dims();
        return dims.length == 0 ? t.values().length : (int) dims[dims.length - 1];
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static void write(Path file, Body body) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (DataOutputStream out =
                    new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                body.write(out);
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
