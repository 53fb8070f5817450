package io.emostream.tracking;

import java.util.List;

/**
 * A tracked topic: a brand, product, campaign or person, named by its terms (words, phrases, hashtags, @handles) and
 * by the metadata values a producer may tag its comments with.
 *
 * @param name     the topic's name, as the API and the trends show it
 * @param terms    matched case-insensitively, as whole words, accents folded
 * @param metadata values of the comment's metadata key ({@code topics.metadata.key}) that put it in this topic; the
 *                 name itself always does
 */
public record TrackedTopic(String name, List<String> terms, List<String> metadata) {
    public TrackedTopic {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a topic needs a name");
        name = name.strip();
        terms = terms == null ? List.of() : List.copyOf(terms);
        metadata = metadata == null ? List.of() : List.copyOf(metadata);
        for (String t : terms)
            if (t == null || Folding.fold(t).isBlank())
                throw new IllegalArgumentException("topic '" + name + "' has a blank term");
    }
}
