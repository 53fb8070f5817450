package io.emostream.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.avro.ExampleOrigin;
import io.emostream.avro.TrainingExample;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

class TrainingExamplesTest {
    private static KeyValue<String, TrainingExample> feedback(String id, String label) {
        return KeyValue.pair(id, example(id, label, ExampleOrigin.feedback));
    }

    private static KeyValue<String, TrainingExample> pseudo(String id, String label) {
        return KeyValue.pair("pseudo:" + id, example(id, label, ExampleOrigin.pseudo));
    }

    private static TrainingExample example(String id, String label, ExampleOrigin origin) {
        return TrainingExample.newBuilder()
                .setId(id)
                .setText("text of " + id)
                .setLabels(List.of(label))
                .setOrigin(origin)
                .setAt(Instant.EPOCH)
                .build();
    }

    @Test
    void aPersonsFeedbackWinsOverThePseudoLabelOfTheSameCommentWhicheverCameLast() {
        List<TrainingExample> out = TrainingExamples.resolve(List.of(
                feedback("a", "sadness"),
                pseudo("a", "grief"), // feedback first
                pseudo("b", "grief"),
                feedback("b", "joy"), // pseudo first
                pseudo("c", "pride"))); // only a pseudo label
        assertThat(out)
                .extracting(e -> e.getId() + "=" + e.getLabels().get(0))
                .containsExactly("a=sadness", "b=joy", "c=pride");
    }

    @Test
    void theLatestExamplePerKeyCountsAndATombstoneRemovesIt() {
        List<TrainingExample> out = TrainingExamples.resolve(List.of(
                feedback("a", "joy"), feedback("a", "love"),
                feedback("d", "fear"), KeyValue.pair("d", null),
                pseudo("e", "grief"), KeyValue.pair("pseudo:e", null)));
        assertThat(out).extracting(e -> e.getId() + "=" + e.getLabels().get(0)).containsExactly("a=love");
    }
}
