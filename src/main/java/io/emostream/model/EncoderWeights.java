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
 * The weights a fine-tuned encoder changed, as a bundle carries them: named tensors in half precision (a fine-tuned
 * e5-small-v2 with 8 trained layers is 28 MB instead of the whole 133 MB fp32 file). Loading patches them into the
 * base encoder's ONNX file from its Maven artifact ({@link OnnxWeights#patch}).
 */
public final class EncoderWeights {
    /** The file name inside a bundle. */
    public static final String FILE = "encoder-weights.bin";

    private static final int MAGIC = 0x454D5746; // "EMWF"

    private EncoderWeights() {}

    public static void write(Path file, Map<String, float[]> tensors) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (DataOutputStream out =
                    new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                out.writeInt(MAGIC);
                out.writeInt(tensors.size());
                for (Map.Entry<String, float[]> e : tensors.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeInt(e.getValue().length);
                    for (float v : e.getValue()) out.writeShort(Fp16Conversions.floatToFp16(v));
                }
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static Map<String, float[]> read(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) throw new BundleException(file + " is not an encoder weights file");
            int n = in.readInt();
            Map<String, float[]> out = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                float[] v = new float[in.readInt()];
                for (int k = 0; k < v.length; k++) v[k] = Fp16Conversions.fp16ToFloat(in.readShort());
                out.put(name, v);
            }
            return out;
        } catch (IOException e) {
            throw new BundleException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
