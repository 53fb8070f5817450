package io.emostream.learning;

import io.emostream.text.TextCleaner;
import java.util.List;
import java.util.Set;

/**
 * What the learning side needs of the model that serves now: its labels (feedback naming another is dead-lettered),
 * its cleaning (examples are stored as that model cleans them) and its version (counts start there). Read at each
 * record, so that after a hot swap or a rollback the learning side follows the classifier.
 */
public interface ServingModel {
    Set<String> labels();

    TextCleaner cleaner();

    String version();

    /** A model that never changes: for documentation and tests. */
    static ServingModel fixed(List<String> labels, TextCleaner cleaner, String version) {
        Set<String> set = Set.copyOf(labels);
        return new ServingModel() {
            @Override
            public Set<String> labels() {
                return set;
            }

            @Override
            public TextCleaner cleaner() {
                return cleaner;
            }

            @Override
            public String version() {
                return version;
            }
        };
    }
}
