package io.emostream.service;

import io.emostream.http.Health;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The stream applications of one process, as the probes and {@code run} see them: alive only if every one is. */
public final class StreamParts implements Health {
    private final List<StreamApplication> apps = new CopyOnWriteArrayList<>();

    public StreamParts add(StreamApplication app) {
        apps.add(app);
        return this;
    }

    @Override
    public List<String> failed() {
        return apps.stream()
                .filter(a -> !a.isAlive())
                .map(a -> a.name() + " (" + a.state() + ")")
                .toList();
    }

    @Override
    public List<String> waiting() {
        return apps.stream()
                .filter(a -> !a.isRunning())
                .map(a -> a.name() + " (" + a.state() + ")")
                .toList();
    }
}
