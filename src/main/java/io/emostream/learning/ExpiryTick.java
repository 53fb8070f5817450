package io.emostream.learning;

import java.time.Duration;

/**
 * How often a wall-clock punctuation checks a time window: a tenth of the window, so a check is at most 10% late,
 * but not more often than {@code minMs} nor less often than once a minute.
 */
final class ExpiryTick {
    private ExpiryTick() {}

    static Duration of(long windowMs, long minMs) {
        return Duration.ofMillis(Math.max(minMs, Math.min(60_000, windowMs / 10)));
    }
}
