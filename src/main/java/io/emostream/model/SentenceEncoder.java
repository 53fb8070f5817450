package io.emostream.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pretrained sentence encoder run by DJL's ONNX Runtime engine: text → the model's own tokenizer → last hidden
 * state → pooled embedding. Thread-safe: calls fan out over a small pool of worker threads, each with its own DJL
 * predictor (predictors are not thread-safe; the ONNX session under them is), every ONNX call on one CPU thread.
 *
 * <p>Encoders whose file quantises activations per call ({@link SentenceEncoderSpec#dynamicInt8()}) get one text
 * per call, so that a text's embedding does not depend on the texts around it; on two cores that is as fast as
 * length-sorted batches of 64 (measured: about 440 texts/s either way). Others get length-sorted batches (dynamic
 * padding, results in input order), which is what a GPU wants.
 */
public final class SentenceEncoder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SentenceEncoder.class);
    private static final int BATCH = 64;

    private final SentenceEncoderSpec spec;
    private final HuggingFaceTokenizer tokenizer;
    private final Model model;
    private final ExecutorService workers;
    private final List<Predictor<Tokens, float[][]>> predictors = Collections.synchronizedList(new ArrayList<>());
    private final ThreadLocal<Predictor<Tokens, float[][]>> predictor;

    private SentenceEncoder(SentenceEncoderSpec spec, HuggingFaceTokenizer tokenizer, Model model, int threads) {
        this.spec = spec;
        this.tokenizer = tokenizer;
        this.model = model;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "emostream-encoder-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.predictor = ThreadLocal.withInitial(() -> {
            Predictor<Tokens, float[][]> p = model.newPredictor(new PoolingTranslator(spec));
            predictors.add(p);
            return p;
        });
    }

    /**
     * Loads the encoder's files from the class path (they come with its Maven artifact), checks their sha256 and
     * starts {@code threads} workers.
     */
    public static SentenceEncoder load(SentenceEncoderSpec spec, String devicePreference, int threads) {
        return load(spec, resource(spec, spec.onnxResource(), spec.onnxSha256()), devicePreference, threads);
    }

    /** As {@link #load(SentenceEncoderSpec, String, int)}, with the encoder's ONNX file given (a fine-tuned one). */
    public static SentenceEncoder load(SentenceEncoderSpec spec, byte[] onnx, String devicePreference, int threads) {
        HuggingFaceTokenizer tokenizer = tokenizer(spec, spec.maxLength());
        Device device = device(devicePreference);
        Model model = Model.newInstance("encoder-" + spec.name(), device, "OnnxRuntime");
        try {
            // one CPU thread per call: parallelism comes from several calls at once, which scales better on few cores
            model.load(new ByteArrayInputStream(onnx), Map.of("intraOpNumThreads", "1", "interOpNumThreads", "1"));
        } catch (IOException | MalformedModelException e) {
            model.close();
            tokenizer.close();
            throw new BundleException(
                    "encoder " + spec.name() + ": ONNX Runtime cannot load " + spec.onnxResource() + ": "
                            + e.getMessage(),
                    e);
        }
        int workers = Math.max(1, threads);
        LOG.info(
                "Sentence encoder {} ({}, {} pooling, max {} tokens) on {} with {} worker thread(s), {}",
                spec.name(),
                spec.artifact(),
                spec.pooling(),
                spec.maxLength(),
                device,
                workers,
                spec.dynamicInt8() ? "one text per call" : "length-sorted batches of " + BATCH);
        return new SentenceEncoder(spec, tokenizer, model, workers);
    }

    /** Where the encoder runs. */
    public Device device() {
        return model.getNDManager().getDevice();
    }

    /** The device an encoder loaded with this preference runs on (ONNX Runtime's CUDA provider, or the CPU). */
    public static Device device(String preference) {
        // asked of ONNX Runtime itself: DJL's engine logs a WARN on every question when the CUDA provider is absent
        boolean gpu = ai.onnxruntime.OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA);
        return switch (preference == null ? "auto" : preference) {
            case "auto" -> gpu ? Device.gpu() : Device.cpu();
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (!gpu)
                    throw new IllegalStateException(
                            "device=gpu but ONNX Runtime sees no GPU (build with -Pgpu for onnxruntime_gpu)");
                yield Device.gpu();
            }
            default ->
                throw new IllegalArgumentException("unknown device '" + preference + "' (expected auto, cpu or gpu)");
        };
    }

    /** The encoder's ONNX file and its {@code tokenizer.json}, checked against their sha256. */
    public static byte[][] files(SentenceEncoderSpec spec) {
        return new byte[][] {
            resource(spec, spec.onnxResource(), spec.onnxSha256()),
            resource(spec, spec.tokenizerResource(), spec.tokenizerSha256())
        };
    }

    /**
     * The encoder's own tokenizer, cutting at {@code maxLength} tokens (special tokens included) and leaving padding
     * to the caller: the file may force padding to a fixed length (all-MiniLM's does), and batches pad per batch.
     */
    public static HuggingFaceTokenizer tokenizer(SentenceEncoderSpec spec, int maxLength) {
        byte[] json = resource(spec, spec.tokenizerResource(), spec.tokenizerSha256());
        try (InputStream in = new ByteArrayInputStream(json)) {
            return HuggingFaceTokenizer.newInstance(
                    in,
                    Map.of(
                            "padding",
                            "false",
                            "truncation",
                            "true",
                            "maxLength",
                            String.valueOf(maxLength),
                            "addSpecialTokens",
                            "true"));
        } catch (IOException e) {
            throw new BundleException(
                    "encoder " + spec.name() + ": cannot read " + spec.tokenizerResource() + ": " + e.getMessage(), e);
        }
    }

    /** Reads a class-path resource of the encoder's artifact and checks it is the file the bundle was trained with. */
    static byte[] resource(SentenceEncoderSpec spec, String name, String sha256) {
        byte[] bytes;
        try (InputStream in = SentenceEncoder.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new BundleException("encoder " + spec.name() + ": " + name
                        + " is not on the class path (it comes with the Maven artifact " + spec.artifact()
                        + "; rebuild with mvn package)");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new BundleException("encoder " + spec.name() + ": cannot read " + name + ": " + e.getMessage(), e);
        }
        String actual = sha256(bytes);
        if (!actual.equals(sha256)) {
            throw new BundleException("encoder " + spec.name() + ": " + name + " has sha256 " + actual
                    + " but the bundle was trained with " + sha256 + " (" + spec.artifact()
                    + "); use that artifact version");
        }
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public SentenceEncoderSpec spec() {
        return spec;
    }

    /** Token ids of one text as the encoder sees it (prefix and special tokens included, cut at max length). */
    long[] tokenize(String text) {
        return tokenizer.encode(spec.prefix() + text).getIds();
    }

    /** Embeddings of the texts, in input order. */
    public float[][] embed(List<String> texts) {
        int n = texts.size();
        float[][] out = new float[n][];
        if (n == 0) return out;
        long[][] ids = new long[n][];
        for (int i = 0; i < n; i++) ids[i] = tokenize(texts.get(i));
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingInt(i -> ids[i].length));
        int per = spec.dynamicInt8() ? 1 : BATCH;
        List<Future<?>> parts = new ArrayList<>();
        for (int from = 0; from < n; from += per) {
            int[] rows = new int[Math.min(per, n - from)];
            for (int j = 0; j < rows.length; j++) rows[j] = order[from + j];
            parts.add(workers.submit(() -> {
                float[][] pooled = run(Tokens.of(ids, rows));
                for (int j = 0; j < rows.length; j++) out[rows[j]] = pooled[j];
                return null;
            }));
        }
        for (Future<?> f : parts) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while encoding", e);
            } catch (ExecutionException e) {
                for (Future<?> g : parts) g.cancel(false);
                Throwable c = e.getCause();
                throw c instanceof RuntimeException r
                        ? r
                        : new IllegalStateException("encoder " + spec.name() + " failed: " + c.getMessage(), c);
            }
        }
        return out;
    }

    private float[][] run(Tokens tokens) {
        try {
            return predictor.get().predict(tokens);
        } catch (TranslateException e) {
            throw new IllegalStateException(
                    "encoder " + spec.name() + " failed on " + tokens.rows() + " text(s): " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
        synchronized (predictors) {
            for (Predictor<Tokens, float[][]> p : predictors) p.close();
        }
        model.close();
        tokenizer.close();
    }

    /** Token ids of a few texts, right-padded to the longest: {@code [rows, length]} row-major, with real lengths. */
    record Tokens(int rows, int length, long[] ids, int[] lengths) {
        static Tokens of(long[][] all, int[] rows) {
            int len = 0;
            for (int r : rows) len = Math.max(len, all[r].length);
            long[] ids = new long[rows.length * len];
            int[] lengths = new int[rows.length];
            for (int j = 0; j < rows.length; j++) {
                System.arraycopy(all[rows[j]], 0, ids, j * len, all[rows[j]].length);
                lengths[j] = all[rows[j]].length;
            }
            return new Tokens(rows.length, len, ids, lengths);
        }
    }

    /** Tokens → ONNX inputs; last hidden state → pooled embeddings. */
    private static final class PoolingTranslator implements NoBatchifyTranslator<Tokens, float[][]> {
        private final SentenceEncoderSpec spec;
        private Tokens current;

        PoolingTranslator(SentenceEncoderSpec spec) {
            this.spec = spec;
        }

        @Override
        public NDList processInput(TranslatorContext ctx, Tokens t) {
            current = t;
            NDManager m = ctx.getNDManager();
            Shape shape = new Shape(t.rows(), t.length());
            long[] mask = new long[t.ids().length];
            for (int j = 0; j < t.rows(); j++) Arrays.fill(mask, j * t.length(), j * t.length() + t.lengths()[j], 1L);
            NDArray ids = m.create(t.ids(), shape);
            ids.setName("input_ids");
            NDArray attention = m.create(mask, shape);
            attention.setName("attention_mask");
            NDArray types = m.zeros(shape, ai.djl.ndarray.types.DataType.INT64);
            types.setName("token_type_ids");
            return new NDList(ids, attention, types);
        }

        @Override
        public float[][] processOutput(TranslatorContext ctx, NDList list) {
            Tokens t = current;
            NDArray hidden = list.get(0); // last_hidden_state [rows, length, dim]
            int dim = (int) hidden.getShape().get(2);
            float[] h = hidden.toFloatArray();
            float[][] out = new float[t.rows()][dim];
            for (int j = 0; j < t.rows(); j++) {
                int base = j * t.length() * dim;
                if (spec.pooling().equals("cls")) {
                    System.arraycopy(h, base, out[j], 0, dim);
                    continue;
                }
                int len = t.lengths()[j];
                for (int p = 0; p < len; p++) for (int d = 0; d < dim; d++) out[j][d] += h[base + p * dim + d];
                for (int d = 0; d < dim; d++) out[j][d] /= len;
            }
            return out;
        }
    }
}
