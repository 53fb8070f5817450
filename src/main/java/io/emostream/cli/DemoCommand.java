package io.emostream.cli;

import io.emostream.avro.CommentEvent;
import io.emostream.config.EmostreamConfig;
import io.emostream.embedded.EmbeddedKafka;
import io.emostream.produce.CommentProducer;
import io.emostream.serde.SchemaRegistryServer;
import io.emostream.service.ClassifierRuntime;
import io.emostream.service.Lifecycle;
import io.emostream.topics.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "The embedded default: starts a Kafka broker (KRaft) and a schema registry in this process on 127.0.0.1,",
            "runs the classifier with the shipped model, streams sample comments from three sources and prints each labelled event;",
            "the dashboard shows their emotion trends (10 s windows in the demo), per source and per tracked topic (made-up brands),",
            "and the alerts a planted burst of anger about one of them raises (--set alerts.webhook.url=URL delivers them).",
            "Other Kafka clients can produce to and consume from it while it runs. Ctrl-C stops everything.",
            "With --base-corpus the learning loop runs too, starting from models/starter (one epoch of training):",
            "sample feedback -> retrain request -> fine-tune -> the gate's figures -> hot swap."
        },
        footer = {
            "",
            "Examples:",
            "  ./emostream demo",
            "  ./emostream demo --base-corpus ../shared/data/goemotions",
            "  ./emostream demo --input my-comments.txt --rate 20 --data-dir /tmp/emostream-demo"
        })
final class DemoCommand implements Callable<Integer> {
    /** Where the retraining loop starts when no model is configured: the paper's network after one epoch. */
    static final String STARTER_MODEL = "models/starter";

    @Option(
            names = "--kafka-port",
            defaultValue = "9092",
            description = "broker port on 127.0.0.1. Default: ${DEFAULT-VALUE}")
    int kafkaPort;

    @Option(
            names = "--registry-port",
            defaultValue = "8081",
            description = "schema registry port on 127.0.0.1. Default: ${DEFAULT-VALUE}")
    int registryPort;

    @Option(
            names = "--http-port",
            defaultValue = "8080",
            description = "metrics and live page port (0 = off). Default: ${DEFAULT-VALUE}")
    int httpPort;

    @Option(
            names = "--input",
            description = "comments to stream, one per line (default: the project's sample comments)")
    Path input;

    @Option(names = "--rate", defaultValue = "5", description = "comments per second. Default: ${DEFAULT-VALUE}")
    double rate;

    @Option(
            names = "--count",
            defaultValue = "0",
            description = "stop after this many labelled events (0 = run until Ctrl-C). Default: ${DEFAULT-VALUE}")
    long count;

    @Option(names = "--data-dir", description = "keep broker and state data here (default: a temp dir deleted on exit)")
    Path dataDir;

    @Option(
            names = "--base-corpus",
            description =
                    "GoEmotions-format folder: turns on the retraining loop (sample feedback, retrain, gate, hot swap)")
    Path baseCorpus;

    @Option(
            names = "--feedback",
            description =
                    "feedback JSON lines to send after the first pass of comments (default: the project's sample feedback)")
    Path feedback;

    @Option(
            names = "--no-spike",
            description =
                    "do not plant the burst of angry comments about Nimbus in source 'forum' (45 s after start, 2 min with --base-corpus; then every 5 minutes) that raises an alert")
    boolean noSpike;

    @Option(
            names = "--model",
            description = "model bundle to start from. Default: models/default, or models/starter with --base-corpus")
    Path model;

