package io.emostream.streams;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Headers of a dead-lettered record: why, at which stage, and where the record came from. */
public final class DeadLetter {
    public static final String REASON = "emostream.error.reason";
    public static final String STAGE = "emostream.error.stage";
    public static final String SOURCE_TOPIC = "emostream.source.topic";
    public static final String SOURCE_PARTITION = "emostream.source.partition";
    public static final String SOURCE_OFFSET = "emostream.source.offset";

    /** Stage: the record could not be read as a CommentEvent. */
    public static final String DESERIALIZE = "deserialize";
    /** Stage: feedback naming a label the model does not know. */
    public static final String UNKNOWN_LABEL = "unknown-label";
    /** Stage: feedback whose comment did not come within feedback.wait.ms. */
    public static final String NO_COMMENT = "no-comment";
    /** Stage: the model failed on the record's batch after all retries. */
    public static final String MODEL = "model";

    private DeadLetter() {}

    public static Headers headers(
            Headers original, String stage, String reason, String topic, int partition, long offset) {
        Headers h = new RecordHeaders(original == null ? new RecordHeaders().toArray() : original.toArray());
        h.add(REASON, utf8(reason == null ? "unknown" : reason));
        h.add(STAGE, utf8(stage));
        h.add(SOURCE_TOPIC, utf8(topic == null ? "" : topic));
        h.add(SOURCE_PARTITION, utf8(Integer.toString(partition)));
        h.add(SOURCE_OFFSET, utf8(Long.toString(offset)));
        return h;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
