package io.emostream.bench;

import io.emostream.model.EmotionModel;
import io.emostream.model.EncodedBatch;
import io.emostream.model.Scorer;

import java.util.ArrayList;
import java.util.List;

/** Model-only throughput: full classify path (clean + encode + forward + decide) and the bare forward pass. */
final class ModelBench {
    record Result(int batch, double classifyPerSecond, double forwardPerSecond) {
    }

    static Result measure(EmotionModel model, List<String> texts, int batch, double seconds) {
        try (Scorer scorer = model.newScorer()) {
            List<String> slice = texts.subList(0, Math.min(texts.size(), batch));
            List<String> cleanedSlice = slice.stream().map(model.encoder()::clean).toList();
            EncodedBatch encoded = model.encoder().encode(cleanedSlice);
            for (int i = 0; i < 5; i++) scorer.scoreEncoded(encoded); // warm up
            double classify = rate(seconds, batch, () -> {
                List<String> cleaned = new ArrayList<>(slice.size());
                for (String t : slice) cleaned.add(model.encoder().clean(t));
                for (float[] s : scorer.score(cleaned)) model.decide(s);
            });
            double forward = rate(seconds, batch, () -> scorer.scoreEncoded(encoded));
            return new Result(batch, classify, forward);
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
