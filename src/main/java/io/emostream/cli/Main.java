package io.emostream.cli;

import io.emostream.model.BundleException;
import io.emostream.text.CorpusFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./emostream}. Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error. */
@Command(
        name = "emostream",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Labels a Kafka stream of comments with the 28 GoEmotions emotions, and retrains its own model.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            ProduceCommand.class,
            TrainCommand.class,
            FineTuneCommand.class,
            EnsembleCommand.class,
            EvaluateCommand.class,
            ClassifyCommand.class,
            TopologyDocsCommand.class,
            BenchCommand.class,
            RetrainCommand.class,
            ModelCommand.class,
            ConfigDocsCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    public static final int RUNTIME_FAILURE = 1;
    public static final int USAGE_ERROR = 2;
    /** {@code classify}: every line answered, but some with an error object instead of labels. */
    public static final int SOME_LINES_NOT_LABELLED = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean verbose = parseResult.originalArgs().contains("--verbose");
            if (verbose) ex.printStackTrace();
            commandLine.getErr().println("emostream " + commandLine.getCommandName() + ": " + oneLine(ex));
            return isUsage(ex) ? USAGE_ERROR : RUNTIME_FAILURE;
        });
        cl.setExitCodeExceptionMapper(ex -> isUsage(ex) ? USAGE_ERROR : RUNTIME_FAILURE);
        return cl;
    }

    static boolean isUsage(Throwable ex) {
        return ex instanceof IllegalArgumentException
                || ex instanceof BundleException
                || ex instanceof CorpusFormatException
                || ex instanceof CommandLine.ParameterException;
    }

    static String oneLine(Throwable ex) {
        String m = ex.getMessage();
        if (m == null || m.isBlank()) m = ex.getClass().getSimpleName();
        return m.replace('\n', ' ') + " (--verbose for details)";
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
