package io.emostream.streams;

import io.emostream.config.EmostreamConfig;
import io.emostream.topics.Topics;

/** The classifier topology's knobs, read once from the config. */
record ClassifierSettings(
        String commentsTopic,
        String labelledTopic,
        String dlqTopic,
        int batchSize,
        long maxDelayMs,
        int maxRetries,
        int maxChars,
        boolean asyncInference,
        int lanes,
        boolean eager,
        long registryWaitMaxMs,
        boolean scoreUnreadableLanguages,
        long scoreCacheSize) {
    static ClassifierSettings from(EmostreamConfig c) {
        Topics t = Topics.of(c);
        return new ClassifierSettings(
                t.comments().name(),
                t.labelled().name(),
                t.dlq().name(),
                c.getInt("batch.size"),
                c.getLong("batch.max.delay.ms"),
                c.getInt("model.max.retries"),
                c.getInt("text.max.chars"),
                c.getBoolean("inference.async"),
                c.inferenceLanes(),
                c.getBoolean("batch.eager"),
                c.getLong("registry.wait.max.ms"),
                c.get("language.unreadable").equals("score"),
                c.getLong("score.cache.size"));
    }
}
