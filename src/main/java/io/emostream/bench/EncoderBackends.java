package io.emostream.bench;

import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.emostream.model.BertEncoder;
import io.emostream.model.EncoderWeights;
import io.emostream.model.OnnxWeights;
import io.emostream.model.SentenceEncoder;
import io.emostream.model.SentenceEncoderSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fine-tuned encoder served three ways over the same texts, timed in one run: ONNX Runtime with the int8 file (one
 * text per call, as the default ships), ONNX Runtime with the fp32 file in length-sorted batches (what a GPU gets),
 * and the PyTorch block it was trained in, fp32, in length-sorted batches. The head is the same small matrix product
 * for all three, so the encoder alone is timed.
 */
public final class EncoderBackends {
    private static final int TORCH_BATCH = 32;

    private EncoderBackends() {}

    /** A backend's speed, and the embeddings it gave (to check that all three compute the same encoder). */
    public record Run(double textsPerSecond, float[][] embeddings) {}

    /** Each backend's run, in the order measured. */
    public static Map<String, Run> measure(
            SentenceEncoderSpec served, Path weights, List<String> texts, int threads, PrintStream out) {
        SentenceEncoderSpec fp32 = served.trainable();
        Map<String, Run> rates = new LinkedHashMap<>();
        if (served.dynamicInt8())
            try (SentenceEncoder onnx =
                    SentenceEncoder.load(served, EncoderWeights.patch(served, weights), "cpu", threads)) {
                rates.put("ONNX Runtime int8, one text per call", rate(texts, onnx::embed));
            }
        try (SentenceEncoder onnx = SentenceEncoder.load(fp32, EncoderWeights.patch(fp32, weights), "cpu", threads)) {
            rates.put("ONNX Runtime fp32, length-sorted batches of 64", rate(texts, onnx::embed));
        }
        Run torch = torch(fp32, weights, texts);
        rates.put(
                "PyTorch fp32 (" + ai.djl.pytorch.jni.JniUtils.getNumThreads() + " threads), batches of " + TORCH_BATCH,
                torch);
        Run first = rates.values().iterator().next();
        out.printf("%n%-50s %10s %8s %14s%n", "fine-tuned encoder served as", "texts/s", "ratio", "min cosine");
        rates.forEach((k, v) -> out.printf(
                "%-50s %10.0f %7.2fx %14.5f%n",
                k,
                v.textsPerSecond(),
                v.textsPerSecond() / first.textsPerSecond(),
                minCosine(first.embeddings(), v.embeddings())));
        out.println("(min cosine: the least similar text's embedding against the first row's)");
        return rates;
    }

    static double minCosine(float[][] a, float[][] b) {
        double min = 1;
        for (int i = 0; i < a.length; i++) {
            double dot = 0, na = 0, nb = 0;
            for (int j = 0; j < a[i].length; j++) {
                dot += a[i][j] * b[i][j];
                na += a[i][j] * a[i][j];
                nb += b[i][j] * b[i][j];
            }
            min = Math.min(min, dot / Math.sqrt(na * nb));
        }
        return min;
    }

    private interface Embedder {
        float[][] embed(List<String> texts);
    }

    /** One untimed pass to warm up, then the best of two timed passes. */
    private static Run rate(List<String> texts, Embedder e) {
        e.embed(texts.subList(0, Math.min(texts.size(), 128)));
        double best = 0;
        float[][] pooled = null;
        for (int pass = 0; pass < 2; pass++) {
            long start = System.nanoTime();
            pooled = e.embed(texts);
            best = Math.max(best, texts.size() / ((System.nanoTime() - start) / 1e9));
        }
        return new Run(best, pooled);
    }

    private static Run torch(SentenceEncoderSpec fp32, Path weights, List<String> texts) {
        byte[][] files = SentenceEncoder.files(fp32);
        Map<String, OnnxWeights.Tensor> tensors = new LinkedHashMap<>(OnnxWeights.read(files[0]));
        EncoderWeights.read(weights, tensors).forEach((name, values) -> {
            OnnxWeights.Tensor t = tensors.get(name);
            tensors.put(name, new OnnxWeights.Tensor(name, t.dims(), values));
        });
        long[][] ids = tokenize(fp32, texts);
        Engine engine = Engine.getEngine("PyTorch");
        try (NDManager root = engine.newBaseManager();
                BertEncoder encoder = new BertEncoder(root, tensors, 12, layers(tensors))) {
            return rate(texts, batch -> embed(root, encoder, ids, batch.size()));
        }
    }

    /** Every layer frozen: nothing records gradients. */
    private static int layers(Map<String, OnnxWeights.Tensor> tensors) {
        int n = 0;
        while (tensors.containsKey("encoder.layer." + n + ".attention.self.query.weight")) n++;
        return n;
    }

    /** The first {@code n} texts' embeddings through the block, shortest first, without gradients. */
    private static float[][] embed(NDManager root, BertEncoder encoder, long[][] ids, int n) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingInt(i -> ids[i].length));
        float[][] out = new float[n][];
        for (int from = 0; from < n; from += TORCH_BATCH) {
            int rows = Math.min(TORCH_BATCH, n - from);
            int len = 0;
            for (int j = 0; j < rows; j++) len = Math.max(len, ids[order[from + j]].length);
            long[] tokens = new long[rows * len];
            float[] mask = new float[rows * len];
            for (int j = 0; j < rows; j++) {
                long[] t = ids[order[from + j]];
                System.arraycopy(t, 0, tokens, j * len, t.length);
                Arrays.fill(mask, j * len, j * len + t.length, 1f);
            }
            // the block's first operations take a weight as their left operand, so their results would belong to the
            // weights' manager and outlive the batch: a scope closes everything made inside it
            try (NDScope scope = new NDScope();
                    NDManager m = root.newSubManager()) {
                scope.suppressNotUsedWarning();
                NDArray pooled = encoder.forward(
                        m.create(tokens, new Shape(rows, len)), m.create(mask, new Shape(rows, len)), true, 0f, false);
                float[] flat = pooled.toFloatArray();
                int dim = encoder.dim();
                for (int j = 0; j < rows; j++) out[order[from + j]] = Arrays.copyOfRange(flat, j * dim, (j + 1) * dim);
            }
        }
        return out;
    }

    private static long[][] tokenize(SentenceEncoderSpec spec, List<String> texts) {
        try (HuggingFaceTokenizer tokenizer = SentenceEncoder.tokenizer(spec, spec.maxLength())) {
            long[][] out = new long[texts.size()][];
            for (int i = 0; i < out.length; i++)
                out[i] = tokenizer.encode(spec.prefix() + texts.get(i)).getIds();
            return out;
        }
    }
}
