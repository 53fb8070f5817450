package io.emostream.bench;

import io.emostream.model.EmotionModel;
import io.emostream.model.EncodedBatch;
import io.emostream.model.Scorer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Model-only throughput: full classify path (clean + encode + forward + decide) and the bare forward pass, with as
 * many threads scoring at once (each with its own predictor) as the classifier has inference lanes, so it is the
 * ceiling of the pipeline as configured.
 */
final class ModelBench {
    record Result(int batch, double classifyPerSecond, double forwardPerSecond) {}

    static Result measure(EmotionModel model, List<String> texts, int batch, double seconds, int lanes) {
        List<String> slice = new ArrayList<>(texts.subList(0, Math.min(texts.size(), batch)));
        ExecutorService pool = Executors.newFixedThreadPool(lanes);
        try {
            List<Future<double[]>> parts = new ArrayList<>();
            for (int i = 0; i < lanes; i++) parts.add(pool.submit(() -> measureOne(model, slice, batch, seconds)));
            double classify = 0, forward = 0;
            for (Future<double[]> f : parts) {
                double[] r = f.get();
                classify += r[0];
                forward += r[1];
            }
            return new Result(batch, classify, forward);
        } catch (Exception e) {
            throw new IllegalStateException("model-only bench failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static double[] measureOne(EmotionModel model, List<String> slice, int batch, double seconds) {
        try (Scorer scorer = model.newScorer()) {
            List<String> cleanedSlice =
                    slice.stream().map(model.encoder()::clean).toList();
            EncodedBatch encoded = model.encoder().encode(cleanedSlice);
            for (int i = 0; i < 5; i++) scorer.scoreEncoded(encoded); // warm up
            double classify = rate(seconds, batch, () -> {
                List<String> cleaned = new ArrayList<>(slice.size());
                for (String t : slice) cleaned.add(model.encoder().clean(t));
                for (float[] s : scorer.score(cleaned)) model.decide(s);
            });
            double forward = rate(seconds, batch, () -> scorer.scoreEncoded(encoded));
            return new double[] {classify, forward};
        }
    }

    private static double rate(double seconds, int batch, Runnable op) {
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long calls = 0;
        while (System.nanoTime() < deadline || calls < 3) {
            op.run();
            calls++;
        }
        return calls * batch / ((System.nanoTime() - start) / 1e9);
    }
}
