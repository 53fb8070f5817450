package io.emostream.trends;

import io.emostream.avro.EmotionStat;
import io.emostream.avro.EmotionTrend;
import io.emostream.emotions.EmotionGroups;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One window of one source: how many comments, and for each emotion of each grouping how many had it over threshold,
 * the sum of their scores, and (for the alert window) the three comments that scored it highest. Mutable: Kafka
 * Streams' aggregator adds to it; kept in window stores as versioned JSON (public fields for that).
 */
public final class TrendAggregate {
    public static final int EXAMPLES = 3;

    public long count;
    /** Comments the model did not read (another language): counted apart, in no share and no alert. */
    public long unscored;
    /** The model versions that labelled the window's comments, and the one that labelled its latest comment. */
    public java.util.TreeSet<String> modelVersions = new java.util.TreeSet<>();

    public String latestModelVersion;
    /** "group/name" → its figures, e.g. "ekman/anger", "labels/grief". */
    public Map<String, Stat> stats = new TreeMap<>();

    public static final class Stat {
        public long count;
        public double scoreSum;
        public List<Example> examples = new ArrayList<>();
    }

    public record Example(String id, String text, float score) {}

    public static String key(EmotionGroups group, String name) {
        return group.id() + "/" + name;
    }

    /**
     * Adds a comment: a group counts it when any of its labels is over threshold, and scores it with the highest
     * score among its labels.
     *
     * @param examples keep the top comments per emotion (for alerts)
     */
    public TrendAggregate add(Observation o, boolean examples) {
        if (o.unscored()) {
            unscored++;
            return this;
        }
        count++;
        if (o.modelVersion() != null) {
            modelVersions.add(o.modelVersion());
            latestModelVersion = o.modelVersion();
        }
        for (EmotionGroups g : EmotionGroups.values()) {
            Map<String, List<String>> members = g == EmotionGroups.LABELS ? selfGroups(o) : g.members();
            // the coarse groups as the model said them; derived from the labels for comments labelled before it did
            boolean modelGroups = g != EmotionGroups.LABELS && !o.groupScores().isEmpty();
            for (Map.Entry<String, List<String>> e : members.entrySet()) {
                boolean has = false;
                float score = 0;
                if (modelGroups) {
                    has = o.groups().contains(e.getKey());
                    score = o.groupScores().getOrDefault(e.getKey(), 0f);
                } else {
                    for (String l : e.getValue()) {
                        has |= o.labels().contains(l);
                        score = Math.max(score, o.scores().getOrDefault(l, 0f));
                    }
                }
                Stat s = stats.computeIfAbsent(key(g, e.getKey()), k -> new Stat());
                s.scoreSum += score;
                if (has) {
                    s.count++;
                    if (examples) keep(s.examples, new Example(o.id(), o.text(), score));
                }
            }
        }
        return this;
    }

    private static Map<String, List<String>> selfGroups(Observation o) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String l : EmotionGroups.GOEMOTIONS) m.put(l, List.of(l));
        for (String l : o.scores().keySet()) m.putIfAbsent(l, List.of(l)); // a model with other labels
        return m;
    }

    /** The highest-scoring comments, one per distinct text: a repeated post shows once. */
    private static void keep(List<Example> top, Example e) {
        for (int i = 0; i < top.size(); i++) {
            if (top.get(i).text().equals(e.text())) {
                if (top.get(i).score() >= e.score()) return;
                top.remove(i);
                break;
            }
        }
        top.add(e);
        top.sort(Comparator.comparing(Example::score).reversed());
        while (top.size() > EXAMPLES) top.remove(top.size() - 1);
    }

    /** The names of a grouping present in this window, in the grouping's order. */
    public List<String> names(EmotionGroups g) {
        List<String> names = new ArrayList<>();
        String prefix = g.id() + "/";
        if (g != EmotionGroups.LABELS) {
            names.addAll(g.members().keySet());
        } else {
            for (String k : stats.keySet()) if (k.startsWith(prefix)) names.add(k.substring(prefix.length()));
            names.sort(Comparator.comparingInt(
                    n -> EmotionGroups.GOEMOTIONS.contains(n) ? EmotionGroups.GOEMOTIONS.indexOf(n) : 1000));
        }
        return names;
    }

    public Stat stat(EmotionGroups g, String name) {
        Stat s = stats.get(key(g, name));
        return s == null ? new Stat() : s;
    }

    public EmotionTrend toTrend(String source, long start, long end) {
        return EmotionTrend.newBuilder()
                .setSource(source)
                .setWindowStart(Instant.ofEpochMilli(start))
                .setWindowEnd(Instant.ofEpochMilli(end))
                .setCount(count)
                .setLabels(group(EmotionGroups.LABELS))
                .setEkman(group(EmotionGroups.EKMAN))
                .setSentiment(group(EmotionGroups.SENTIMENT))
                .setModelVersions(List.copyOf(modelVersions))
                .setUnscored(unscored)
                .build();
    }

    private Map<String, EmotionStat> group(EmotionGroups g) {
        Map<String, EmotionStat> m = new LinkedHashMap<>();
        for (String n : names(g)) {
            Stat s = stat(g, n);
            m.put(n, new EmotionStat(s.count, count == 0 ? 0f : (float) (s.scoreSum / count)));
        }
        return m;
    }
}
