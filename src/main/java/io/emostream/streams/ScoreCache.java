package io.emostream.streams;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * Scores of texts seen recently, so that a repeated text (a retweet, a share, a copy-paste campaign) skips the model.
 * Keyed by the model version and the cleaned text, so a swap never serves the old model's scores; bounded by
 * {@code score.cache.size} entries (least recently and least frequently used go first). Its size, hits and misses
 * are Micrometer's Caffeine metrics under the name {@code emostream.scores} ({@code cache_gets_total{cache=...,
 * result=hit|miss}}, {@code cache_size}). Shared by every stream thread and lane: Caffeine is thread-safe.
 */
final class ScoreCache {
    private final Cache<Key, float[]> cache;

    private record Key(String version, String cleaned) {}

    private ScoreCache(Cache<Key, float[]> cache) {
        this.cache = cache;
    }

    /** @param entries at most this many texts; 0 turns the cache off */
    static ScoreCache of(long entries, MeterRegistry registry) {
        if (entries <= 0) return new ScoreCache(null);
        Cache<Key, float[]> c =
                Caffeine.newBuilder().maximumSize(entries).recordStats().build();
        CaffeineCacheMetrics.monitor(registry, c, "emostream.scores");
        return new ScoreCache(c);
    }

    /** Whether texts are cached at all ({@code score.cache.size} > 0): without it, nothing is shared, not even in a batch. */
    boolean enabled() {
        return cache != null;
    }

    /** The cached scores, or null. The array is shared: callers do not change it. */
    float[] get(String version, String cleaned) {
        return cache == null ? null : cache.getIfPresent(new Key(version, cleaned));
    }

    void put(String version, String cleaned, float[] scores) {
        if (cache != null) cache.put(new Key(version, cleaned), scores);
    }
}
