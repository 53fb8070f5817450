package io.emostream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emostream.config.EmostreamConfig;
import io.emostream.model.EmotionModel;
import io.emostream.model.ModelHolder;
import io.emostream.service.ClassifierService;
import io.emostream.service.ModelVersionFollower;
import io.emostream.service.ModelVersions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `model use`: a running classifier follows an operator's choice of version, forth and back, and its metric says which. */
class RollbackIntegrationTest {

    @TempDir
    Path pod;

    @Test
    void publishingAnEarlierVersionSwapsTheRunningClassifierBack() throws Exception {
        try (LocalCluster cluster = new LocalCluster()) {
            cluster.createTopics(1, "model-versions");
            EmostreamConfig config = cluster.config("it-rollback", Map.of());
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            List<String> console = new CopyOnWriteArrayList<>();
            // the classifier's home, as in its image: the shipped models, and a model store the operator cannot read
            Files.createSymbolicLink(pod.resolve("models"), Path.of("models").toAbsolutePath());
            PromotedVersions.copyWithVersion(Path.of("models/starter"), pod.resolve("store"), "r7");
            try (ModelHolder holder = new ModelHolder(EmotionModel.load(Path.of("models/fast"), "cpu"));
                    ClassifierService service = new ClassifierService(config, holder, metrics);
                    ModelVersionFollower follower = new ModelVersionFollower(config, holder, pod, console::add)) {
                Thread following = new Thread(follower, "test-follower");
                following.start();
                ModelVersions versions = new ModelVersions(config);

                // published as given: every instance reads it under its own home, as a pod reads the image's copy
                assertThat(versions.use("models/starter", "try the starter").getLocation())
                        .isEqualTo("models/starter");
                awaitServing(holder, "starter");
                assertThat(metrics.find("emostream.model.info")
                                .tag("version", "starter")
                                .gauge())
                        .isNotNull();
                assertThat(metrics.find("emostream.model.info")
                                .tag("version", "wide-x2-emoji")
                                .gauge())
                        .isNull();

                versions.use("models/fast", "back to the fast model");
                awaitServing(holder, "wide-x2-emoji");
                versions.use("starter", "by version id, as promoted before");
                awaitServing(holder, "starter");
                assertThat(versions.all())
                        .extracting(v -> v.getVersion())
                        .containsExactly("starter", "wide-x2-emoji", "starter");
                assertThat(console).anyMatch(l -> l.contains("swapped model wide-x2-emoji -> starter"));

                // a retraining promoted r7 into the store; serving something else since, the operator rolls back
                // to it by its id from a machine where store/r7 does not exist
                PromotedVersions.publish(config, PromotedVersions.promoted("r7", "store/r7"));
                awaitServing(holder, "r7");
                versions.use("models/fast", "back to the fast model");
                awaitServing(holder, "wide-x2-emoji");
                assertThat(Path.of("store/r7")).doesNotExist();
                assertThat(versions.use("r7", "r7 was better").getLocation()).isEqualTo("store/r7");
                awaitServing(holder, "r7");

                assertThatThrownBy(() -> versions.use("no-such-version", "typo"))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("no promoted version 'no-such-version'");
                follower.close();
                following.join(10_000);
            }
        }
    }

    private static void awaitServing(ModelHolder holder, String version) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!holder.current().version().equals(version) && System.nanoTime() < deadline) Thread.sleep(100);
        assertThat(holder.current().version()).isEqualTo(version);
    }
}
