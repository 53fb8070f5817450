package io.emostream.streams;

import io.emostream.config.EmostreamConfig;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** Kafka Streams settings from the emostream config; {@code kafka.*} keys pass through unchanged (SASL, SSL...). */
public final class StreamsProperties {
    private StreamsProperties() {}

    /**
     * The settings a topology is built with. A topology built without them makes a StreamsConfig of defaults, which
     * logs a warning about a setting {@link #of} does set.
     */
    public static org.apache.kafka.streams.TopologyConfig topologyConfig(EmostreamConfig config, String applicationId) {
        return new org.apache.kafka.streams.TopologyConfig(new StreamsConfig(of(config, applicationId)));
    }

    public static Properties of(EmostreamConfig config, String applicationId) {
        Properties p = new Properties();
        p.putAll(config.kafkaClientConfig());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.get("processing.guarantee"));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt("num.stream.threads"));
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.getLong("commit.interval.ms"));
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.getInt("topics.replication"));
        p.put("processing.exception.handler.global.enabled", "true");
        // the partition assignor makes a StreamsConfig of the main consumer's settings and warns when this is off
        // there: it is on, so say so there too rather than mute the logger
        p.put(StreamsConfig.mainConsumerPrefix("processing.exception.handler.global.enabled"), "true");
        // The stream thread blocks in poll for up to poll.ms when no record comes, and only then runs the wall-clock
        // punctuation that flushes a due batch: keep that wait well under the batch delay (Streams' default is 100 ms).
        p.put(StreamsConfig.POLL_MS_CONFIG, Math.max(1, Math.min(100, config.getLong("batch.max.delay.ms") / 5)));
        // a killed instance's open transaction blocks read_committed readers of its partitions until the coordinator
        // aborts it: Streams' 10 s default is most of the stall after a crash; our transactions last about a commit
        // interval (100 ms) plus a batch, so 5 s is ample (kafka.transaction.timeout.ms overrides it)
        if (!p.containsKey(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG))
            p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 5_000);
        String instance = config.get("group.instance.id");
        // per application: the classifier and the learner are two groups; Streams adds each thread's suffix itself.
        // Empty: the service keeps a stable id in the state directory; "dynamic": no static membership
        if (!instance.isBlank() && !instance.strip().equals("dynamic"))
            p.put(
                    StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                    instance.strip() + "-" + applicationId);
        String stateDir = config.get("state.dir");
        p.put(
                StreamsConfig.STATE_DIR_CONFIG,
                stateDir.isEmpty()
                        ? Path.of(System.getProperty("java.io.tmpdir"), "emostream-state")
                                .toString()
                        : stateDir);
        return p;
    }
}
