package io.emostream.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A request's query parameters, checked: a bad value is an {@link ApiException#badRequest} naming it. */
final class ApiParameters {
    private final Map<String, String> values = new LinkedHashMap<>();

    ApiParameters(String rawQuery, Set<String> known) {
        if (rawQuery == null || rawQuery.isEmpty()) return;
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (!known.contains(k))
                throw ApiException.badRequest("unknown parameter '" + k + "'; known: " + String.join(", ", known));
            values.put(k, v);
        }
    }

    String get(String key, String fallback) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? fallback : v;
    }

    boolean flag(String key) {
        String v = get(key, "false");
        if (!v.equals("true") && !v.equals("false"))
            throw ApiException.badRequest(key + " must be true or false, was '" + v + "'");
        return v.equals("true");
    }

    /**
     * A time: epoch milliseconds, an ISO-8601 instant (2026-12-01T10:00:00Z), or a duration before now (15m, 2h, 7d,
     * or ISO PT15M).
     */
    long time(String key, long fallback, long now) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) return fallback;
        if (v.matches("\\d+")) return Long.parseLong(v);
        if (v.matches("\\d+[smhd]")) {
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            long unit = switch (v.charAt(v.length() - 1)) {
                case 's' -> 1_000L;
                case 'm' -> 60_000L;
                case 'h' -> 3_600_000L;
                default -> 86_400_000L;
            };
            return now - n * unit;
        }
        try {
            return v.startsWith("P")
                    ? now - Duration.parse(v).toMillis()
                    : Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(key
                    + " must be epoch milliseconds, an ISO-8601 instant (2026-12-01T10:00:00Z) or a duration before now (15m, 2h, 7d), was '"
                    + v + "'");
        }
    }
}
