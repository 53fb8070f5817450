package io.emostream.http;

import io.emostream.emotions.EmotionGroups;

/**
 * What the query API asks of the trends service. Each answer is JSON-ready (records, lists, maps). With
 * {@code local}, only this instance's stores are read: that is how instances ask each other.
 */
public interface TrendApi {
    /** @param longWindow the long windows ({@code trends.long.window.ms}) instead of the short ones */
    Object trends(String source, EmotionGroups group, boolean longWindow, long from, long to, boolean local);

    Object alerts(long since, boolean local);

    Object sources(boolean local);

    /** The trends store cannot answer yet (starting, rebalancing, or an instance that holds a part is away): 503. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
