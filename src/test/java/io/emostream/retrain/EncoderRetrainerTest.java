package io.emostream.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.TestData;
import io.emostream.avro.ExampleOrigin;
import io.emostream.avro.TrainingExample;
import io.emostream.model.ModelBundle;
import io.emostream.model.SentenceEncoderSpec;
import io.emostream.training.TrainingData;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The learning loop with the encoder architecture: the head refitted on base + new examples with cached embeddings. */
class EncoderRetrainerTest {
    @TempDir
    Path tmp;

    @Test
    void aRetrainingRefitsTheHeadWithTheParentsRecipeAndIsJudged() throws Exception {
        TrainingData slice = TestData.slice(2000, 600);
        Path corpus = TestData.writeCorpus(tmp.resolve("corpus"), slice);
        List<TrainingExample> examples = List.of(TrainingExample.newBuilder()
                .setId("f1")
                .setText("i miss him every single day")
                .setLabels(List.of("grief"))
                .setOrigin(ExampleOrigin.feedback)
                .setAt(Instant.EPOCH)
                .build());
        Path parent = TestData.smallEncoderModel();
        Retrainer retrainer = RetrainerTest.oneEpoch(corpus, tmp.resolve("store"), List.of());

        Retrainer.Outcome outcome = retrainer.retrain(parent, examples, "enc-cand");

        ModelBundle candidate = ModelBundle.read(Path.of(outcome.location()));
        assertThat(candidate.config().encoder()).isEqualTo(SentenceEncoderSpec.E5_SMALL_V2_Q);
        assertThat(candidate.manifest().parentVersion()).isEqualTo("test-encoder");
        // the parent's C and embedding weight, not a new search: a retraining is one fit
        assertThat(candidate.manifest().recipe().get("c"))
                .isEqualTo(ModelBundle.read(parent).manifest().recipe().get("c"));
        assertThat(candidate.manifest().recipe().get("embeddingScale"))
                .isEqualTo(ModelBundle.read(parent).manifest().recipe().get("embeddingScale"));
        assertThat(outcome.candidate().macroAuc()).isGreaterThan(0.75);
        assertThat(outcome.verdict().reason()).isNotBlank();
    }
}
