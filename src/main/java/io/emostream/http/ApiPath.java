package io.emostream.http;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The query API's paths and the parameters each takes, written once: routing, the 404 text and the checks use them. */
enum ApiPath {
    TRENDS("/api/trends", "source", "topic", "group", "window", "from", "to", "format", "local"),
    ALERTS("/api/alerts", "since", "topic", "local"),
    SOURCES("/api/sources", "local"),
    TOPICS("/api/topics", "local");

    final String path;
    final Set<String> parameters;

    ApiPath(String path, String... parameters) {
        this.path = path;
        this.parameters = new TreeSet<>(Set.of(parameters));
    }

    static Optional<ApiPath> of(String path) {
        return Arrays.stream(values()).filter(p -> p.path.equals(path)).findFirst();
    }

    static String list() {
        return String.join(", ", Arrays.stream(values()).map(p -> p.path).toList());
    }
}
