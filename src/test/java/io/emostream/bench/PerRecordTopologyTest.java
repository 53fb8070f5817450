package io.emostream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.TestData;
import io.emostream.avro.CommentEvent;
import io.emostream.avro.LabelledComment;
import io.emostream.config.EmostreamConfig;
import io.emostream.model.EmotionModel;
import io.emostream.model.ModelHolder;
import io.emostream.serde.AvroDeserializer;
import io.emostream.serde.AvroSerializer;
import io.emostream.serde.InMemorySchemaRegistry;
import io.emostream.streams.StreamsProperties;
import io.emostream.streams.ThreadScorers;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/** The bench's per-record pattern labels with the shipped default, whose score rows carry its Ekman groups too. */
class PerRecordTopologyTest {
    @Test
    void theDefaultModelLabelsRecordByRecord() throws Exception {
        EmostreamConfig c = EmostreamConfig.defaults().with(Map.of("schema.registry.url", "mock://per-record-test"));
        try (EmotionModel model = EmotionModel.load(TestData.defaultModel(), "cpu");
                ThreadScorers scorers = new ThreadScorers(new ModelHolder(model));
                TopologyTestDriver driver = new TopologyTestDriver(
                        PerRecordTopology.build("in", "out", c.serdeConfig(), scorers),
                        StreamsProperties.of(c, "per-record-test"))) {
            assertThat(model.groupOutputs()).isNotEmpty();
            AvroSerializer<CommentEvent> ser = new AvroSerializer<>();
            ser.configure(c.serdeConfig(), false);
            driver.createInputTopic("in", new ByteArraySerializer(), new ByteArraySerializer())
                    .pipeInput(ser.serialize(
                            "in",
                            CommentEvent.newBuilder()
                                    .setId("p1")
                                    .setText("I am so angry with this service")
                                    .setSource("bench")
                                    .setCreatedAt(Instant.now())
                                    .build()));
            AvroDeserializer<LabelledComment> de = new AvroDeserializer<>(LabelledComment.class);
            de.configure(c.serdeConfig(), false);
            LabelledComment out = de.deserialize(
                    "out",
                    driver.createOutputTopic("out", new ByteArrayDeserializer(), new ByteArrayDeserializer())
                            .readValue());
            assertThat(out.getScores()).hasSize(28);
            assertThat(out.getLabels()).contains("anger");
            assertThat(out.getTopLabel()).isEqualTo("anger");
        } finally {
            InMemorySchemaRegistry.dropScope("per-record-test");
        }
    }
}
