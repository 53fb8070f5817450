package io.emostream.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders {@code docs/configuration.md} from {@code emostream.properties}, where every key is defined once with its
 * default and, in the comment lines above it, its meaning: the file that configures emostream is the one the docs
 * are made of ({@code ./emostream config-docs}; a test fails when the two drift apart).
 */
public final class ConfigDocs {
    private ConfigDocs() {}

    /** The shipped properties file as markdown. */
    public static String render() {
        try (InputStream in = ConfigDocs.class.getResourceAsStream("/emostream.properties")) {
            return render(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String render(String properties) {
        StringBuilder md = new StringBuilder();
        md.append("# Configuration\n\n");
        md.append(
                "<!-- generated from src/main/resources/emostream.properties by ./emostream config-docs; do not edit -->\n\n");
        List<String> pending = new ArrayList<>();
        boolean header = true, inTable = false;
        for (String raw : properties.split("\n", -1)) {
            String line = raw.strip();
            if (line.startsWith("# ---")) {
                header = false;
                String title = line.replaceAll("^# -+\\s*", "").replaceAll("\\s*-+$", "");
                md.append("\n\n## ").append(title).append("\n\n| key | default | meaning |\n|---|---|---|\n");
                inTable = true;
                pending.clear();
            } else if (line.startsWith("#")) {
                String text = line.substring(1).strip();
                if (header) md.append(text).append(text.isEmpty() ? "\n" : " ");
                else pending.add(text);
            } else if (line.isEmpty()) {
                if (header) md.append("\n");
                pending.clear();
            } else {
                int eq = line.indexOf('=');
                String key = line.substring(0, eq).strip(),
                        value = line.substring(eq + 1).strip();
                md.append("| `")
                        .append(key)
                        .append("` | ")
                        .append(value.isEmpty() ? "(empty)" : "`" + value + "`")
                        .append(" | ")
                        .append(String.join(" ", pending).replace("|", "\\|"))
                        .append(" |\n");
                pending.clear();
            }
        }
        return md.toString().replaceAll(" +\n", "\n").replaceAll("\n{3,}", "\n\n");
    }
}
