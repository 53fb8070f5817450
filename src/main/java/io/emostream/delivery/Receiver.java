package io.emostream.delivery;

import io.emostream.avro.EmotionAlert;
import java.net.URI;

/**
 * Somewhere alerts go: a URL, the least severity it wants, and the body it takes.
 *
 * @param kind        "webhook" or "slack": the meter tag, and the body's format
 * @param url         where to POST; its path and query may hold a secret, so only {@link #safeName} is ever logged
 * @param minSeverity alerts below it are not sent here
 */
record Receiver(String kind, URI url, int minSeverity) {
    boolean wants(EmotionAlert a) {
        return a.getSeverity() >= minSeverity;
    }

    String body(EmotionAlert a) {
        return kind.equals("slack") ? AlertPayloads.slack(a) : AlertPayloads.json(a);
    }

    /** {@code slack (https://hooks.slack.com/…)}: the host, never the path or the query that carry the token. */
    String safeName() {
        return kind + " (" + url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "")
                + "/…)";
    }
}
