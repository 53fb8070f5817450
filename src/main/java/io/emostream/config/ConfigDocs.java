package io.emostream.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Renders the two files made from {@link ConfigKeys}: {@code src/main/resources/emostream.properties} (every key with
 * its default and, above it, its meaning: the template a user copies) and {@code docs/configuration.md}
 * ({@code ./emostream config-docs}; a test fails when either drifts from the definitions).
 */
public final class ConfigDocs {
    private static final int WIDTH = 118;

    private ConfigDocs() {}

    /** The properties file: the header, then each section's keys with their meaning wrapped above them. */
    public static String properties() {
        StringBuilder out = new StringBuilder();
        for (String line : ConfigKeys.HEADER) out.append(("# " + line).strip()).append('\n');
        for (Map.Entry<String, List<String>> section : ConfigKeys.SECTIONS.entrySet()) {
            String title = "# --- " + section.getKey() + " ";
            out.append('\n')
                    .append(title)
                    .append("-".repeat(Math.max(3, WIDTH + 2 - title.length())))
                    .append('\n');
            for (String name : section.getValue()) {
                for (String line : wrap(ConfigKeys.DEF.configKeys().get(name).documentation, WIDTH))
                    out.append("# ").append(line).append('\n');
                out.append(name)
                        .append('=')
                        .append(ConfigKeys.DEFAULTS.get(name))
                        .append('\n');
            }
        }
        return out.toString();
    }

    /** docs/configuration.md: the header as prose, then one table per section (key, type, default, valid values, meaning). */
    public static String render() {
        StringBuilder md = new StringBuilder("# Configuration\n\n");
        md.append("<!-- generated from io.emostream.config.ConfigKeys by ./emostream config-docs; do not edit -->\n\n");
        md.append(String.join(" ", ConfigKeys.HEADER)
                        .replaceAll("^emostream configuration: every key, its default and its meaning\\. ", ""))
                .append("\n");
        for (Map.Entry<String, List<String>> section : ConfigKeys.SECTIONS.entrySet()) {
            md.append("\n## ")
                    .append(section.getKey())
                    .append("\n\n| key | type | default | valid values | meaning |\n|---|---|---|---|---|\n");
            for (String name : section.getValue()) {
                ConfigDef.ConfigKey k = ConfigKeys.DEF.configKeys().get(name);
                String dflt = ConfigKeys.DEFAULTS.get(name);
                md.append("| `")
                        .append(name)
                        .append("` | ")
                        .append(k.type.name().toLowerCase(java.util.Locale.ROOT))
                        .append(" | ")
                        .append(dflt.isEmpty() ? "(empty)" : "`" + dflt + "`")
                        .append(" | ")
                        .append(k.validator == null ? "" : k.validator.toString())
                        .append(" | ")
                        .append(k.documentation.replace("|", "\\|"))
                        .append(" |\n");
            }
        }
        return md.toString();
    }

    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) line.append(' ');
            line.append(word);
        }
        if (line.length() > 0) lines.add(line.toString());
        return lines;
    }
}
