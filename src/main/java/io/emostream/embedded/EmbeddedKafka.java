package io.emostream.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker + controller) in this JVM, listening on 127.0.0.1 only.
 * Storage is formatted on start; replication factors are 1 so transactions (exactly-once) work on one node.
 * For the embedded demo and the integration tests: not a production deployment.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    /**
     * A second client listener, named SECURE, beside the PLAINTEXT one (which stays for the broker's own and the tests'
     * admin use): {@code protocol} (SASL_SSL, SSL...) on {@code port} with its {@code listener.name.secure.*} settings.
     */
    public record SecureListener(int port, String protocol, Map<String, String> settings) {}

    private final KafkaRaftServer server;
    private final int port;
    private int securePort = -1;
    private final Path logDir;
    private final boolean deleteOnClose;

    private EmbeddedKafka(KafkaRaftServer server, int port, Path logDir, boolean deleteOnClose) {
        this.server = server;
        this.port = port;
        this.logDir = logDir;
        this.deleteOnClose = deleteOnClose;
    }

    /**
     * @param port    broker port on 127.0.0.1 (0 = a free one)
     * @param dataDir where to keep the log, or null for a temp dir deleted on close
     */
    public static EmbeddedKafka start(int port, Path dataDir) throws IOException {
        return start(port, dataDir, null);
    }

    /** @param secure a SASL_SSL (or other) listener for clients besides the PLAINTEXT one; null: none */
    public static EmbeddedKafka start(int port, Path dataDir, SecureListener secure) throws IOException {
        boolean temp = dataDir == null;
        Path logDir = temp ? Files.createTempDirectory("emostream-kafka") : dataDir.resolve("kafka");
        Files.createDirectories(logDir);
        int brokerPort = port == 0 ? freePort() : port;
        int controllerPort = freePort();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        if (secure != null) {
            p.put("listeners", p.get("listeners") + ",SECURE://127.0.0.1:" + secure.port());
            p.put("advertised.listeners", p.get("advertised.listeners") + ",SECURE://127.0.0.1:" + secure.port());
            p.put(
                    "listener.security.protocol.map",
                    p.get("listener.security.protocol.map") + ",SECURE:" + secure.protocol());
            p.putAll(secure.settings());
        }
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("log.dirs", logDir.toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("log.flush.interval.messages", "100000");
        KafkaConfig config = KafkaConfig.fromProps(p, false);
        // a kept data dir (demo --data-dir, a restart) is formatted already, with its own cluster id: format only new
        // ones
        if (!Files.exists(logDir.resolve("meta.properties")))
            try {
                new Formatter()
                        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                        .setNodeId(1)
                        .setClusterId(Uuid.randomUuid().toString())
                        .setDirectories(List.of(logDir.toString()))
                        .setMetadataLogDirectory(logDir.toString())
                        .setReleaseVersion(MetadataVersion.latestProduction())
                        .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                        .setControllerListenerName("CONTROLLER")
                        .setIgnoreFormatted(true)
                        .run();
            } catch (Exception e) {
                throw new IOException("cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
            }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            throw new IOException(
                    "embedded Kafka could not start on 127.0.0.1:" + brokerPort
                            + " (port in use? try another with --kafka-port): " + e.getMessage(),
                    e);
        }
        EmbeddedKafka kafka = new EmbeddedKafka(server, brokerPort, logDir, temp);
        if (secure != null) kafka.securePort = secure.port();
        kafka.awaitReady();
        LOG.info("Embedded Kafka broker ready on {}", kafka.bootstrapServers());
        return kafka;
    }

    private void awaitReady() throws IOException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            admin.describeCluster().nodes().get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IOException("embedded Kafka did not become ready: " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The SECURE listener's address (see {@link SecureListener}). */
    public String secureBootstrapServers() {
        if (securePort < 0) throw new IllegalStateException("this broker has no secure listener");
        return "127.0.0.1:" + securePort;
    }

    /** Creates topics that do not exist yet. */
    public void createTopics(Collection<String> names, int partitions) {
        io.emostream.service.TopicAdmin.createTopics(bootstrapServers(), Map.of(), names, partitions, (short) 1);
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (deleteOnClose && !DataDirs.deleteRecursively(logDir)) LOG.warn("Could not delete {}", logDir);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
