package io.emostream.retrain;

import io.emostream.avro.ExampleOrigin;
import io.emostream.avro.TrainingExample;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;

/** What the {@code training-examples} topic holds for training, read in order from its beginning. */
final class TrainingExamples {
    private TrainingExamples() {}

    /**
     * The latest example per key, as compaction keeps it (a null value deletes), then one per comment: feedback is
     * keyed by the comment id and pseudo labels apart, so a comment with both keeps its feedback only.
     */
    static List<TrainingExample> resolve(Iterable<KeyValue<String, TrainingExample>> records) {
        Map<String, TrainingExample> byKey = new LinkedHashMap<>();
        for (KeyValue<String, TrainingExample> r : records) {
            if (r.value == null) byKey.remove(r.key);
            else byKey.put(r.key, r.value);
        }
        Set<String> withFeedback = new HashSet<>();
        for (TrainingExample e : byKey.values())
            if (e.getOrigin() == ExampleOrigin.feedback) withFeedback.add(e.getId());
        List<TrainingExample> out = new ArrayList<>();
        for (TrainingExample e : byKey.values()) {
            if (e.getOrigin() != ExampleOrigin.feedback && withFeedback.contains(e.getId())) continue;
            out.add(e);
        }
        return out;
    }
}
