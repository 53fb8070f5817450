package io.emostream.training;

import io.emostream.model.EncoderWeights;
import io.emostream.model.SentenceEncoder;
import io.emostream.model.SentenceEncoderSpec;
import io.emostream.model.TextEncoder;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sentence embeddings kept on disk, one append-only file per encoder ({@link SentenceEncoderSpec#cacheKey()}: the
 * ONNX file's hash, tokenizer, pooling, length and prefix), each entry keyed by the SHA-256 of the text. Training a
 * new head, an ablation or a retraining then embeds only texts it has not seen: the encoder is frozen, so an
 * embedding never changes. The encoder itself is loaded only when some text is missing.
 *
 * <p>Entry: 16 bytes of the text's SHA-256, then {@code dim} floats. A file cut short by a crash loses its last
 * entry only.
 */
public final class EmbeddingCache implements TextEncoder.Embedder, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingCache.class);
    private static final int CHUNK = 256;

    private final SentenceEncoderSpec spec;
    private final Path weights;
    private final Path file;
    private final String device;
    private final boolean progressBar;
    private final Map<Key, float[]> entries = new HashMap<>();
    private SentenceEncoder encoder;

    private record Key(long high, long low) {}

    public EmbeddingCache(SentenceEncoderSpec spec, Path dir, String device, boolean progressBar) {
        this(spec, null, dir, device, progressBar);
    }

    /** @param weights a fine-tuned encoder's changed weights ({@link EncoderWeights}), or null */
    public EmbeddingCache(SentenceEncoderSpec spec, Path weights, Path dir, String device, boolean progressBar) {
        this.spec = spec;
        this.weights = weights;
        String tag = weights == null ? "" : "-ft" + fileHash(weights);
        this.file = dir.resolve(spec.name() + "-" + spec.cacheKey() + tag + ".bin");
        this.device = device;
        this.progressBar = progressBar;
        try {
            Files.createDirectories(dir);
            if (Files.exists(file)) read();
        } catch (IOException e) {
            throw new UncheckedIOException("embedding cache " + file + ": " + e.getMessage(), e);
        }
    }

    private static String fileHash(Path file) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            return java.util.HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Where caches live unless a command says otherwise: {@code $EMOSTREAM_CACHE} or {@code ~/.cache/emostream}, then {@code embeddings/}. */
    public static Path defaultDir() {
        String env = System.getenv("EMOSTREAM_CACHE");
        Path base = env != null && !env.isBlank()
                ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "emostream");
        return base.resolve("embeddings");
    }

    public int size() {
        return entries.size();
    }

    private void read() throws IOException {
        int dim = spec.dim();
        try (DataInputStream in =
                new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            while (true) {
                long h = in.readLong(), l = in.readLong();
                float[] v = new float[dim];
                for (int i = 0; i < dim; i++) v[i] = in.readFloat();
                entries.put(new Key(h, l), v);
            }
        } catch (EOFException end) {
            // the end, or a last entry cut short: it is embedded again when needed
        }
        LOG.info("Embedding cache {}: {} texts", file, entries.size());
    }

    @Override
    public synchronized float[][] embed(List<String> texts) {
        Key[] keys = new Key[texts.size()];
        Map<Key, String> missing = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            keys[i] = key(texts.get(i));
            if (!entries.containsKey(keys[i])) missing.putIfAbsent(keys[i], texts.get(i));
        }
        if (!missing.isEmpty()) compute(missing);
        float[][] out = new float[keys.length][];
        for (int i = 0; i < keys.length; i++) out[i] = entries.get(keys[i]);
        return out;
    }

    private void compute(Map<Key, String> missing) {
        if (encoder == null) {
            int threads = Runtime.getRuntime().availableProcessors();
            encoder = weights == null
                    ? SentenceEncoder.load(spec, device, threads)
                    : SentenceEncoder.load(spec, EncoderWeights.patch(spec, weights), device, threads);
        }
        List<Key> keys = new ArrayList<>(missing.keySet());
        List<String> texts = new ArrayList<>(missing.values());
        LOG.info("Embedding {} texts with {} (cached in {})", texts.size(), spec.name(), file);
        ProgressBar bar = progressBar
                ? new ProgressBarBuilder()
                        .setTaskName("embedding")
                        .setInitialMax(texts.size())
                        .setStyle(ProgressBarStyle.ASCII)
                        .setUpdateIntervalMillis(500)
                        .continuousUpdate()
                        .setUnit(" texts", 1)
                        .showSpeed()
                        .setConsumer(new ConsoleProgressBarConsumer(System.err))
                        .build()
                : null;
        long start = System.nanoTime();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND), 1 << 16))) {
            for (int from = 0; from < texts.size(); from += CHUNK) {
                int to = Math.min(texts.size(), from + CHUNK);
                float[][] vectors = encoder.embed(texts.subList(from, to));
                for (int i = from; i < to; i++) {
                    Key k = keys.get(i);
                    entries.put(k, vectors[i - from]);
                    out.writeLong(k.high());
                    out.writeLong(k.low());
                    for (float f : vectors[i - from]) out.writeFloat(f);
                }
                out.flush();
                if (bar != null) bar.stepTo(to);
                else if (texts.size() > 4 * CHUNK && (from / CHUNK) % 20 == 19)
                    LOG.info("embedded {} of {} texts", to, texts.size());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("embedding cache " + file + ": " + e.getMessage(), e);
        } finally {
            if (bar != null) bar.close();
        }
        double s = (System.nanoTime() - start) / 1e9;
        LOG.info(String.format(
                "Embedded %d texts in %.0f s (%.0f texts/s)", texts.size(), s, texts.size() / Math.max(s, 1e-9)));
    }

    private static Key key(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            long h = 0, l = 0;
            for (int i = 0; i < 8; i++) h = (h << 8) | (d[i] & 0xff);
            for (int i = 8; i < 16; i++) l = (l << 8) | (d[i] & 0xff);
            return new Key(h, l);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (encoder != null) encoder.close();
        encoder = null;
    }
}
