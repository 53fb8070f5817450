package io.emostream.cli;

import io.emostream.config.EmostreamConfig;
import io.emostream.service.ClassifierRuntime;
import io.emostream.service.Preflight;
import io.emostream.topics.Topics;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run the classifier against an existing Kafka cluster and schema registry until stopped (Ctrl-C / SIGTERM).",
            "Configuration: defaults < --config FILE < EMOSTREAM_* environment < --set key=value."
        },
        footer = {
            "",
            "Example:",
            "  ./emostream run --config my.properties --set bootstrap.servers=broker:9092 --create-topics",
            "  EMOSTREAM_BOOTSTRAP_SERVERS=broker:9092 ./emostream run"
        })
final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(
            names = "--create-topics",
            description = "create missing topics with topics.partitions / topics.replication")
    boolean createTopics;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        EmostreamConfig c = config.load();
        Preflight.check(c, createTopics);
        CountDownLatch stopped = new CountDownLatch(1);
        ClassifierRuntime runtime = ClassifierRuntime.start(c, Paths.home());
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            runtime.close();
                            stopped.countDown();
                        },
                        "emostream-shutdown"));
        if (!runtime.classifier().awaitRunning(Duration.ofMinutes(2))) {
            System.err.println("emostream run: the classifier did not reach RUNNING (state "
                    + runtime.classifier().state() + ")");
        }
        Topics topics = Topics.of(c);
        System.err.printf(
                "emostream: classifying %s -> %s (dead letters: %s) on %s%s%n",
                topics.comments(),
                topics.labelled(),
                topics.dlq(),
                c.get("bootstrap.servers"),
                runtime.http() == null
                        ? ""
                        : "; http://" + c.get("http.host") + ":"
                                + runtime.http().port() + "/");
        // until stopped, or until the stream fails for good: then exit non-zero so that an orchestrator restarts us
        while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
            java.util.List<String> failed = runtime.streams().failed();
            if (!failed.isEmpty()) {
                System.err.println(
                        "emostream run: a stream failed for good: " + String.join(", ", failed) + "; exiting");
                return Main.RUNTIME_FAILURE;
            }
        }
        return 0;
    }
}
