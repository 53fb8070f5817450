package io.emostream.training;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.emostream.emotions.EmotionGroups;
import io.emostream.text.CorpusFormatException;
import io.emostream.text.TsvFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One emotion corpus besides GoEmotions, read from a path the user gives, its labels mapped onto the targets the
 * fine-tuned model learns: the 28 GoEmotions labels and the 7 Ekman groups ({@link Targets}). Each corpus teaches only
 * what it annotates: GoEmotions every target, the others the Ekman groups (their "anger" is broader than GoEmotions'
 * anger-vs-annoyance, so they do not teach the fine labels).
 *
 * <p>Formats, as their publishers distribute them:
 *
 * <ul>
 *   <li>{@code goemotions}: the GoEmotions folder ({@code emotions.txt}, {@code train|dev|test.tsv});
 *   <li>{@code semeval-ec}: SemEval-2018 Task 1 E-c English, a folder with {@code 2018-E-c-En-train.txt}, {@code
 *       -dev.txt} and, if its gold labels are there, {@code -test-gold.txt} (or {@code -test.txt});
 *   <li>{@code xed}: XED English, a folder with {@code en-annotated.tsv} and {@code neu_en.txt}; XED has no official
 *       split, so 80/10/10 by a hash of the text;
 *   <li>{@code carer}: dair-ai {@code emotion}, a folder with {@code train.txt}, {@code val.txt}, {@code test.txt}
 *       ({@code text;label});
 *   <li>{@code tec}: the Hashtag Emotion Corpus file ({@code id:<TAB>text<TAB>:: label}), split like XED.
 * </ul>
 *
 * <p>Held out, to measure genres the model never saw ({@link #heldOut()}: {@code evaluate} reads them as a test split,
 * training refuses them):
 *
 * <ul>
 *   <li>{@code isear}: ISEAR's first-person accounts, its {@code |}-separated file ({@code Field1} the emotion, {@code
 *       SIT} the text); shame and guilt count as sadness, as GoEmotions' embarrassment and remorse do;
 *   <li>{@code meld}: MELD's TV dialogue, a folder with {@code test_sent_emo.csv} ({@code Utterance}, {@code Emotion}).
 * </ul>
 */
public record EmotionCorpus(String name, String format, Path path, float weight) {
    public static final List<String> FORMATS =
            List.of("goemotions", "semeval-ec", "xed", "carer", "tec", "isear", "meld");
    /** Formats kept aside to measure the model on genres it never saw: never trained or tuned on. */
    public static final List<String> HELD_OUT = List.of("isear", "meld");

    public EmotionCorpus {
        if (!FORMATS.contains(format))
            throw new IllegalArgumentException(
                    "corpus " + name + ": unknown format '" + format + "' (expected one of " + FORMATS + ")");
        if (!(weight > 0)) throw new IllegalArgumentException("corpus " + name + ": weight must be > 0");
    }

    /** {@code format:path} or {@code format:path:weight}, as given on the command line. */
    public static EmotionCorpus parse(String spec) {
        String[] parts = spec.split(":", 3);
        if (parts.length < 2)
            throw new IllegalArgumentException("corpus '" + spec + "': expected format:path[:weight]");
        String format = parts[0].trim().toLowerCase(Locale.ROOT);
        float weight = 1f;
        String path = parts[1];
        if (parts.length == 3) {
            try {
                weight = Float.parseFloat(parts[2]);
            } catch (NumberFormatException e) {
                path = parts[1] + ":" + parts[2];
            }
        }
        return new EmotionCorpus(format, format, Path.of(path), weight);
    }

    /** Whether this corpus is kept aside for measuring only (its rows are all test rows). */
    public boolean heldOut() {
        return HELD_OUT.contains(format);
    }

    /** An example with the targets it teaches. */
    public record Example(String corpus, String text, float[] targets, float[] known, float weight) {
        /** Whether the text has an emotion (any Ekman group but neutral), where the corpus says so. */
        public boolean emotional() {
            for (int g = 0; g < Targets.EKMAN.size() - 1; g++) if (targets[Targets.LABELS + g] > 0) return true;
            return false;
        }
    }

    /** Examples of a split: {@code train}, {@code dev} or {@code test}; empty when the corpus has no such gold. */
    public List<Example> split(String split) {
        if (!List.of("train", "dev", "test").contains(split))
            throw new IllegalArgumentException("split must be train, dev or test, was " + split);
        if (!Files.exists(path))
            throw new CorpusFormatException(path, 0, "corpus " + name + " (" + format + ") not found");
        return switch (format) {
            case "goemotions" -> goEmotions(split);
            case "semeval-ec" -> semEval(split);
            case "xed" -> xed(split);
            case "carer" -> carer(split);
            case "isear" -> split.equals("test") ? isear() : List.of();
            case "meld" -> split.equals("test") ? meld() : List.of();
            default -> tec(split);
        };
    }

