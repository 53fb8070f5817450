package io.emostream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.Dropout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A BERT encoder (post-norm, erf GELU, mean or CLS pooling) written in DJL NDArray operations, so that its upper
 * layers can be fine-tuned with PyTorch's autograd. Its weights are those of the sentence encoder's ONNX file, under
 * the same names and layouts ({@link OnnxWeights}); after training, the changed ones are written back into that file
 * and served by ONNX Runtime as before. The embeddings and the lower {@code frozen} layers take no gradient.
 */
public final class BertEncoder implements AutoCloseable {
    private static final float LAYER_NORM_EPSILON = 1e-12f;

    private final NDManager manager;
    private final Map<String, NDArray> weights = new LinkedHashMap<>();
    private final List<String> trainable = new ArrayList<>();
    private final int layers;
    private final int heads;
    private final int dim;

    /**
     * @param tensors the ONNX file's weights
     * @param heads   attention heads (12 for e5-small-v2 and bge-small)
     * @param frozen  lower layers kept as they are (embeddings are always kept)
     */
    public BertEncoder(NDManager parent, Map<String, OnnxWeights.Tensor> tensors, int heads, int frozen) {
        this.manager = parent.newSubManager();
        this.heads = heads;
        int n = 0;
        while (tensors.containsKey(layer(n) + "attention.self.query.weight")) n++;
        if (n == 0) throw new IllegalArgumentException("no BERT layers in the ONNX weights");
        this.layers = n;
        if (frozen < 0 || frozen > n) throw new IllegalArgumentException("frozen layers must be 0.." + n);
        tensors.forEach((key, t) -> {
            if (!key.startsWith("embeddings.") && !key.startsWith("encoder.layer.")) return;
            if (key.equals("embeddings.position_ids")) return;
            NDArray a = manager.create(t.values(), new Shape(t.dims()));
            weights.put(key, a);
            int l = key.startsWith("encoder.layer.") ? Integer.parseInt(key.split("\\.")[2]) : -1;
            if (l >= frozen) {
                a.setRequiresGradient(true);
                trainable.add(key);
            }
        });
        this.dim = (int)
                weights.get("embeddings.word_embeddings.weight").getShape().get(1);
    }

    private static String layer(int i) {
        return "encoder.layer." + i + ".";
    }

    public int dim() {
        return dim;
    }

    public int layers() {
        return layers;
    }

    /** Names of the weights that take gradients, in a fixed order. */
    public List<String> trainable() {
        return List.copyOf(trainable);
    }

    public NDArray weight(String name) {
        return weights.get(name);
    }

    /**
     * Pooled sentence embeddings {@code [batch, dim]}.
     *
     * @param ids     token ids {@code [batch, length]} (int64), right-padded
     * @param mask    1 for real tokens, 0 for padding {@code [batch, length]} (float32)
     * @param dropout dropout rate during training, 0 for inference
     */
    public NDArray forward(NDArray ids, NDArray mask, boolean meanPooling, float dropout, boolean training) {
        long batch = ids.getShape().get(0);
        long length = ids.getShape().get(1);
        NDManager m = ids.getManager();
        NDArray positions = m.arange(0, length, 1, ai.djl.ndarray.types.DataType.INT64);
        NDArray x = w("embeddings.word_embeddings.weight")
                .get(new NDIndex("{}", ids.flatten()))
                .reshape(batch, length, dim)
                .add(w("embeddings.position_embeddings.weight").get(new NDIndex("{}", positions)))
                .add(w("embeddings.token_type_embeddings.weight").get(0));
        x = layerNorm(x, "embeddings.LayerNorm");
        // additive attention bias: 0 for tokens, a large negative number for padding [batch, 1, 1, length]
        NDArray bias = mask.neg().add(1f).mul(-1e9f).reshape(batch, 1, 1, length);
        for (int i = 0; i < layers; i++) x = layer(x, bias, layer(i), dropout, training);
        if (!meanPooling) return x.get(":, 0, :");
        NDArray m3 = mask.expandDims(2);
        return x.mul(m3).sum(new int[] {1}).div(m3.sum(new int[] {1}));
    }

    private NDArray layer(NDArray x, NDArray bias, String p, float dropout, boolean training) {
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        int headDim = dim / heads;
        NDArray q = heads(linear(x, p + "attention.self.query"), batch, length, headDim);
        NDArray k = heads(linear(x, p + "attention.self.key"), batch, length, headDim);
        NDArray v = heads(linear(x, p + "attention.self.value"), batch, length, headDim);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2))
                .div((float) Math.sqrt(headDim))
                .add(bias);
        NDArray probs = drop(scores.softmax(-1), dropout, training);
        NDArray context = probs.matMul(v).transpose(0, 2, 1, 3).reshape(batch, length, dim);
        NDArray attended = drop(linear(context, p + "attention.output.dense"), dropout, training);
        x = layerNorm(attended.add(x), p + "attention.output.LayerNorm");
        NDArray hidden = Activation.gelu(linear(x, p + "intermediate.dense"));
        NDArray out = drop(linear(hidden, p + "output.dense"), dropout, training);
        return layerNorm(out.add(x), p + "output.LayerNorm");
    }

    private static NDArray heads(NDArray x, long batch, long length, int headDim) {
        return x.reshape(batch, length, -1, headDim).transpose(0, 2, 1, 3);
    }

    private NDArray linear(NDArray x, String name) {
        return x.matMul(w(name + ".weight")).add(w(name + ".bias"));
    }

    private NDArray layerNorm(NDArray x, String name) {
        NDArray mean = x.mean(new int[] {-1}, true);
        NDArray centred = x.sub(mean);
        NDArray variance = centred.square().mean(new int[] {-1}, true);
        return centred.div(variance.add(LAYER_NORM_EPSILON).sqrt())
                .mul(w(name + ".weight"))
                .add(w(name + ".bias"));
    }

    private static NDArray drop(NDArray x, float rate, boolean training) {
        if (!training || rate <= 0) return x;
        NDList out = Dropout.dropout(x, rate, true);
        return out.singletonOrThrow();
    }

    private NDArray w(String name) {
        NDArray a = weights.get(name);
        if (a == null) throw new IllegalStateException("the encoder has no weight " + name);
        return a;
    }

    /** The trainable weights' current values, keyed as in the ONNX file. */
    public Map<String, float[]> trainedValues() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (String name : trainable) out.put(name, weights.get(name).toFloatArray());
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
