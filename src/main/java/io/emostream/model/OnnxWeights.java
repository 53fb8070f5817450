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
    private static final int TENSOR_RAW = 9;
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
     * match). Fails when a key names no float initializer, so a patch can never silently miss.
     */
    public static byte[] patch(byte[] onnx, Map<String, float[]> replacements) {
        byte[] graph = graph(onnx);
        Map<String, String> byOnnxName = new HashMap<>();
        matMulAliases(graph).forEach((onnxName, path) -> byOnnxName.put(onnxName, path));
        Map<String, float[]> left = new HashMap<>(replacements);
        ByteArrayOutputStream newGraph = new ByteArrayOutputStream(graph.length);
        CodedOutputStream g = CodedOutputStream.newInstance(newGraph);
        forEachRaw(graph, (field, tag, bytes) -> {
            if (field == GRAPH_INITIALIZER) {
                Tensor t = tensor(ByteString.copyFrom(bytes));
                String key = t == null ? null : byOnnxName.getOrDefault(t.name(), t.name());
                float[] values = key == null ? null : left.remove(key);
                if (values != null) {
                    if (values.length != t.values().length)
                        throw new IllegalArgumentException(
                                key + " has " + t.values().length + " values, the patch " + values.length);
                    bytes = replaceRaw(bytes, values);
                }
            }
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

    /** {@code onnx::MatMul_1525} → {@code encoder.layer.0.attention.self.query.weight}, from the nodes' outputs. */
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
                        if (input.startsWith("onnx::MatMul")) weight = input;
                    }
                    default -> node.skipField(tag);
                }
            }
            String suffix = "/MatMul_output_0";
            if ("MatMul".equals(op) && weight != null && output != null && output.endsWith(suffix)) {
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
                case TENSOR_DIMS -> {
                    if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        int limit = in.pushLimit(in.readRawVarint32());
                        while (in.getBytesUntilLimit() > 0) dims.add(in.readInt64());
                        in.popLimit(limit);
                    } else dims.add(in.readInt64());
                }
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

    /** The same TensorProto with its raw_data replaced (every other field kept as it was). */
    private static byte[] replaceRaw(byte[] tensor, float[] values) throws IOException {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        ByteArrayOutputStream out = new ByteArrayOutputStream(tensor.length);
        CodedOutputStream o = CodedOutputStream.newInstance(out);
        forEachRaw(tensor, (field, tag, bytes) -> writeField(o, tag, field == TENSOR_RAW ? raw.array() : bytes));
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
