package io.emostream.cli;

import io.emostream.bench.Benchmark;
import io.emostream.bench.LatencyPlan;
import io.emostream.config.EmostreamConfig;
import io.emostream.embedded.EmbeddedKafka;
import io.emostream.model.Devices;
import io.emostream.model.EmotionModel;
import io.emostream.serde.SchemaRegistryServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Measure, in one run: model throughput at batch 1/32/64/256 (classify path and bare forward pass), then, through "
                    + "a real in-process broker, the pass-through, the micro-batched classifier at batch 1/16/64/256 and the per-record "
                    + "mapValues pattern, and p50/p99 latency at half the peak load (where it went, and whether the JVM had settled). "
                    + "Prints the figures and the ratios the README quotes."
        },
        footer = {
            "",
            "Example:",
            "  ./emostream bench",
            "  ./emostream bench --model-only",
            "  ./emostream bench --encoders",
            "  ./emostream bench --latency-at 1000 --seconds 1",
            "  ./emostream bench --set batch.max.delay.ms=20 --set kafka.producer.linger.ms=5"
        })
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--model", description = "model bundle. Default: the shipped models/default")
    Path model;

    @Option(
            names = "--records",
            defaultValue = "20000",
            description = "records per fast pipeline run and per warm-up pass. Default: ${DEFAULT-VALUE}")
    int records;

    @Option(
            names = "--slow-records",
            defaultValue = "2000",
            description = "records for batch 1 and per-record runs. Default: ${DEFAULT-VALUE}")
    int slowRecords;

    @Option(
            names = "--warm-up-max",
            defaultValue = "120",
            description =
                    "longest warm-up of the pipeline before it is timed: classifier passes over --records until one gains under 5%% on the best before it. Default: ${DEFAULT-VALUE}")
    double warmUpMax;

    @Option(
            names = "--seconds",
            defaultValue = "4",
            description = "seconds per model-only measurement. Default: ${DEFAULT-VALUE}")
    double seconds;

    @Option(
            names = "--latency-seconds",
            defaultValue = "30",
            description = "timed length of the fixed-load latency run. Default: ${DEFAULT-VALUE}")
    double latencySeconds;

    @Option(
            names = "--latency-warm-up",
            defaultValue = "60",
            description =
                    "seconds at the fixed load, untimed, before the latency run is timed (a young JVM on a small machine takes minutes to settle). Default: ${DEFAULT-VALUE}")
    double latencyWarmUp;

    @Option(
            names = "--partitions",
            defaultValue = "1",
            description =
                    "partitions of the bench topics (use with --set num.stream.threads=N). Default: ${DEFAULT-VALUE}")
    int partitions;

    @Option(names = "--model-only", description = "skip the broker runs")
    boolean modelOnly;

    @Option(
            names = "--encoders",
            description =
                    "only time the model's fine-tuned encoder served three ways over the sample texts (ONNX Runtime int8 one text per call, as shipped; ONNX Runtime fp32 and PyTorch fp32 in length-sorted batches), with their ratios")
    boolean encoders;

    @Option(
            names = "--latency-at",
            paramLabel = "RECORDS_PER_S",
            description =
                    "skip the throughput runs: after the model-only figures and the warm-up, measure latency (and where it goes) at this offered load only")
    Double latencyAt;

    @Option(
            names = "--guarantee",
            defaultValue = "exactly_once_v2",
            description = "processing.guarantee for the pipeline runs. Default: ${DEFAULT-VALUE}")
    String guarantee;

    @picocli.CommandLine.Mixin
    ConfigOptions config;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (latencyAt != null && !(latencyAt > 0))
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--latency-at must be a positive rate in records/s, was " + latencyAt);
        List<String> texts;
        try (InputStream in = BenchCommand.class.getResourceAsStream("/samples/comments.txt")) {
            texts = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank())
                    .toList();
        }
        if (!(warmUpMax >= 0))
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--warm-up-max must be 0 or more seconds, was " + warmUpMax);
        LatencyPlan plan;
        try {
            plan = new LatencyPlan(latencyWarmUp, latencySeconds);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        EmostreamConfig settings = config.load();
        Devices.useCpuThreads(settings.inferenceThreads());
        if (encoders) return encoders(texts, settings);
        try (EmotionModel m = EmotionModel.load(model != null ? model : Paths.defaultModel(), "auto")) {
            Benchmark bench = new Benchmark(m, texts, System.out, warmUpMax);
            bench.modelOnly(
                    seconds,
                    settings.getInt("num.stream.threads")
                            * (settings.getBoolean("inference.async") ? settings.inferenceLanes() : 1));
            if (modelOnly) return 0;
            Path state = Files.createTempDirectory("emostream-bench");
            try (EmbeddedKafka kafka = EmbeddedKafka.start(0, null);
                    SchemaRegistryServer registry = SchemaRegistryServer.start(0)) {
                // the user's settings (batch.size, kafka.* client tuning...) with the in-process broker and registry
                EmostreamConfig c = settings.with(java.util.Map.of(
                        "bootstrap.servers",
                        kafka.bootstrapServers(),
                        "schema.registry.url",
                        registry.url(),
                        "state.dir",
                        state.toString(),
                        "processing.guarantee",
                        guarantee,
                        // the runs cycle through a few sample texts: with the score cache they would time the cache,
                        // so it is off but in the run that measures it
                        "score.cache.size",
                        "0"));
                if (latencyAt != null) bench.latencyOnly(kafka, c, records, latencyAt, plan, partitions);
                else bench.pipeline(kafka, c, records, slowRecords, plan, partitions);
            }
        }
        return 0;
    }

    private int encoders(List<String> samples, EmostreamConfig settings) {
        Path dir = model != null ? model : Paths.defaultModel();
        io.emostream.model.ModelConfig c =
                io.emostream.model.ModelBundle.read(dir).config();
        if (c.encoderWeights() == null)
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--encoders: " + dir + " has no fine-tuned encoder (encoder-weights.bin)");
        List<String> texts = new java.util.ArrayList<>();
        while (texts.size() < 2000) texts.addAll(samples);
        System.out.printf(
                "%s's encoder over %d sample comments, %d cores%n",
                dir, texts.size(), Runtime.getRuntime().availableProcessors());
        io.emostream.bench.EncoderBackends.measure(
                c.encoder(), dir.resolve(c.encoderWeights()), texts, settings.inferenceLanes(), System.out);
        return 0;
    }
}
