package io.emostream.bench;

import io.emostream.avro.CommentEvent;
import io.emostream.avro.LabelledComment;
import io.emostream.model.EmotionModel;
import io.emostream.model.Scorer;
import io.emostream.serde.AvroDeserializer;
import io.emostream.serde.AvroSerializer;
import io.emostream.streams.ThreadScorers;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/** The common peer pattern, for comparison only: `mapValues` calling the model once per record. */
final class PerRecordTopology {
    private PerRecordTopology() {}

    static Topology build(String in, String out, Map<String, Object> serdeConfig, ThreadScorers scorers) {
        AvroDeserializer<CommentEvent> de = new AvroDeserializer<>(CommentEvent.class);
        de.configure(serdeConfig, false);
        AvroSerializer<LabelledComment> ser = new AvroSerializer<>();
        ser.configure(serdeConfig, false);
        StreamsBuilder b = new StreamsBuilder();
        b.stream(in, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .mapValues(bytes -> {
                    CommentEvent e = de.deserialize(in, bytes);
                    Scorer scorer = scorers.forCurrentThread();
                    EmotionModel m = scorer.model();
                    float[] s = scorer.score(List.of(m.encoder().clean(e.getText())))[0];
                    // the labels' scores: a fine-tuned model's row goes on with its Ekman groups
                    Map<String, Float> scores = m.scoresByLabel(s);
                    return LabelledComment.newBuilder()
                            .setId(e.getId())
                            .setSource(e.getSource())
                            .setCreatedAt(e.getCreatedAt())
                            .setText(e.getText())
                            .setLabels(m.labelNames(m.decide(s)))
                            .setScores(scores)
                            .setTopLabel(m.labels()
                                    .get(io.emostream.model.Decision.argmax(java.util.Arrays.copyOf(
                                            s, m.labels().size()))))
                            .setModelVersion(m.version())
                            .setClassifiedAt(Instant.now())
                            .build();
                })
                .to(
                        out,
                        Produced.with(
                                Serdes.ByteArray(),
                                Serdes.serdeFrom(ser, new AvroDeserializer<>(LabelledComment.class))));
        return b.build();
    }

    static Topology passThrough(String in, String out) {
        StreamsBuilder b = new StreamsBuilder();
        b.stream(in, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(out, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        return b.build();
    }
}
