package io.emostream.tracking;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.ahocorasick.trie.Emit;
import org.ahocorasick.trie.Trie;

/**
 * The topics a comment belongs to, found in one pass over its text whatever the number of terms (an Aho–Corasick
 * automaton over every topic's folded terms), plus the topics its metadata value names. Immutable and thread-safe: a
 * reload builds a new one.
 */
public final class TopicMatcher {
    public static final TopicMatcher NONE = new TopicMatcher(List.of(), "topic");

    private final List<TrackedTopic> topics;
    private final String metadataKey;
    private final Trie trie;
    private final Map<String, List<String>> topicsByTerm = new HashMap<>();
    private final Map<String, List<String>> topicsByMetadata = new HashMap<>();

    public TopicMatcher(List<TrackedTopic> topics, String metadataKey) {
        this.topics = List.copyOf(topics);
        this.metadataKey = metadataKey;
        Trie.TrieBuilder b = Trie.builder().onlyWholeWords();
        for (TrackedTopic t : topics) {
            for (String term : t.terms()) {
                String f = Folding.fold(term.strip());
                topicsByTerm.computeIfAbsent(f, k -> new ArrayList<>()).add(t.name());
                b.addKeyword(f);
            }
            topicsByMetadata
                    .computeIfAbsent(Folding.fold(t.name()), k -> new ArrayList<>())
                    .add(t.name());
            for (String m : t.metadata())
                topicsByMetadata
                        .computeIfAbsent(Folding.fold(m.strip()), k -> new ArrayList<>())
                        .add(t.name());
        }
        this.trie = topicsByTerm.isEmpty() ? null : b.build();
    }

    public List<TrackedTopic> topics() {
        return topics;
    }

    /** The names of the topics the comment belongs to, sorted; empty when none. */
    public List<String> match(String text, Map<String, String> metadata) {
        if (topics.isEmpty()) return List.of();
        TreeSet<String> out = new TreeSet<>();
        if (metadata != null) {
            String v = metadata.get(metadataKey);
            if (v != null) add(out, topicsByMetadata.get(Folding.fold(v.strip())));
        }
        if (trie != null && text != null && !text.isEmpty()) {
            Collection<Emit> emits = trie.parseText(Folding.fold(text));
            for (Emit e : emits) add(out, topicsByTerm.get(e.getKeyword()));
        }
        return out.isEmpty() ? List.of() : List.copyOf(out);
    }

    private static void add(TreeSet<String> out, List<String> names) {
        if (names != null) out.addAll(names);
    }
}
