package io.emostream.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Word → id map fitted on training text only. Id 0 is padding, id 1 is out-of-vocabulary; words are ordered by
 * frequency (ties alphabetically) so that fitting is deterministic.
 */
public final class Vocabulary {
    public static final int PAD = 0;
    public static final int OOV = 1;
    public static final String PAD_TOKEN = "<pad>";
    public static final String OOV_TOKEN = "<oov>";

    private final List<String> words;
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> words) {
        this.words = List.copyOf(words);
        this.ids = new HashMap<>(words.size() * 2);
        for (int i = 0; i < words.size(); i++) ids.put(words.get(i), i);
    }

    /** Fits on cleaned texts; words seen fewer than {@code minCount} times map to OOV. */
    public static Vocabulary fit(Iterable<String> cleanedTexts, int minCount) {
        Map<String, Integer> counts = new HashMap<>();
        for (String text : cleanedTexts) {
            for (String token : Tokenizer.split(text)) counts.merge(token, 1, Integer::sum);
        }
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.removeIf(e -> e.getValue() < minCount);
        entries.sort(Map.Entry.<String, Integer>comparingByValue(Collections.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        List<String> words = new ArrayList<>(entries.size() + 2);
        words.add(PAD_TOKEN);
        words.add(OOV_TOKEN);
        for (Map.Entry<String, Integer> e : entries) words.add(e.getKey());
        return new Vocabulary(words);
    }

    public int size() {
        return words.size();
    }

    public int id(String word) {
        return ids.getOrDefault(word, OOV);
    }

    public String word(int id) {
        return words.get(id);
    }

    public List<String> words() {
        return words;
    }

    public void save(Path file) throws IOException {
        Files.write(file, words, StandardCharsets.UTF_8);
    }

    public static Vocabulary load(Path file) throws IOException {
        List<String> words = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (words.size() < 2 || !PAD_TOKEN.equals(words.get(0)) || !OOV_TOKEN.equals(words.get(1))) {
            throw new IOException(file + ": not a vocabulary (expected " + PAD_TOKEN + " and " + OOV_TOKEN
                    + " on the first two lines)");
        }
        return new Vocabulary(words);
    }
}
