package io.emostream.cli;

import io.emostream.config.EmostreamConfig;
import io.emostream.retrain.RetrainerService;
import io.emostream.service.Lifecycle;
import io.emostream.service.Preflight;
import io.emostream.topics.Topics;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "retrain",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run the retrainer until stopped: takes RetrainRequests from retrain-requests one at a time, retrains on the base",
            "corpus plus training-examples, and publishes the gate's decision (promoted | rejected) on model-versions,",
            "which every running classifier follows."
        },
        footer = {
            "",
            "Example:",
            "  ./emostream retrain --set retrain.base.corpus=../shared/data/goemotions --set bootstrap.servers=127.0.0.1:9092"
        })
final class RetrainCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--create-topics", description = "create missing topics")
    boolean createTopics;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        EmostreamConfig c = config.load();
        Preflight.check(c, createTopics);
        io.micrometer.prometheusmetrics.PrometheusMeterRegistry prometheus =
                new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                        io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        io.emostream.service.ClassifierRuntime.bindJvm(prometheus);
        RetrainerService service = new RetrainerService(c, Paths.home(), System.err::println).bindTo(prometheus);
        // on SIGTERM the retrainer is asked to stop and joined (interrupted if it is still busy 10 s later)
        Lifecycle parts = new Lifecycle();
        Runtime.getRuntime().addShutdownHook(new Thread(parts::close, "emostream-retrainer-shutdown"));
        int port = c.getInt("http.port");
        if (port > 0) {
            // /health for a liveness probe (the request loop is alive), /metrics for the retraining counters
            io.emostream.http.Health health = new io.emostream.http.Health() {
                @Override
                public java.util.List<String> failed() {
                    return service.alive() ? java.util.List.of() : java.util.List.of("retrainer (stopped)");
                }

                @Override
                public java.util.List<String> waiting() {
                    return failed();
                }
            };
            parts.add(
                    "http",
                    io.emostream.http.HttpEndpoint.start(
                            c.get("http.host"),
                            port,
                            new io.emostream.http.HttpEndpoint.Routes(
                                    prometheus, new io.emostream.http.LiveStats(), health, null),
                            c.httpSecurity()));
        }
        System.err.println("emostream retrain: waiting for requests on "
                + Topics.of(c).retrain() + " (base corpus " + c.get("retrain.base.corpus") + ")");
        parts.thread("emostream-retrainer", service, service::close).join();
        return 0;
    }
}
