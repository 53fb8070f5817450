package io.emostream.service;

import io.emostream.config.EmostreamConfig;
import io.emostream.learning.LearningTopology;
import io.emostream.learning.ServingModel;
import io.emostream.serde.RecordReader;
import io.emostream.streams.ClassifierMetrics;
import io.emostream.streams.ClassifierTopology;
import io.emostream.streams.ThreadScorers;
import io.emostream.streams.TopologyDocs;
import io.emostream.text.CleaningOptions;
import io.emostream.text.TextCleaner;
import io.emostream.trends.TrendTopology;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every topology emostream runs, built with the same functions production uses, for documentation. It lives above both
 * topologies' packages, so that neither depends on the other.
 */
public final class TopologyCatalog {
    private TopologyCatalog() {}

    /** Topology name → its documentation files. Building a topology touches no model, broker or registry. */
    public static Map<String, Map<String, String>> documents(EmostreamConfig config) {
        Map<String, Map<String, String>> docs = new LinkedHashMap<>();
        docs.put(
                "classifier",
                TopologyDocs.render(
                        "classifier",
                        "Classifier: comments -> micro-batched model -> comments-labelled",
                        ClassifierTopology.build(
                                config, new ThreadScorers(null), new ClassifierMetrics(new SimpleMeterRegistry()))));
        docs.put(
                "learning",
                TopologyDocs.render(
                        "learning",
                        "Learning: feedback + confident predictions -> training-examples -> retrain trigger",
                        LearningTopology.build(
                                config.with(Map.of("pseudo.enabled", "true")),
                                new RecordReader("learning", new SimpleMeterRegistry(), 1),
                                ServingModel.fixed(
                                        java.util.List.of("neutral"),
                                        new TextCleaner(CleaningOptions.EXPRESSIVE),
                                        "current"))));
        docs.put(
                "trends",
                TopologyDocs.render(
                        "trends",
                        "Trends: comments-labelled -> windows per source -> emotion-trends, spike alerts -> emotion-alerts",
                        TrendTopology.build(config, new RecordReader("trends", new SimpleMeterRegistry(), 1))));
        return docs;
    }
}
