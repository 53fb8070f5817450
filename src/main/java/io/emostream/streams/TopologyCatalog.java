package io.emostream.streams;

import io.emostream.config.EmostreamConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every topology emostream runs, built with the same functions production uses, for documentation. */
public final class TopologyCatalog {
    private TopologyCatalog() {
    }

    /** Topology name → its documentation files. Building a topology touches no model, broker or registry. */
    public static Map<String, Map<String, String>> documents(EmostreamConfig config) {
        Map<String, Map<String, String>> docs = new LinkedHashMap<>();
        docs.put("classifier", TopologyDocs.render("classifier", "Classifier: comments -> micro-batched model -> comments-labelled",
                ClassifierTopology.build(config, new ThreadScorers(null), new ClassifierMetrics(new SimpleMeterRegistry()))));
        docs.put("learning", TopologyDocs.render("learning", "Learning: feedback + confident predictions -> training-examples -> retrain trigger",
                io.emostream.learning.LearningTopology.build(config.with(Map.of("pseudo.enabled", "true")),
                        java.util.List.of("neutral"), new io.emostream.text.TextCleaner(io.emostream.text.CleaningOptions.EXPRESSIVE), "current")));
        return docs;
    }
}
