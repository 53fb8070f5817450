package io.emostream.bench;

import ai.djl.pytorch.jni.JniUtils;
import io.emostream.config.EmostreamConfig;
import io.emostream.embedded.EmbeddedKafka;
import io.emostream.model.EmotionModel;
import io.emostream.model.ModelHolder;
import io.emostream.streams.ClassifierMetrics;
import io.emostream.streams.ClassifierTopology;
import io.emostream.streams.ThreadScorers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The `bench` command's measurements, all in one run so the ratios compare like with like. */
public final class Benchmark {
    private final EmotionModel model;
    private final List<String> texts;
    private final PrintStream out;
    private final Map<Integer, ModelBench.Result> modelResults = new LinkedHashMap<>();
    private final WarmUp warmUp;
    private int concurrency = 1;

    /** @param warmUpMaxSeconds longest warm-up of the pipeline before its first timed run ({@link WarmUp}) */
    public Benchmark(EmotionModel model, List<String> texts, PrintStream out, double warmUpMaxSeconds) {
        this.model = model;
        this.texts = texts;
        this.out = out;
        this.warmUp = new WarmUp(warmUpMaxSeconds);
    }

    /** @param concurrency model calls at once, as in the pipeline: stream threads x inference lanes */
    public void modelOnly(double seconds, int concurrency) {
        this.concurrency = concurrency;
        out.printf(
                "model %s on %s, %d cores, %d CPU threads per model call, %d calls at once (stream threads x inference lanes)%n%n",
                model.version(),
                model.device(),
                Runtime.getRuntime().availableProcessors(),
                JniUtils.getNumThreads(),
                concurrency);
        ForwardCost cost = new ForwardCost(model.bundle().config());
        int[] batches = {1, 32, 64, 256};
        // each batch size measured ROUNDS times, the sizes interleaved, so that a machine that speeds up or slows down
        // during the run (JIT, another process) spreads over all of them instead of favouring one
        Map<Integer, List<ModelBench.Result>> runs = new LinkedHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (int batch : batches)
                runs.computeIfAbsent(batch, b -> new java.util.ArrayList<>())
                        .add(ModelBench.measure(model, repeat(batch), batch, seconds, concurrency));
        }
        out.printf(
                "%-10s %30s %30s %12s%n",
                "batch", "classify texts/s (min-max)", "forward texts/s (min-max)", "GFLOP/s");
        for (int batch : batches) {
            List<ModelBench.Result> rs = runs.get(batch);
            double classify = median(rs.stream()
                    .mapToDouble(ModelBench.Result::classifyPerSecond)
                    .toArray());
            double forward = median(
                    rs.stream().mapToDouble(ModelBench.Result::forwardPerSecond).toArray());
            modelResults.put(batch, new ModelBench.Result(batch, classify, forward));
            out.printf(
                    "%-10d %,12.0f (%,7.0f-%,7.0f) %,12.0f (%,7.0f-%,7.0f) %12s%n",
                    batch,
                    classify,
                    rs.stream()
                            .mapToDouble(ModelBench.Result::classifyPerSecond)
                            .min()
                            .orElse(0),
                    rs.stream()
                            .mapToDouble(ModelBench.Result::classifyPerSecond)
                            .max()
                            .orElse(0),
                    forward,
                    rs.stream()
                            .mapToDouble(ModelBench.Result::forwardPerSecond)
                            .min()
                            .orElse(0),
                    rs.stream()
                            .mapToDouble(ModelBench.Result::forwardPerSecond)
                            .max()
                            .orElse(0),
                    Double.isNaN(cost.flopsPerText()) ? "n/a" : String.format("%.1f", cost.gflops(forward)));
        }
        out.printf(
                "(median of %d interleaved measurements of %.0f s each; %s)%n%n",
                ROUNDS,
                seconds,
                Double.isNaN(cost.flopsPerText())
                        ? "encoder architecture: \"forward\" is the head alone, on embeddings computed beforehand; \"classify\" includes the encoder"
                        : String.format(
                                "forward GFLOP/s: %.1f MFLOP per text from the network's shape, over all %d calls at once",
                                cost.flopsPerText() / 1e6, concurrency));
    }

    private static final int ROUNDS = 3;

    /**
     * A stream in which 30 % of the comments repeat one of the last thousand (retweets, shares), at the configured
     * batch.size, without and then with the score cache: records/s of each, in one run.
     */
    private void repeats(
            PipelineBench pb, EmostreamConfig base, ThreadScorers scorers, SimpleMeterRegistry registry, int records) {
        String in = "bench-repeats";
        pb.preload(in, repeatedTexts(texts, records, 0.3, 42), records);
        for (long size : new long[] {0, 10_000}) {
            String out = "bench-repeats-out-" + size;
            EmostreamConfig c = base.with(Map.of(
                    "topic.comments",
                    in,
                    "topic.labelled",
                    out,
                    "topic.dlq",
                    "bench-dlq",
                    "score.cache.size",
                    Long.toString(size)));
            double r = pb.recordsPerSecond(
                    ClassifierTopology.build(c, scorers, new ClassifierMetrics(registry)), out, records);
            report(size == 0 ? "30% repeated texts, no score cache" : "30% repeated texts, score cache 10,000", r);
        }
    }

    /**
     * The classifier at the configured batch.size without tracked topics and then with 1,000 topics of 10 terms each
     * (a brand, its products, hashtag and handle), back to back on the same input: records/s of each and the cost.
     */
    private void trackedTopics(
            PipelineBench pb,
            EmostreamConfig base,
            ThreadScorers scorers,
            SimpleMeterRegistry registry,
            String in,
            int records) {
        java.nio.file.Path file;
        try {
            file = java.nio.file.Files.createTempFile("emostream-bench-topics", ".yaml");
            file.toFile().deleteOnExit();
            StringBuilder yaml = new StringBuilder("topics:\n");
            for (int t = 0; t < 1000; t++) {
                yaml.append("  - name: brand").append(t).append("\n    terms: [");
                for (int k = 0; k < 10; k++)
                    yaml.append(k == 0 ? "" : ", ")
                            .append(
                                    switch (k % 4) {
                                        case 0 -> "brand" + t + " model" + k;
                                        case 1 -> "\"#brand" + t + "x" + k + "\"";
                                        case 2 -> "\"@brand" + t + "support" + k + "\"";
                                        default -> "brand" + t + "x" + k;
                                    });
                yaml.append("]\n");
            }
            java.nio.file.Files.writeString(file, yaml);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // the matcher alone, on one thread, over the bench's comments: what the pipeline figures below can only blur
        io.emostream.tracking.TopicMatcher matcher =
                io.emostream.tracking.TrackedTopics.load(file, "topic", 0).current();
        long matched = 0, found = 0, t0 = System.nanoTime();
        while (System.nanoTime() - t0 < 2_000_000_000L)
            for (String text : texts) {
                found += matcher.match(text, Map.of()).size();
                matched++;
            }
        double perSecond = matched / ((System.nanoTime() - t0) / 1e9);
        out.printf(
                "topic matching alone, 1,000 topics x 10 terms: %,.0f comments/s on one thread (%.1f us each)%n",
                perSecond, 1e6 / perSecond);
        if (found < 0) out.println(); // keeps the loop's result alive
        double without = 0;
        for (boolean topics : new boolean[] {false, true}) {
            String labelled = "bench-topics-" + topics;
            EmostreamConfig c = base.with(Map.of(
                    "topic.comments",
                    in,
                    "topic.labelled",
                    labelled,
                    "topic.dlq",
                    "bench-dlq",
                    "topics.file",
                    topics ? file.toString() : ""));
            double r = pb.recordsPerSecond(
                    ClassifierTopology.build(c, scorers, new ClassifierMetrics(registry)), labelled, records);
            if (!topics) {
                without = r;
                report("no tracked topics", r);
            } else {
                report("1,000 tracked topics x 10 terms", r);
                out.printf("  tracked topics cost %.1f %% of the throughput%n", 100 * (1 - r / without));
            }
        }
    }

    /** n texts, each new (a sample text made unique) or, with probability {@code share}, one of the last thousand. */
    static List<String> repeatedTexts(List<String> samples, int n, double share, long seed) {
        java.util.Random random = new java.util.Random(seed);
        List<String> out = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (i > 0 && random.nextDouble() < share) out.add(out.get(Math.max(0, i - 1 - random.nextInt(1000))));
            else out.add(samples.get(i % samples.size()) + " (" + i + ")");
        }
        return out;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    public void pipeline(
            EmbeddedKafka kafka,
            EmostreamConfig base,
            int records,
            int slowRecords,
            LatencyPlan latencyPlan,
            int partitions) {
        PipelineBench pb = new PipelineBench(kafka, base, partitions);
        String in = "bench-in";
        pb.preload(in, texts, records);
        Map<String, Double> rates = new LinkedHashMap<>();
        kafka.createTopics(List.of("bench-dlq"), 1);
        warmUp(pb, base, in, records);
        rates.put(
                "pass-through",
                pb.recordsPerSecond(
                        PerRecordTopology.passThrough(in, "bench-pass-through"), "bench-pass-through", records));
        report("pass-through (no model)", rates.get("pass-through"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // the holder is not closed here: the model belongs to the caller
        ModelHolder holder = new ModelHolder(model);
        try (ThreadScorers scorers = new ThreadScorers(holder);
                // the same topology with the forward pass replaced by constant scores: what the pipeline costs without
                // the model
                ThreadScorers noModel = new ThreadScorers(
                        holder,
                        (scorer, cleaned) -> constantScores(
                                cleaned.size(),
                                model.labels().size() + model.groupOutputs().size()))) {
            EmostreamConfig nc = base.with(
                    Map.of("topic.comments", in, "topic.labelled", "bench-no-model", "topic.dlq", "bench-dlq"));
            kafka.createTopics(List.of("bench-dlq"), 1);
            rates.put(
                    "no-model",
                    pb.recordsPerSecond(
                            ClassifierTopology.build(nc, noModel, new ClassifierMetrics(registry)),
                            "bench-no-model",
                            records));
            report("classifier, constant scores (no model)", rates.get("no-model"));
            double peak = 0;
            for (int batch : new int[] {1, 16, 64, 256}) {
                String outTopic = "bench-batched-" + batch;
                EmostreamConfig c = base.with(Map.of(
                        "topic.comments",
                        in,
                        "topic.labelled",
                        outTopic,
                        "topic.dlq",
                        "bench-dlq",
                        "batch.size",
                        Integer.toString(batch)));
                kafka.createTopics(List.of("bench-dlq"), 1);
                double r = pb.recordsPerSecond(
                        ClassifierTopology.build(c, scorers, new ClassifierMetrics(registry)),
                        outTopic,
                        batch == 1 ? slowRecords : records);
                rates.put("batch-" + batch, r);
                peak = Math.max(peak, r);
                report("micro-batched, batch.size=" + batch, r);
            }
            repeats(pb, base, scorers, registry, records);
            trackedTopics(pb, base, scorers, registry, in, records);
            boolean async = base.getBoolean("inference.async");
            String otherOut = "bench-batched-64-" + (async ? "sync" : "async");
            EmostreamConfig other = base.with(Map.of(
                    "topic.comments",
                    in,
                    "topic.labelled",
                    otherOut,
                    "topic.dlq",
                    "bench-dlq",
                    "batch.size",
                    "64",
                    "inference.async",
                    Boolean.toString(!async)));
            double otherRate = pb.recordsPerSecond(
                    ClassifierTopology.build(other, scorers, new ClassifierMetrics(registry)), otherOut, records);
            report("  same, batch.size=64, inference.async=" + !async, otherRate);
            double perRecord = pb.recordsPerSecond(
                    PerRecordTopology.build(in, "bench-per-record", base.serdeConfig(), scorers),
                    "bench-per-record",
                    slowRecords);
            rates.put("per-record", perRecord);
            report("per-record mapValues(predict)", perRecord);
            // the same pattern as its authors run it: PyTorch's default threads (new threads pick the setting up)
            int configured = JniUtils.getNumThreads();
            int cores = Runtime.getRuntime().availableProcessors();
            double perRecordDefault = Double.NaN;
            if (configured != cores) {
                JniUtils.setNumThreads(cores);
                try {
                    perRecordDefault = pb.recordsPerSecond(
                            PerRecordTopology.build(in, "bench-per-record-default", base.serdeConfig(), scorers),
                            "bench-per-record-default",
                            slowRecords);
                } finally {
                    JniUtils.setNumThreads(configured);
                }
                report("  same, PyTorch default " + cores + " threads per call", perRecordDefault);
            }

            // half the peak of the configuration whose latency is measured (the configured batch.size), as the bound is
            // its own
            double offered = (rates.containsKey("batch-" + base.getInt("batch.size"))
                            ? rates.get("batch-" + base.getInt("batch.size"))
                            : peak)
                    / 2;
            latency(pb, base, scorers, offered, latencyPlan, " (half this configuration's peak)");
            // the peak above was measured while the JIT compiler was still busy; measured again now, the JVM is a
            // latency run older, which shows whether "half the peak" was really half
            int configuredBatch = base.getInt("batch.size");
            EmostreamConfig again = base.with(
                    Map.of("topic.comments", in, "topic.labelled", "bench-batched-again", "topic.dlq", "bench-dlq"));
            double warmPeak = pb.recordsPerSecond(
                    ClassifierTopology.build(again, scorers, new ClassifierMetrics(registry)),
                    "bench-batched-again",
                    records);
            out.printf(
                    "  batch.size=%d again, after the latency run: %,.0f records/s; the latency run offered %.0f%% of that%n",
                    configuredBatch, warmPeak, 100 * offered / warmPeak);
            out.println();
            double modelOnly64 =
                    modelResults.containsKey(64) ? modelResults.get(64).classifyPerSecond() : Double.NaN;
            out.println("ratios (same run):");
            out.printf(
                    "  micro-batched (batch 64) / per-record          = %6.1fx%n", rates.get("batch-64") / perRecord);
            out.printf("  best micro-batched / per-record                = %6.1fx%n", peak / perRecord);
            if (!Double.isNaN(perRecordDefault)) {
                out.printf("  best micro-batched / per-record, default threads = %4.1fx%n", peak / perRecordDefault);
            }
            // per-record runs one call at a time, the batched pipeline as many as it has lanes: the model alone,
            // batched that way, over per-record is the most any pipeline around this model could show on this machine
            double modelOnlyBest = modelResults.values().stream()
                    .mapToDouble(ModelBench.Result::classifyPerSecond)
                    .max()
                    .orElse(Double.NaN);
            out.printf(
                    "  model-only (best batch) / per-record           = %6.1fx  (the ceiling of the ratio above with this model here)%n",
                    modelOnlyBest / perRecord);
            out.printf(
                    "  pipeline (batch 64) / model-only (batch 64)    = %6.0f%%%n",
                    100 * rates.get("batch-64") / modelOnly64);
            out.printf(
                    "  pipeline (batch 64) / pass-through             = %6.1f%%%n",
                    100 * rates.get("batch-64") / rates.get("pass-through"));
            out.printf(
                    "  pipeline (batch 64) / no-model pipeline        = %6.1f%%%n",
                    100 * rates.get("batch-64") / rates.get("no-model"));
            out.printf(
                    "  batch 64, inference.async=%-5s / =%-5s        = %6.2fx%n",
                    async, !async, rates.get("batch-64") / otherRate);
        }
    }

    /**
     * The latency run alone, at {@code offered} records/s, after the same untimed warm-up pass as {@link #pipeline}
     * (which offers half the configured batch size's own peak instead). Prints what {@link #latency} prints.
     */
    public void latencyOnly(
            EmbeddedKafka kafka,
            EmostreamConfig base,
            int records,
            double offered,
            LatencyPlan latencyPlan,
            int partitions) {
        PipelineBench pb = new PipelineBench(kafka, base, partitions);
        pb.preload("bench-in", texts, records);
        kafka.createTopics(List.of("bench-dlq"), 1);
        warmUp(pb, base, "bench-in", records);
        try (ThreadScorers scorers = new ThreadScorers(new ModelHolder(model))) {
            latency(pb, base, scorers, offered, latencyPlan, " (as asked)");
        }
    }

    /**
     * p50 / p99 createdAt → classifiedAt at a fixed offered load, where it went (stages, windows, commits, JIT and GC),
     * and the bar's bound: two max delays plus one batch of model-only time.
     */
    private void latency(
            PipelineBench pb,
            EmostreamConfig base,
            ThreadScorers scorers,
            double offered,
            LatencyPlan plan,
            String why) {
        EmostreamConfig c = base.with(Map.of(
                "topic.comments", "bench-latency-in", "topic.labelled", "bench-latency-out", "topic.dlq", "bench-dlq"));
        ClassifierMetrics latencyMetrics = new ClassifierMetrics(new SimpleMeterRegistry());
        PipelineBench.Latency lat = pb.latencyAt(
                ClassifierTopology.build(c, scorers, latencyMetrics),
                latencyMetrics,
                "bench-latency-in",
                "bench-latency-out",
                texts,
                offered,
                plan);
        int batch = c.getInt("batch.size");
        // one batch's model time: the model-only rate is summed over the concurrent calls
        double batchModelMs = 1000.0
                * batch
                * concurrency
                / modelResults
                        .getOrDefault(64, modelResults.values().iterator().next())
                        .classifyPerSecond();
        double bound = 2 * c.getLong("batch.max.delay.ms") + batchModelMs;
        out.println();
        out.printf(
                "latency at %,.0f records/s offered%s, batch.size=%d, batch.max.delay.ms=%d,%n"
                        + "  %d records after %.0f s at that load untimed: p50 %d ms, p99 %d ms%n",
                offered,
                why,
                batch,
                c.getLong("batch.max.delay.ms"),
                lat.records(),
                plan.warmUpSeconds(),
                lat.p50(),
                lat.p99());
        out.printf(
                "  bound 2 x max delay + one batch of model time = %.0f ms -> %s%n",
                bound, lat.p99() <= bound ? "met" : "NOT met");
        // the same bound with the model time a batch actually took at this load (median of the model stage), which on
        // a machine the broker and the JIT share is longer than the model-only time of a full batch
        long inPipelineMs = lat.stageP50P99().get("model")[0];
        double inPipelineBound = 2 * c.getLong("batch.max.delay.ms") + inPipelineMs;
        out.printf(
                "  same bound with the median model time of a batch at this load (%d ms) = %.0f ms -> %s%n",
                inPipelineMs, inPipelineBound, lat.p99() <= inPipelineBound ? "met" : "NOT met");
        out.print("  stages, p50 / p99 ms:");
        lat.stageP50P99().forEach((stage, p) -> out.printf(" %s %d / %d;", stage, p[0], p[1]));
        var sizes = latencyMetrics.registry().get("emostream.batch.size").summary();
        out.printf(" %,d batches of %.1f records on average%n", sizes.count(), sizes.mean());
        out.printf(
                "  p99 by %d s window (is it steady?): %s%n",
                PipelineBench.WINDOW_SECONDS,
                lat.p99ByWindow().isEmpty()
                        ? "the timed part is shorter than one window"
                        : lat.p99ByWindow().stream().map(String::valueOf).collect(Collectors.joining(", ")) + " ms");
        Map<String, Double> t = lat.streamThread();
        if (t.containsKey("commit-latency-avg")) {
            out.printf(
                    "  stream thread: commits %.0f ms on average (max %.0f), time committing / processing / polling %.0f%% / %.0f%% / %.0f%%%n",
                    t.get("commit-latency-avg"),
                    t.getOrDefault("commit-latency-max", Double.NaN),
                    100 * t.getOrDefault("commit-ratio", Double.NaN),
                    100 * t.getOrDefault("process-ratio", Double.NaN),
                    100 * t.getOrDefault("poll-ratio", Double.NaN));
        }
        if (!lat.jvmActivity().isEmpty())
            out.printf("  this JVM while timed (broker, stream, bench clients): %s%n", lat.jvmActivity());
    }

    /**
     * Runs the pass-through and the classifier once, untimed. Without it the first measured runs pay for the JIT
     * compiling Kafka's, Avro's and our code: JFR showed the C1/C2 compiler threads using about 40% of the machine
     * during the (then second) no-model run.
     */
    private void warmUp(PipelineBench pb, EmostreamConfig base, String in, int records) {
        long started = System.nanoTime();
        pb.recordsPerSecond(
                PerRecordTopology.passThrough(in, "bench-warm-up-pass-through"), "bench-warm-up-pass-through", records);
        List<Double> rates = new java.util.ArrayList<>();
        try (ThreadScorers scorers = new ThreadScorers(new ModelHolder(model))) {
            while (warmUp.another(rates, (System.nanoTime() - started) / 1e9)) {
                String outTopic = "bench-warm-up-" + (rates.size() + 1);
                EmostreamConfig c =
                        base.with(Map.of("topic.comments", in, "topic.labelled", outTopic, "topic.dlq", "bench-dlq"));
                rates.add(pb.recordsPerSecond(
                        ClassifierTopology.build(c, scorers, new ClassifierMetrics(new SimpleMeterRegistry())),
                        outTopic,
                        records));
            }
        }
        out.printf(
                "(warm-up, untimed, %.0f s: pass-through, then the classifier over %,d records per pass at %s records/s; %s)%n",
                (System.nanoTime() - started) / 1e9,
                records,
                rates.stream().map(r -> String.format("%,.0f", r)).collect(Collectors.joining(", ")),
                WarmUp.settled(rates) ? "settled" : "NOT settled within --warm-up-max " + warmUp.maxSeconds() + " s");
    }

    private static float[][] constantScores(int n, int labels) {
        float[][] out = new float[n][labels];
        for (float[] row : out) java.util.Arrays.fill(row, 0.2f);
        return out;
    }

    private void report(String what, double rate) {
        out.printf("%-36s %,12.0f records/s%n", what, rate);
    }

    private List<String> repeat(int n) {
        List<String> l = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) l.add(texts.get(i % texts.size()));
        return l;
    }
}
