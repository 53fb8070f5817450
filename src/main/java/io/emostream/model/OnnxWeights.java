package io.emostream.model;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The float weights of an ONNX file, read and replaced without an ONNX library: an ONNX file is a protobuf {@code
 * ModelProto} whose graph (field 7) lists its initializers (field 5, {@code TensorProto}: dims 1, data_type 2, name 8,
 * raw_data 9). Exporters name a linear layer's matrix after the graph node that uses it ({@code onnx::MatMul_1525}),
 * so such weights are also found under the module path of that node ({@code
 * encoder.layer.0.attention.self.query.weight}), stored {@code [in, out]} as the MatMul reads them.
 */
public final class OnnxWeights {
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_OP = 4;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_FLOAT_DATA = 4;
    private static final int TENSOR_INT32_DATA = 5;
    private static final int TENSOR_RAW = 9;
    private static final String QUANTIZED = "_quantized";
    private static final String SCALE = "_scale";
    private static final String ZERO_POINT = "_zero_point";
    private static final int FLOAT = 1;

    /** One float initializer. */
    public record Tensor(String name, long[] dims, float[] values) {}

    private OnnxWeights() {}

    /** Every float initializer stored as raw data, by module path where a MatMul names it, else by its own name. */
    public static Map<String, Tensor> read(byte[] onnx) {
        Map<String, String> aliases = matMulAliases(graph(onnx));
        Map<String, Tensor> out = new LinkedHashMap<>();
        forEachField(graph(onnx), (field, in) -> {
            if (field != GRAPH_INITIALIZER) return false;
            Tensor t = tensor(in.readBytes());
            if (t != null) out.put(aliases.getOrDefault(t.name(), t.name()), t);
            return true;
        });
        return out;
    }

    /**
     * A copy of the file with some initializers' values replaced (keyed as {@link #read} keys them; shapes must
     * match). Fails when a key names no float initializer, so a patch can never silently miss. In a file whose linear
     * layers are int8 ({@code MatMulInteger} over {@code <w>_quantized}, {@code <w>_scale}, {@code <w>_zero_point},
     * as ONNX Runtime's dynamic quantisation writes them), a replaced matrix is quantised again the same way
     * ({@link Int8Matrix}).
     */
    public static byte[] patch(byte[] onnx, Map<String, float[]> replacements) {
        byte[] graph = graph(onnx);
        Map<String, String> aliases = matMulAliases(graph);
        Map<String, float[]> left = new HashMap<>(replacements);
        Map<String, Int8Matrix> requantised = requantise(graph, aliases, left);
        ByteArrayOutputStream newGraph = new ByteArrayOutputStream(graph.length);
        CodedOutputStream g = CodedOutputStream.newInstance(newGraph);
        forEachRaw(graph, (field, tag, bytes) -> {
            if (field == GRAPH_INITIALIZER) bytes = replaced(bytes, aliases, left, requantised);
            writeField(g, tag, bytes);
        });
        if (!left.isEmpty()) throw new IllegalArgumentException("no float initializer named " + left.keySet());
        flush(g);
        ByteArrayOutputStream model = new ByteArrayOutputStream(onnx.length);
        CodedOutputStream m = CodedOutputStream.newInstance(model);
        byte[] patchedGraph = newGraph.toByteArray();
        forEachRaw(onnx, (field, tag, bytes) -> writeField(m, tag, field == MODEL_GRAPH ? patchedGraph : bytes));
        flush(m);
        return model.toByteArray();
    }

    /**
     * An int8 matrix {@code [in, out]} with one scale per output column; its zero points are all 0. The values span
     * -64..64 (ONNX Runtime's "reduced range", which keeps the int8 products of VNNI-less CPUs from saturating).
     */
    private record Int8Matrix(byte[] values, float[] scales) {
        private static final int REDUCED_RANGE = 64;

        static Int8Matrix of(float[] w, int out) {
            float[] scales = new float[out];
            for (int i = 0; i < w.length; i++) scales[i % out] = Math.max(scales[i % out], Math.abs(w[i]));
            for (int j = 0; j < out; j++) scales[j] /= REDUCED_RANGE;
            byte[] q = new byte[w.length];
            for (int i = 0; i < w.length; i++) {
                float s = scales[i % out];
                q[i] = s == 0 ? 0 : (byte) Math.max(-REDUCED_RANGE, Math.min(REDUCED_RANGE, Math.rint(w[i] / s)));
            }
            return new Int8Matrix(q, scales);
        }
    }

