package io.emostream.service;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Static membership without configuration. When {@code group.instance.id} is empty, an instance takes an id generated
 * once and kept in its state directory ({@code <state.dir>/emostream-instance-<application.id>}), so a restarted
 * instance rejoins as the member it was and gets its partitions back at once instead of waiting out the session
 * timeout of its previous incarnation. The file stays locked while the instance runs, so two live instances can never
 * share an id: a second one on the same state directory falls back to dynamic membership and says so.
 */
final class InstanceId implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceId.class);
    /** {@code group.instance.id=dynamic}: no static membership at all. */
    static final String DYNAMIC = "dynamic";

    private static final String KEY = StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);

    private final FileChannel channel;
    private final FileLock lock;

    private InstanceId(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    private static final InstanceId NONE = new InstanceId(null, null);

    /**
     * Sets the main consumer's {@code group.instance.id} in {@code p} to this state directory's id, unless the
     * configuration names one or asks for dynamic membership.
     *
     * @param configured the {@code group.instance.id} config value
     */
    static InstanceId assign(Properties p, String configured) {
        if (!configured.isBlank() || p.containsKey(KEY) || p.containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG))
            return NONE;
        String appId = p.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        Path file = Path.of(p.getProperty(StreamsConfig.STATE_DIR_CONFIG)).resolve("emostream-instance-" + appId);
        FileChannel ch = null;
        try {
            Files.createDirectories(file.getParent());
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                ch.close();
                LOG.warn(
                        "{}: another running instance uses state directory {}; this one joins with dynamic membership "
                                + "(give each instance its own state.dir for fast restarts)",
                        appId,
                        file.getParent());
                return NONE;
            }
            String id = readOrCreate(ch);
            p.put(KEY, id + "-" + appId);
            LOG.info("{}: static member {} (kept in {})", appId, id, file);
            return new InstanceId(ch, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(ch);
            LOG.warn("{}: state directory {} is in use in this JVM: dynamic membership", appId, file.getParent());
            return NONE;
        } catch (IOException e) {
            closeQuietly(ch);
            LOG.warn("{}: cannot keep an instance id in {} ({}): dynamic membership", appId, file, e.toString());
            return NONE;
        }
    }

    private static String readOrCreate(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(128);
        ch.read(buf, 0);
        String id = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
        if (id.matches("[0-9a-f-]{36}")) return id;
        id = UUID.randomUUID().toString();
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(true);
        return id;
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing was written through it
        }
    }

    @Override
    public void close() {
        if (channel == null) return;
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            LOG.debug("releasing the instance id lock: {}", e.toString());
        }
    }
}
