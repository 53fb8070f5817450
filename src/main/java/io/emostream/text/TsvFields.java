package io.emostream.text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One line of a TSV file as GoEmotions writes it: tab-separated, {@code "}-quoted fields with {@code ""} inside. */
public final class TsvFields {
    private TsvFields() {}

    public static List<String> split(String line, Path file, long lineNo) {
        List<String> fields = new ArrayList<>(3);
        int i = 0;
        while (i <= line.length()) {
            if (i < line.length() && line.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                int j = i + 1;
                while (true) {
                    if (j >= line.length()) throw new CorpusFormatException(file, lineNo, "unterminated quoted field");
                    char c = line.charAt(j);
                    if (c == '"') {
                        if (j + 1 < line.length() && line.charAt(j + 1) == '"') {
                            sb.append('"');
                            j += 2;
                            continue;
                        }
                        j++;
                        break;
                    }
                    sb.append(c);
                    j++;
                }
                fields.add(sb.toString());
                if (j < line.length() && line.charAt(j) != '\t')
                    throw new CorpusFormatException(file, lineNo, "text after closing quote");
                i = j + 1;
            } else {
                int tab = line.indexOf('\t', i);
                if (tab < 0) tab = line.length();
                fields.add(line.substring(i, tab));
                i = tab + 1;
            }
        }
        return fields;
    }
}
