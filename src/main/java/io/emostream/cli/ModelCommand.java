package io.emostream.cli;

import io.emostream.avro.ModelVersion;
import io.emostream.service.ModelVersions;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description = "The serving model of running classifiers: what was decided, and rollback.",
        subcommands = {ModelCommand.List.class, ModelCommand.Use.class})
final class ModelCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Every decision on model-versions, oldest first; the last promoted one is serving.")
    static final class List implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Override
        public Integer call() {
            java.util.List<ModelVersion> all = new ModelVersions(config.load()).all();
            if (all.isEmpty()) System.out.println("no decisions yet: classifiers serve model.dir");
            for (ModelVersion v : all) {
                System.out.printf(
                        "%s  %-9s %-28s %s%n",
                        DateTimeFormatter.ISO_INSTANT.format(v.getCreatedAt()),
                        v.getStatus(),
                        v.getVersion(),
                        v.getReason());
            }
            return 0;
        }
    }

    @Command(
            name = "use",
            mixinStandardHelpOptions = true,
            description = {
                "Make every running classifier serve a version promoted before, or a bundle directory (a rollback).",
                "Each classifier loads and checks it, then swaps between two batches; a bundle that fails the check is refused."
            },
            footer = {
                "",
                "Examples:",
                "  ./emostream model use r20261201-101500",
                "  ./emostream model use models/default --why 'back to the shipped model'"
            })
    static final class Use implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Parameters(
                paramLabel = "VERSION_OR_BUNDLE",
                description = "a version id from `model list`, or a bundle directory")
        String target;

        @Option(
                names = "--why",
                defaultValue = "rollback",
                description = "recorded as the reason. Default: ${DEFAULT-VALUE}")
        String why;

        @Override
        public Integer call() {
            ModelVersion v = new ModelVersions(config.load()).use(target, why);
            System.out.printf(
                    "published: serve %s (%s); classifiers following %s swap to it%n",
                    v.getVersion(), v.getLocation(), "model-versions");
            return 0;
        }
    }
}