    private List<Example> goEmotions(String split) {
        GoEmotionsCorpus corpus = new GoEmotionsCorpus(path);
        List<Example> out = new ArrayList<>();
        for (LabelledText t : corpus.split(split)) {
            float[] y = new float[Targets.SIZE];
            for (int l : t.labels()) y[l] = 1f;
            Targets.deriveGroups(y);
            float[] known = new float[Targets.SIZE];
            Arrays.fill(known, 1f);
            out.add(new Example(name, t.text(), y, known, weight));
        }
        return out;
    }

    private static final List<String> SEMEVAL = List.of(
            "anger",
            "anticipation",
            "disgust",
            "fear",
            "joy",
            "love",
            "optimism",
            "pessimism",
            "sadness",
            "surprise",
            "trust");
    private static final Map<String, String> SEMEVAL_TO_EKMAN = Map.of(
            "anger", "anger",
            "disgust", "disgust",
            "fear", "fear",
            "joy", "joy",
            "love", "joy",
            "optimism", "joy",
            "pessimism", "sadness",
            "sadness", "sadness",
            "surprise", "surprise");

    private List<Example> semEval(String split) {
        Path file = path.resolve("2018-E-c-En-" + split + ".txt");
        if (split.equals("test")) {
            file = path.resolve("2018-E-c-En-test-gold.txt");
            if (!Files.exists(file)) file = path.resolve("2018-E-c-En-test.txt");
        }
        if (!Files.exists(file)) return List.of();
        List<Example> out = new ArrayList<>();
        List<String> lines = lines(file);
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String[] f = line.split("\t", -1);
            if (f.length != 2 + SEMEVAL.size())
                throw new CorpusFormatException(file, i + 1, "expected ID, Tweet and 11 emotion columns");
            if (f[2].equals("NONE")) return List.of(); // a test file without its gold labels
            List<String> groups = new ArrayList<>();
            for (int e = 0; e < SEMEVAL.size(); e++) {
                if (f[2 + e].trim().equals("1")) {
                    String g = SEMEVAL_TO_EKMAN.get(SEMEVAL.get(e));
                    if (g != null) groups.add(g);
                } else if (!f[2 + e].trim().equals("0")) {
                    throw new CorpusFormatException(file, i + 1, "emotion columns must be 0 or 1");
                }
            }
            // anticipation or trust alone: emotional, but no Ekman group says which; the groups stay unknown
            boolean onlyUnmapped = groups.isEmpty() && line.matches(".*\t1.*");
            out.add(groupExample(f[1], groups, !onlyUnmapped));
        }
        return out;
    }

    private static final List<String> XED =
            List.of("anger", "anticipation", "disgust", "fear", "joy", "sadness", "surprise", "trust");

    private List<Example> xed(String split) {
        List<Example> out = new ArrayList<>();
        Path annotated = path.resolve("en-annotated.tsv");
        List<String> lines = lines(annotated);
        for (int i = 0; i < lines.size(); i++) {
            List<String> f = TsvFields.split(lines.get(i), annotated, i + 1);
            if (f.size() < 2) throw new CorpusFormatException(annotated, i + 1, "expected text<TAB>labels");
            if (!hashSplit(f.get(0)).equals(split)) continue;
            List<String> groups = new ArrayList<>();
            boolean mapped = false;
            for (String id : f.get(1).split(",")) {
                int k = Integer.parseInt(id.trim());
                if (k < 1 || k > XED.size()) throw new CorpusFormatException(annotated, i + 1, "label " + k);
                String e = XED.get(k - 1);
                if (Targets.EKMAN.contains(e)) {
                    groups.add(e);
                    mapped = true;
                }
            }
            out.add(groupExample(f.get(0), groups, mapped));
        }
        Path neutral = path.resolve("neu_en.txt");
        if (Files.exists(neutral)) {
            List<String> n = lines(neutral);
            for (int i = 0; i < n.size(); i++) {
                String line = n.get(i);
                int tab = line.indexOf('\t');
                String text = tab >= 0 ? line.substring(tab + 1) : line;
                if (!text.isBlank() && hashSplit(text).equals(split)) out.add(groupExample(text, List.of(), true));
            }
        }
        return out;
    }

    private List<Example> carer(String split) {
        Path file = path.resolve(split.equals("dev") ? "val.txt" : split + ".txt");
        List<Example> out = new ArrayList<>();
        List<String> lines = lines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue; // some copies of val.txt start with an empty line
            int semi = line.lastIndexOf(';');
            if (semi < 0) throw new CorpusFormatException(file, i + 1, "expected text;label");
            String label = line.substring(semi + 1).trim();
            String group = label.equals("love") ? "joy" : label;
            if (!Targets.EKMAN.contains(group))
                throw new CorpusFormatException(file, i + 1, "unknown label '" + label + "'");
            out.add(groupExample(line.substring(0, semi), List.of(group), true));
        }
        return out;
    }

    private List<Example> tec(String split) {
        List<Example> out = new ArrayList<>();
        List<String> lines = lines(path);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int mark = line.lastIndexOf("::");
            int tab = line.indexOf('\t');
            if (mark < 0 || tab < 0) throw new CorpusFormatException(path, i + 1, "expected id:<TAB>text<TAB>:: label");
            String text = line.substring(tab + 1, mark).trim();
            String label = line.substring(mark + 2).trim();
            if (!Targets.EKMAN.contains(label)) throw new CorpusFormatException(path, i + 1, "label '" + label + "'");
            if (hashSplit(text).equals(split)) out.add(groupExample(text, List.of(label), true));
        }
        return out;
    }

    /**
     * An example that teaches the Ekman groups: those named are 1, the rest 0 (neutral is 1 when none is named). When
     * {@code groupsKnown} is false the text is emotional but its group is not one of Ekman's: only neutral = 0 is
     * taught.
     */
    private Example groupExample(String text, List<String> groups, boolean groupsKnown) {
        float[] y = new float[Targets.SIZE];
        float[] known = new float[Targets.SIZE];
        for (String g : groups) y[Targets.LABELS + Targets.EKMAN.indexOf(g)] = 1f;
        int neutral = Targets.LABELS + Targets.EKMAN.indexOf("neutral");
        if (groupsKnown) {
            for (int g = 0; g < Targets.EKMAN.size(); g++) known[Targets.LABELS + g] = 1f;
            if (groups.isEmpty()) y[neutral] = 1f;
        } else {
            known[neutral] = 1f;
        }
        return new Example(name, text, y, known, weight);
    }

    private List<Example> isear() {
        List<String> lines = lines(path);
        if (lines.isEmpty()) throw new CorpusFormatException(path, 1, "empty");
        List<String> header = List.of(lines.get(0).split("\\|", -1));
        int emotionAt = header.indexOf("Field1"), textAt = header.indexOf("SIT");
        if (emotionAt < 0 || textAt < 0 || emotionAt > textAt)
            throw new CorpusFormatException(path, 1, "expected ISEAR's header with Field1 before SIT");
        int after = header.size() - textAt - 1; // fields after the text, so that a '|' inside it is kept
        List<Example> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\\|", -1);
            if (lines.get(i).isBlank()) continue;
            if (f.length < header.size()) throw new CorpusFormatException(path, i + 1, "too few fields");
            String emotion = f[emotionAt].trim();
            String group = switch (emotion) {
                case "shame", "guilt" -> "sadness";
                default -> emotion;
            };
            if (!Targets.EKMAN.contains(group))
                throw new CorpusFormatException(path, i + 1, "emotion '" + emotion + "'");
            // ISEAR marks its line breaks with "á"
            String text = String.join("|", Arrays.asList(f).subList(textAt, f.length - after))
                    .replace('á', ' ')
                    .strip();
            if (!text.isEmpty()) out.add(groupExample(text, List.of(group), true));
        }
        return out;
    }

    private List<Example> meld() {
        Path file = path.resolve("test_sent_emo.csv");
        List<Example> out = new ArrayList<>();
        for (Map<String, String> row : csvRows(file)) {
            String emotion = row.getOrDefault("Emotion", "").trim();
            if (!Targets.EKMAN.contains(emotion)) throw new CorpusFormatException(file, 0, "emotion '" + emotion + "'");
            List<String> groups = emotion.equals("neutral") ? List.of() : List.of(emotion);
            out.add(groupExample(row.getOrDefault("Utterance", "").strip(), groups, true));
        }
        return out;
    }

    private static List<Map<String, String>> csvRows(Path file) {
        CsvMapper csv = new CsvMapper();
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (MappingIterator<Map<String, String>> it =
                csv.readerForMapOf(String.class).with(schema).readValues(file.toFile())) {
            return it.readAll();
        } catch (IOException | RuntimeException e) {
            throw new CorpusFormatException(file, 0, "cannot read: " + e.getMessage());
        }
    }

    /** A fixed 80/10/10 split by the text, for corpora published without one. */
    static String hashSplit(String text) {
        int bucket = Math.floorMod(text.strip().hashCode() * 0x9E3779B1, 10);
        return bucket == 0 ? "test" : bucket == 1 ? "dev" : "train";
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CorpusFormatException(file, 0, "cannot read: " + e.getMessage());
        }
    }

    /** The fine-tuned model's outputs: the 28 GoEmotions labels, then the 7 Ekman groups. */
    public static final class Targets {
        public static final List<String> EKMAN =
                List.copyOf(EmotionGroups.EKMAN.members().keySet());
        public static final int LABELS = EmotionGroups.GOEMOTIONS.size();
        public static final int SIZE = LABELS + EKMAN.size();

        private Targets() {}

        /** Sets the Ekman groups of a row whose 28 labels are set: a group is present when one of its labels is. */
        static void deriveGroups(float[] y) {
            int g = 0;
            for (List<String> members : EmotionGroups.EKMAN.members().values()) {
                for (String l : members) if (y[EmotionGroups.GOEMOTIONS.indexOf(l)] > 0) y[LABELS + g] = 1f;
                g++;
            }
        }
    }
}
