package io.emostream;

import io.emostream.model.Architecture;
import io.emostream.text.CleaningOptions;
import io.emostream.training.BalancingOptions;
import io.emostream.training.GoEmotionsCorpus;
import io.emostream.training.ModelTrainer;
import io.emostream.training.TrainingData;
import io.emostream.training.TrainingOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real data and real models for tests: the GoEmotions folder beside the checkout (../shared), and a small model
 * trained once per test JVM on a slice of it.
 */
public final class TestData {
    private static Path smallModel;
    private static Path smallEncoderModel;

    private TestData() {}

    public static Path goEmotions() {
        Path p = Path.of(System.getProperty("emostream.shared", "../shared"), "data", "goemotions");
        if (!Files.isDirectory(p))
            throw new IllegalStateException("GoEmotions data not found at " + p.toAbsolutePath()
                    + " (tests expect ../shared beside the checkout)");
        return p;
    }

    public static Path defaultModel() {
        return Path.of("models/default");
    }

    /** A slice of the official split: first {@code train} training rows, first {@code eval} dev and test rows. */
    public static TrainingData slice(int train, int eval) {
        GoEmotionsCorpus corpus = new GoEmotionsCorpus(goEmotions());
        return new TrainingData(
                corpus.labels(),
                corpus.split("train").subList(0, train),
                corpus.split("dev").subList(0, eval),
                corpus.split("test").subList(0, eval));
    }

    public static TrainingOptions quickOptions(Architecture arch, int epochs) {
        return new TrainingOptions.Builder()
                .architecture(arch)
                .attention(true)
                .cleaning(CleaningOptions.EXPRESSIVE)
                .balancing(new BalancingOptions(1.0, 0, 0.5, 30))
                .maxEpochs(epochs)
                .selectBy("macro-f1")
                .device("cpu")
                .build();
    }

    /** Writes {@code data}'s train and validation rows as a GoEmotions-format corpus folder (for retrainings). */
    public static Path writeCorpus(Path dir, TrainingData data) throws java.io.IOException {
        Files.createDirectories(dir);
        Files.copy(goEmotions().resolve("emotions.txt"), dir.resolve("emotions.txt"));
        writeTsv(dir.resolve("train.tsv"), data.train());
        writeTsv(dir.resolve("dev.tsv"), data.validation());
        return dir;
    }

    private static void writeTsv(Path file, java.util.List<io.emostream.training.LabelledText> rows)
            throws java.io.IOException {
        Files.write(
                file,
                rows.stream()
                        .map(r -> '"' + r.text().replace("\"", "\"\"") + "\"\t"
                                + java.util.Arrays.stream(r.labels())
                                        .mapToObj(Integer::toString)
                                        .collect(java.util.stream.Collectors.joining(","))
                                + "\t" + r.id())
                        .toList());
    }

    /** The encoder architecture (linear head), embeddings cached under {@code cacheDir}. */
    public static TrainingOptions quickEncoderOptions(int epochs, Path cacheDir) {
        return new TrainingOptions(
                Architecture.ENCODER,
                false,
                CleaningOptions.LIGHT,
                new BalancingOptions(1.0, 0, 0, 30),
                epochs,
                5,
                256,
                5e-3f,
                42,
                2,
                null,
                "macro-f1",
                "cpu",
                1f,
                new TrainingOptions.EncoderOptions("e5-small-v2-q", "mean", 0, 0.3f, 0f, 8, 0.1f, 0, cacheDir));
    }

    /** A small encoder model (linear head on 3,000 rows), trained once and shared by the tests of this JVM. */
    public static synchronized Path smallEncoderModel() throws Exception {
        if (smallEncoderModel == null) {
            Path dir = Files.createTempDirectory("emostream-small-encoder");
            new ModelTrainer(quickEncoderOptions(1, io.emostream.training.EmbeddingCache.defaultDir()))
                    .train(slice(3000, 500), dir, "test-encoder", null);
            smallEncoderModel = dir;
        }
        return smallEncoderModel;
    }

    /** A small wide model (3 epochs on 8,000 rows), trained once and shared by the tests of this JVM. */
    public static synchronized Path smallModel() throws Exception {
        if (smallModel == null) {
            Path dir = Files.createTempDirectory("emostream-small-model");
            new ModelTrainer(quickOptions(Architecture.WIDE, 3)).train(slice(8000, 1000), dir, "test-small", null);
            smallModel = dir;
        }
        return smallModel;
    }
}
