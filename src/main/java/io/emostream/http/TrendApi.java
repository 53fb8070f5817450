package io.emostream.http;

import io.emostream.emotions.EmotionGroups;

/**
 * What the query API asks of the trends service. Each answer is JSON-ready (records, lists, maps). With
 * {@code local}, only this instance's stores are read: that is how instances ask each other.
 */
public interface TrendApi {
    /**
     * @param topic      a tracked topic's windows (its comments from all sources) instead of a source's; null for none
     * @param longWindow the long windows ({@code trends.long.window.ms}) instead of the short ones
     */
    Object trends(
            String source, String topic, EmotionGroups group, boolean longWindow, long from, long to, boolean local);

    /** @param topic only the alerts about this tracked topic; null for all */
    Object alerts(long since, String topic, boolean local);

    Object sources(boolean local);

    /** The tracked topics: name, number of terms, and comments in the latest short window. */
    Object topics(boolean local);

    /** The trends store cannot answer yet (starting, rebalancing, or an instance that holds a part is away): 503. */
    final class Unavailable extends ApiException {
        public Unavailable(String message, Throwable cause) {
            super(503, message, cause);
        }
    }
}