    /** The replaced matrices that the file holds as int8, quantised again (and taken out of {@code left}). */
    private static Map<String, Int8Matrix> requantise(
            byte[] graph, Map<String, String> aliases, Map<String, float[]> left) {
        Map<String, Int8Matrix> out = new HashMap<>();
        forEachField(graph, (field, in) -> {
            if (field != GRAPH_INITIALIZER) return false;
            TensorHeader h = header(in.readByteArray());
            if (!h.name().endsWith(QUANTIZED)) return true;
            String base = h.name().substring(0, h.name().length() - QUANTIZED.length());
            String key = aliases.getOrDefault(base, base);
            float[] w = left.remove(key);
            if (w == null) return true;
            long[] dims = h.dims();
            if (dims.length != 2 || dims[0] * dims[1] != w.length)
                throw new IllegalArgumentException(
                        key + " is " + java.util.Arrays.toString(dims) + ", the patch has " + w.length + " values");
            out.put(base, Int8Matrix.of(w, (int) dims[1]));
            return true;
        });
        return out;
    }

    /** An initializer as it goes into the patched file: its values replaced, or as it was. */
    private static byte[] replaced(
            byte[] bytes, Map<String, String> aliases, Map<String, float[]> left, Map<String, Int8Matrix> requantised)
            throws IOException {
        TensorHeader h = header(bytes);
        for (String suffix : new String[] {QUANTIZED, SCALE, ZERO_POINT}) {
            if (!h.name().endsWith(suffix)) continue;
            Int8Matrix q = requantised.get(h.name().substring(0, h.name().length() - suffix.length()));
            if (q == null) continue;
            return switch (suffix) {
                case QUANTIZED -> replaceData(bytes, q.values(), false);
                case SCALE -> replaceData(bytes, floatBytes(q.scales()), false);
                default -> replaceData(bytes, new byte[q.scales().length], true);
            };
        }
        if (h.type() != FLOAT) return bytes;
        float[] values = left.remove(aliases.getOrDefault(h.name(), h.name()));
        if (values == null) return bytes;
        long size = 1;
        for (long d : h.dims()) size *= d;
        if (values.length != size)
            throw new IllegalArgumentException(h.name() + " has " + size + " values, the patch " + values.length);
        return replaceData(bytes, floatBytes(values), false);
    }

    private static byte[] graph(byte[] onnx) {
        byte[][] graph = new byte[1][];
        forEachField(onnx, (field, in) -> {
            if (field != MODEL_GRAPH) return false;
            graph[0] = in.readByteArray();
            return true;
        });
        if (graph[0] == null) throw new IllegalArgumentException("not an ONNX model: it has no graph");
        return graph[0];
    }

    /**
     * {@code onnx::MatMul_1525} → {@code encoder.layer.0.attention.self.query.weight}, from the nodes' outputs (an int8
     * file's {@code onnx::MatMul_1525_quantized} is aliased under its base name).
     */
    private static Map<String, String> matMulAliases(byte[] graph) {
        Map<String, String> aliases = new HashMap<>();
        forEachField(graph, (field, in) -> {
            if (field != GRAPH_NODE) return false;
            String op = null;
            String output = null;
            String weight = null;
            CodedInputStream node = codedInput(in.readByteArray());
            for (int tag; (tag = node.readTag()) != 0; ) {
                switch (WireFormat.getTagFieldNumber(tag)) {
                    case NODE_OP -> op = node.readString();
                    case NODE_OUTPUT -> output = node.readString();
                    case NODE_INPUT -> {
                        String input = node.readString();
                        // an int8 node's weight comes before its scale and zero point
                        if (weight == null && input.startsWith("onnx::MatMul")) weight = input.replace(QUANTIZED, "");
                    }
                    default -> node.skipField(tag);
                }
            }
            String suffix = "MatMulInteger".equals(op) ? "/MatMul_output_0_output_quantized" : "/MatMul_output_0";
            boolean linear = "MatMul".equals(op) || "MatMulInteger".equals(op);
            if (linear && weight != null && output != null && output.endsWith(suffix)) {
                String path =
                        output.substring(1, output.length() - suffix.length()).replace('/', '.');
                aliases.put(weight, path + ".weight");
            }
            return true;
        });
        return aliases;
    }

