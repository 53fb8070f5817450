package io.emostream.tracking;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracked topics in force: read from the topics file at start (a bad file stops the start, naming it), then
 * re-read whenever the file changes, looked at no more often than every {@code topics.reload.ms} by whoever asks for
 * the {@link #matcher()} (a file's modification time is one system call; no thread of its own to start or stop). A
 * file edit (or a Kubernetes ConfigMap update) applies to the comments labelled after it; an edit that does not read
 * keeps the topics in force, with one WARN and {@code emostream_topics_reload_failures_total}. A file rather than a
 * compacted topic: the operator's config management already versions and reviews it, and no tool is needed to
 * change it.
 */
public final class TrackedTopics {
    private static final Logger LOG = LoggerFactory.getLogger(TrackedTopics.class);

    private final Path file;
    private final String metadataKey;
    private volatile TopicMatcher matcher;
    private volatile FileTime loadedStamp;
    private final long reloadMs;
    private volatile long nextCheck;
    private Counter failures;

    private TrackedTopics(Path file, String metadataKey, TopicMatcher matcher, FileTime stamp, long reloadMs) {
        this.file = file;
        this.metadataKey = metadataKey;
        this.matcher = matcher;
        this.loadedStamp = stamp;
        this.reloadMs = file == null ? 0 : reloadMs;
        this.nextCheck = System.currentTimeMillis() + reloadMs;
    }

    /** No topics: every comment belongs to none. */
    public static TrackedTopics none() {
        return new TrackedTopics(null, "topic", TopicMatcher.NONE, null, 0);
    }

    /**
     * @param file       the topics file; null or empty path for none
     * @param reloadMs   how often to look for a change; 0 = read once
     * @throws IllegalArgumentException naming the file when it cannot be read
     */
    public static TrackedTopics load(Path file, String metadataKey, long reloadMs) {
        if (file == null)
            return new TrackedTopics(null, metadataKey, new TopicMatcher(List.of(), metadataKey), null, 0);
        FileTime stamp = stamp(file);
        TopicMatcher m = new TopicMatcher(TopicFile.read(file), metadataKey);
        LOG.info(
                "Tracking {} topic(s) from {}{}",
                m.topics().size(),
                file,
                reloadMs > 0 ? ", re-read when it changes" : "");
        return new TrackedTopics(file, metadataKey, m, stamp, reloadMs);
    }

    /** The topics {@code topics.*} configure; an unreadable file fails naming the key and where its value came from. */
    public static TrackedTopics from(io.emostream.config.EmostreamConfig c) {
        String f = c.get("topics.file");
        if (f.isBlank()) return load(null, c.get("topics.metadata.key"), 0);
        try {
            return load(Path.of(f), c.get("topics.metadata.key"), c.getLong("topics.reload.ms"));
        } catch (IllegalArgumentException e) {
            throw new io.emostream.config.ConfigException(
                    "config key topics.file (from " + c.origin("topics.file") + "): " + e.getMessage());
        }
    }

    /** Publishes {@code emostream_topics} (topics in force) and the reload failure counter. */
    public TrackedTopics bindTo(MeterRegistry registry) {
        Gauge.builder("emostream_topics", this, t -> t.current().topics().size())
                .description("tracked topics in force")
                .register(registry);
        failures = Counter.builder("emostream_topics_reload_failures_total")
                .description("edits of the topics file that could not be read (the topics in force were kept)")
                .register(registry);
        return this;
    }

    /** The topics in force, having first looked for a change of the file if {@code topics.reload.ms} has passed. */
    public TopicMatcher matcher() {
        if (reloadMs > 0) {
            long now = System.currentTimeMillis();
            if (now >= nextCheck) {
                nextCheck = now + reloadMs;
                reloadIfChanged();
            }
        }
        return matcher;
    }

    /** The topics in force, without looking at the file. */
    public TopicMatcher current() {
        return matcher;
    }

    /** Re-reads the file if it changed since it was read; true when new topics are in force. */
    public synchronized boolean reloadIfChanged() {
        if (file == null) return false;
        try {
            FileTime now = stamp(file);
            if (now.equals(loadedStamp)) return false;
            TopicMatcher m = new TopicMatcher(TopicFile.read(file), metadataKey);
            matcher = m;
            loadedStamp = now;
            LOG.info(
                    "Topics file {} changed: tracking {} topic(s)",
                    file,
                    m.topics().size());
            return true;
        } catch (RuntimeException e) {
            if (failures != null) failures.increment();
            LOG.warn(
                    "Topics file {} changed but cannot be used, keeping the {} topic(s) in force: {}",
                    file,
                    matcher.topics().size(),
                    e.getMessage());
            try {
                loadedStamp = stamp(file); // one WARN per bad edit, not one per poll
            } catch (RuntimeException gone) {
                // the file went away: keep looking for it
            }
            return false;
        }
    }

    private static FileTime stamp(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("topics file " + file + ": cannot read it: " + e.getMessage(), e);
        }
    }
}
