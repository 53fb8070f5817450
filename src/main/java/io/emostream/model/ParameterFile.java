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
 * The bundle's {@code params.bin}: every parameter of the block by name with its shape, stored as fp16 (half the
 * size; the model is trained with its parameters rounded the same way, so scores before and after a save are equal).
 * Layout: magic "EMOP", int count, then per parameter: UTF name, int rank, long dims..., fp16 little-endian values.
 */
public final class ParameterFile {
    private static final int MAGIC = 0x454d4f50; // "EMOP"

    private ParameterFile() {
    }

    public static void save(Block block, Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            var params = block.getParameters();
            out.writeInt(MAGIC);
            out.writeInt(params.size());
            for (Pair<String, Parameter> p : params) {
                NDArray array = p.getValue().getArray();
                out.writeUTF(p.getKey());
                long[] dims = array.getShape().getShape();
                out.writeInt(dims.length);
                for (long d : dims) out.writeLong(d);
                byte[] half = array.toType(DataType.FLOAT16, true).toByteArray();
                out.writeInt(half.length);
                out.write(half);
            }
        }
    }

    /** Loads into an initialized block; every parameter must be present with the same shape. */
    public static void load(Block block, Path file, NDManager manager) throws IOException {
        Map<String, NDArray> stored = new HashMap<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) throw new IOException(file + ": not an emostream parameter file (bad magic)");
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                long[] dims = new long[in.readInt()];
                for (int d = 0; d < dims.length; d++) dims[d] = in.readLong();
                byte[] half = new byte[in.readInt()];
                in.readFully(half);
                ByteBuffer buf = ByteBuffer.wrap(half).order(ByteOrder.nativeOrder());
                stored.put(name, manager.create(buf, new Shape(dims), DataType.FLOAT16).toType(DataType.FLOAT32, false));
            }
        } catch (EOFException e) {
            throw new IOException(file + ": truncated parameter file", e);
        }
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray value = stored.get(p.getKey());
            if (value == null) throw new IOException(file + ": parameter '" + p.getKey() + "' is missing");
            NDArray target = p.getValue().getArray();
            if (!target.getShape().equals(value.getShape())) {
                throw new IOException(file + ": parameter '" + p.getKey() + "' has shape " + value.getShape() + ", the model config needs " + target.getShape());
            }
            target.set(value.toFloatArray());
        }
    }

    /** Rounds every parameter to fp16 in place, so the in-memory model scores exactly as its saved copy will. */
    public static void roundToHalf(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray array = p.getValue().getArray();
            try (NDArray half = array.toType(DataType.FLOAT16, true); NDArray back = half.toType(DataType.FLOAT32, true)) {
                array.set(back.toFloatArray());
            }
        }
    }
}