    private static Tensor tensor(ByteString bytes) throws IOException {
        CodedInputStream in = codedInput(bytes.toByteArray());
        var dims = new java.util.ArrayList<Long>();
        String name = null;
        int type = 0;
        ByteString raw = null;
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case TENSOR_DIMS -> readDims(in, tag, dims);
                case TENSOR_TYPE -> type = in.readInt32();
                case TENSOR_NAME -> name = in.readString();
                case TENSOR_RAW -> raw = in.readBytes();
                default -> in.skipField(tag);
            }
        }
        if (type != FLOAT || raw == null) return null;
        float[] values = new float[raw.size() / 4];
        raw.asReadOnlyByteBuffer()
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(values);
        return new Tensor(name, dims.stream().mapToLong(Long::longValue).toArray(), values);
    }

    private record TensorHeader(String name, int type, long[] dims) {}

    private static TensorHeader header(byte[] tensor) throws IOException {
        CodedInputStream in = codedInput(tensor);
        var dims = new java.util.ArrayList<Long>();
        String name = "";
        int type = 0;
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case TENSOR_DIMS -> readDims(in, tag, dims);
                case TENSOR_TYPE -> type = in.readInt32();
                case TENSOR_NAME -> name = in.readString();
                default -> in.skipField(tag);
            }
        }
        return new TensorHeader(
                name, type, dims.stream().mapToLong(Long::longValue).toArray());
    }

    private static void readDims(CodedInputStream in, int tag, java.util.List<Long> dims) throws IOException {
        if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            int limit = in.pushLimit(in.readRawVarint32());
            while (in.getBytesUntilLimit() > 0) dims.add(in.readInt64());
            in.popLimit(limit);
        } else dims.add(in.readInt64());
    }

    private static byte[] floatBytes(float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return raw.array();
    }

    /**
     * The same TensorProto with new values, written in the field the old ones were in (raw_data, or packed
     * float_data / int32_data), every other field kept as it was. {@code le} is the raw_data form: little-endian
     * floats, or one byte per int8.
     */
    private static byte[] replaceData(byte[] tensor, byte[] le, boolean int8) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(tensor.length);
        CodedOutputStream o = CodedOutputStream.newInstance(out);
        forEachRaw(tensor, (field, tag, bytes) -> {
            byte[] payload = bytes;
            if (field == TENSOR_RAW || field == TENSOR_FLOAT_DATA) payload = le;
            else if (field == TENSOR_INT32_DATA) {
                if (!int8) throw new IllegalArgumentException("int32_data where floats were expected");
                ByteArrayOutputStream varints = new ByteArrayOutputStream();
                CodedOutputStream v = CodedOutputStream.newInstance(varints);
                for (byte b : le) v.writeInt32NoTag(b);
                v.flush();
                payload = varints.toByteArray();
            }
            if (payload != bytes && WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED)
                throw new IllegalArgumentException("an unpacked tensor field cannot be patched");
            writeField(o, tag, payload);
        });
        flush(o);
        return out.toByteArray();
    }

    private interface FieldReader {
        /** Reads the field and returns true, or returns false to have it skipped. */
        boolean read(int field, CodedInputStream in) throws IOException;
    }

    private interface RawField {
        /** A length-delimited field's bytes, or a varint/fixed field's bytes as encoded. */
        void accept(int field, int tag, byte[] bytes) throws IOException;
    }

    private static void forEachField(byte[] message, FieldReader reader) {
        try {
            CodedInputStream in = codedInput(message);
            for (int tag; (tag = in.readTag()) != 0; ) {
                if (!reader.read(WireFormat.getTagFieldNumber(tag), in)) in.skipField(tag);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("malformed ONNX file: " + e.getMessage(), e);
        }
    }

    /** Walks a message's top-level fields, giving each field's payload so it can be written back as it was. */
    private static void forEachRaw(byte[] message, RawField consumer) {
        try {
            CodedInputStream in = codedInput(message);
            for (int tag; (tag = in.readTag()) != 0; ) {
                int field = WireFormat.getTagFieldNumber(tag);
                if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    consumer.accept(field, tag, in.readByteArray());
                } else {
                    ByteArrayOutputStream b = new ByteArrayOutputStream();
                    CodedOutputStream o = CodedOutputStream.newInstance(b);
                    in.skipField(tag, o);
                    o.flush();
                    // skipField copies the tag too: strip it so the payload alone is passed on
                    byte[] withTag = b.toByteArray();
                    int tagSize = CodedOutputStream.computeUInt32SizeNoTag(tag);
                    consumer.accept(field, tag, java.util.Arrays.copyOfRange(withTag, tagSize, withTag.length));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("malformed ONNX file: " + e.getMessage(), e);
        }
    }

    private static void writeField(CodedOutputStream out, int tag, byte[] payload) throws IOException {
        out.writeUInt32NoTag(tag);
        if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED)
            out.writeUInt32NoTag(payload.length);
        out.writeRawBytes(payload);
    }

    private static void flush(CodedOutputStream out) {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CodedInputStream codedInput(byte[] bytes) {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        in.setSizeLimit(Integer.MAX_VALUE);
        return in;
    }
}
