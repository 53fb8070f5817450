package io.emostream.service;

import io.emostream.config.EmostreamConfig;
import io.emostream.learning.LearningTopology;
import io.emostream.model.EmotionModel;
import io.emostream.streams.StreamsProperties;
import io.emostream.text.TextCleaner;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The learning side topology in its own Kafka Streams instance (its own application id). */
public final class LearningService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LearningService.class);
    private final KafkaStreams streams;

    public LearningService(EmostreamConfig config, EmotionModel model) {
        var topology = LearningTopology.build(config, model.labels(), new TextCleaner(model.bundle().config().cleaning()), model.version());
        streams = new KafkaStreams(topology, StreamsProperties.of(config, config.get("learner.application.id")));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Learning thread failed, replacing it: {}", e.toString(), e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    /** Creates the learning topics that are missing (feedback co-partitioned with comments; the rest one partition). */
    public static void createTopics(EmostreamConfig c) {
        int partitions = c.getInt("topics.partitions");
        short replication = (short) c.getInt("topics.replication");
        for (Map.Entry<String, int[]> t : LearningTopology.topics(c).entrySet()) {
            TopicAdmin.createTopics(c.get("bootstrap.servers"), c.kafkaClientConfig(), List.of(t.getKey()),
                    t.getValue()[0] == 0 ? partitions : t.getValue()[0], replication, t.getValue()[1] == 1);
        }
    }

    public LearningService start() {
        streams.start();
        return this;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(8));
    }
}
