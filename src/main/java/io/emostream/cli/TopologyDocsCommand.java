package io.emostream.cli;

import io.emostream.config.EmostreamConfig;
import io.emostream.service.TopologyCatalog;
import io.emostream.streams.TopologyDocs;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "topology-docs",
        mixinStandardHelpOptions = true,
        description =
                "Regenerate topology-docs/ (describe text, Mermaid, SVG) from the topologies the code builds with the default config.")
final class TopologyDocsCommand implements Callable<Integer> {
    @Option(names = "--out", description = "Default: topology-docs in the checkout")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path dir = out != null ? out : Paths.home().resolve("topology-docs");
        for (Map.Entry<String, Map<String, String>> t :
                TopologyCatalog.documents(EmostreamConfig.defaults()).entrySet()) {
            TopologyDocs.write(dir, t.getValue());
            System.out.println("wrote " + t.getKey() + " to " + dir);
        }
        return 0;
    }
}