    @Mixin
    ConfigOptions config;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        List<String> comments = loadComments();
        boolean temp = dataDir == null;
        Path dir = temp ? Files.createTempDirectory("emostream-demo") : Files.createDirectories(dataDir);
        // started in order, stopped in the reverse: the producer first, the broker last
        Lifecycle parts = new Lifecycle();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    parts.close();
                    if (temp) io.emostream.embedded.DataDirs.deleteRecursively(dir);
                    done.countDown();
                },
                "emostream-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        EmbeddedKafka kafka = parts.add("Kafka", EmbeddedKafka.start(kafkaPort, dir));
        SchemaRegistryServer registry;
        try {
            registry = SchemaRegistryServer.start(registryPort);
        } catch (IOException e) {
            throw new IOException(
                    "cannot start the schema registry on 127.0.0.1:" + registryPort
                            + " (port in use? try --registry-port): " + e.getMessage(),
                    e);
        }
        parts.add("schema registry", registry);
        EmostreamConfig c = settings(kafka, registry, dir);
        io.emostream.service.Preflight.createAll(c);
        ClassifierRuntime runtime = parts.add(
                "emostream", ClassifierRuntime.start(c, Paths.home(), msg -> System.out.println("*** " + msg)));
        if (baseCorpus != null) {
            io.emostream.retrain.RetrainerService retrainer =
                    new io.emostream.retrain.RetrainerService(c, Paths.home(), msg -> System.out.println("*** " + msg));
            parts.thread("emostream-demo-retrainer", retrainer, retrainer::close);
        }
        LabelledPrinter printer = new LabelledPrinter(c, System.out);
        printer.awaitAssignment(Duration.ofSeconds(20));
        parts.thread("emostream-demo-printer", printer, printer::stop);

        banner(c, runtime, kafka, registry, dir, temp, comments);
        traffic(c, parts, comments);
        if (count > 0) {
            while (printer.printed() < count) Thread.sleep(50);
            Runtime.getRuntime().removeShutdownHook(hook);
            hook.run();
            return 0;
        }
        done.await();
        return 0;
    }

    /**
     * The demo's config. Its own defaults (short windows, a quick retraining loop, the sample topics, the starter model
     * with --base-corpus) sit under everything the user gives: the file, the environment and --set win. The embedded
     * broker's and registry's addresses, the data dir and this command's options are the demo's own and win.
     */
    EmostreamConfig settings(EmbeddedKafka kafka, SchemaRegistryServer registry, Path dir) throws IOException {
        Map<String, String> defaults = new java.util.HashMap<>();
        // the short loop: confident predictions count, a retraining fires after a few dozen examples
        defaults.putAll(Map.of(
                "pseudo.enabled", "true",
                "retrain.min.examples", "40",
                "retrain.rare.min", "10",
                "retrain.epochs", "1"));
        // trends within a minute, and the planted spike's alert within the first
        defaults.putAll(Map.of(
                "trends.window.ms", "10000",
                "trends.long.window.ms", "60000",
                "trends.grace.ms", "2000",
                "alerts.warmup.windows", "3"));
        Path topicsFile = dir.resolve("topics.yaml");
        try (InputStream in = DemoCommand.class.getResourceAsStream("/samples/topics.yaml")) {
            Files.write(topicsFile, in.readAllBytes());
        }
        defaults.put("topics.file", topicsFile.toString());
        Map<String, String> own = new java.util.HashMap<>(Map.of(
                "bootstrap.servers", kafka.bootstrapServers(),
                "schema.registry.url", registry.url(),
                "state.dir", dir.resolve("state").toString(),
                "http.port", Integer.toString(httpPort),
                "retrain.model.store", dir.resolve("models").toString()));
        if (baseCorpus != null) {
            if (!Files.isDirectory(baseCorpus))
                throw new IllegalArgumentException("--base-corpus " + baseCorpus + " is not a directory");
            own.put("retrain.base.corpus", baseCorpus.toAbsolutePath().toString());
            // the loop starts from a deliberately short-trained model, so the first retraining has something to win
            // and the swap is visible; the shipped model is hard to beat in one epoch and the gate would (rightly)
            // reject
            defaults.put("model.dir", STARTER_MODEL);
            defaults.put("retrain.fine.tune.lr", "0.001");
        }
        if (model != null) own.put("model.dir", model.toString());
        return config.load(defaults, "demo").with(own);
    }

    private void banner(
            EmostreamConfig c,
            ClassifierRuntime runtime,
            EmbeddedKafka kafka,
            SchemaRegistryServer registry,
            Path dir,
            boolean temp,
            List<String> comments) {
        System.out.println();
        System.out.println(
                "emostream demo — model " + runtime.models().current().version());
        System.out.println("  Kafka bootstrap servers : " + kafka.bootstrapServers());
        System.out.println("  schema registry         : " + registry.url());
        if (runtime.http() != null)
            System.out.println("  dashboard               : http://127.0.0.1:"
                    + runtime.http().port() + "/  (/api/trends, /api/alerts, /api/topics, /metrics)");
        Topics topics = Topics.of(c);
        System.out.println("  topics                  : " + topics.comments() + " -> " + topics.labelled()
                + " (dead letters: " + topics.dlq() + ")"
                + (topics.trendsEnabled() ? " -> " + topics.trends() + ", " + topics.alerts() : ""));
        List<String> tracked = io.emostream.tracking.TrackedTopics.from(c).current().topics().stream()
                .map(io.emostream.tracking.TrackedTopic::name)
                .toList();
        if (!tracked.isEmpty())
            System.out.println("  tracked topics          : " + String.join(", ", tracked) + " (" + c.get("topics.file")
                    + "; edit it while the demo runs)");
        if (c.getBoolean("trends.enabled")) {
            System.out.println(
                    "  trends                  : " + c.getLong("trends.window.ms") / 1000 + " s windows per source ("
                            + String.join(", ", SOURCES) + ") and per tracked topic"
                            + (noSpike || comments.isEmpty()
                                    ? ""
                                    : "; a burst of angry comments about Nimbus in 'forum' " + firstSpikeMs() / 1000
                                            + " s after start (then every 5 min) raises alerts"));
        }
        if (!c.get("alerts.webhook.url").isBlank() || !c.get("alerts.slack.url").isBlank())
            System.out.println("  alert delivery          : "
                    + String.join(
                            " and ",
                            java.util.stream.Stream.of("webhook", "slack")
                                    .filter(k -> !c.get("alerts." + k + ".url").isBlank())
                                    .toList()));
        System.out.println("  data                    : " + dir + (temp ? " (deleted on exit)" : ""));
        System.out.println(
                comments.isEmpty()
                        ? "No comments in " + input
                                + ": serving the broker, the registry and the classifier for other clients (./emostream produce); Ctrl-C to stop."
                        : "Streaming " + comments.size() + " sample comments at " + rate + "/s; Ctrl-C to stop.");
        System.out.println(
                baseCorpus != null
                        ? "Retraining loop on: after the first " + comments.size()
                                + " comments the sample feedback is sent; a retraining, the gate's decision and the swap show as *** lines."
                                + (c.get("model.dir").equals(STARTER_MODEL)
                                        ? "\nThe loop starts from " + STARTER_MODEL
                                                + " (one epoch of training) so that a retraining can beat it;"
                                                + " --model models/default starts from the shipped model instead."
                                        : "")
                        : "Retraining loop off (give --base-corpus ../shared/data/goemotions to see it).");
        System.out.println();
    }

    /** The sample comments at --rate, from the three sources, with the planted burst; feedback after the first pass. */
    private void traffic(EmostreamConfig c, Lifecycle parts, List<String> comments) throws IOException {
        CommentProducer producer = parts.add(
                "producer", new CommentProducer(c, Topics.of(c).comments().name(), rate));
        List<String> spike = noSpike ? List.of() : sample("/samples/spike.txt");
        long started = System.currentTimeMillis();
        java.util.Random sources = new java.util.Random(42);
        Runnable produce = () -> {
            try {
                int angry = 0;
                for (long i = 0;
                        !comments.isEmpty() && !Thread.currentThread().isInterrupted() && (count == 0 || i < count);
                        i++) {
                    String source = SOURCES.get(sources.nextInt(SOURCES.size()));
                    String text = !spike.isEmpty()
                                    && source.equals("forum")
                                    && spiking(System.currentTimeMillis() - started, firstSpikeMs())
                            ? spike.get(angry++ % spike.size())
                            : comments.get((int) (i % comments.size()));
                    long id = i;
                    producer.send(() -> CommentEvent.newBuilder()
                            .setId("demo-" + id)
                            .setText(text)
                            .setSource(source)
                            .setCreatedAt(Instant.now())
                            .build());
                    if (baseCorpus != null && i == comments.size() - 1) sendFeedback(c);
                }
                producer.flush();
            } catch (RuntimeException e) {
                if (!Thread.currentThread().isInterrupted())
                    System.err.println("emostream demo: producer stopped: " + e.getMessage());
            }
        };
        parts.thread("emostream-demo-producer", produce);
    }

    /** The sources the demo's comments come from. */
    static final List<String> SOURCES = List.of("news", "forum", "reviews");

    /**
     * When the first planted spike comes. With the learning loop the first retraining swaps the model about 45 s in,
     * and the alert baselines start again then (a new model's labels are not a spike): the spike waits until they
     * have warmed up.
     */
    long firstSpikeMs() {
        return baseCorpus != null ? 120_000 : 45_000;
    }

    /** The planted spike: 12 s of angry comments in 'forum' from {@code firstMs} after start, then every 5 minutes. */
    static boolean spiking(long elapsedMs, long firstMs) {
        return elapsedMs >= firstMs && (elapsedMs - firstMs) % 300_000 < 12_000;
    }

    private static List<String> sample(String resource) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank())
                    .toList();
        }
    }

    private void sendFeedback(EmostreamConfig c) {
        try (io.emostream.produce.FeedbackProducer p = new io.emostream.produce.FeedbackProducer(
                c, Topics.of(c).feedback().name())) {
            List<String> lines;
            if (feedback != null) lines = Files.readAllLines(feedback, StandardCharsets.UTF_8);
            else
                try (InputStream in = DemoCommand.class.getResourceAsStream("/samples/feedback.jsonl")) {
                    lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                            .lines()
                            .toList();
                }
            long n = 0;
            for (String line : lines) {
                var f = io.emostream.produce.FeedbackReader.read(
                        line, ++n, feedback == null ? Path.of("samples/feedback.jsonl") : feedback);
                if (f != null) p.send(f);
            }
            System.out.println("*** sent " + p.sent() + " feedback records to "
                    + Topics.of(c).feedback());
        } catch (IOException e) {
            System.err.println("emostream demo: could not send feedback: " + e.getMessage());
        }
    }

    private List<String> loadComments() throws IOException {
        List<String> lines;
        if (input != null) {
            // any readable file, /dev/null included: an empty input makes a demo that only serves other clients
            if (!Files.exists(input) || Files.isDirectory(input) || !Files.isReadable(input))
                throw new IllegalArgumentException("input file " + input + " not found or not readable");
            List<String> read = new ArrayList<>();
            try (TextLines in = new TextLines(Files.newInputStream(input))) {
                for (TextLines.Line l; (l = in.next()) != null; ) {
                    if (l.valid()) read.add(l.text());
                    else System.err.println("emostream demo: " + input + ": " + l.error() + "; skipped");
                }
            }
            lines = read;
        } else {
            lines = sample("/samples/comments.txt");
        }
        lines = lines.stream().filter(l -> !l.isBlank()).toList();
        return lines;
    }
}
