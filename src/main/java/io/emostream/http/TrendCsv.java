package io.emostream.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/trends?format=csv}: one row per window and emotion, for spreadsheets and BI tools (long format: a pivot
 * table makes the wide one). Times are ISO-8601 UTC.
 */
final class TrendCsv {
    private static final CsvMapper CSV = new CsvMapper();
    private static final CsvSchema SCHEMA = CsvSchema.builder()
            .addColumn("series")
            .addColumn("group")
            .addColumn("windowStart")
            .addColumn("windowEnd")
            .addColumn("comments", CsvSchema.ColumnType.NUMBER)
            .addColumn("emotion")
            .addColumn("count", CsvSchema.ColumnType.NUMBER)
            .addColumn("share", CsvSchema.ColumnType.NUMBER)
            .addColumn("meanScore", CsvSchema.ColumnType.NUMBER)
            .setUseHeader(true)
            .build();

    private TrendCsv() {}

    /** @param trends the JSON form of a {@link TrendApi#trends} answer */
    static String of(Map<?, ?> trends) {
        Object topic = trends.get("topic");
        String source = String.valueOf(trends.get("source"));
        String series = topic == null ? source : "topic:" + topic + (source.equals("*") ? "" : "@" + source);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Object o : (List<?>) trends.get("points")) {
            Map<?, ?> point = (Map<?, ?>) o;
            Map<?, ?> emotions = (Map<?, ?>) point.get("emotions");
            for (var e : emotions.entrySet()) {
                Map<?, ?> stat = (Map<?, ?>) e.getValue();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("series", series);
                row.put("group", trends.get("group"));
                row.put(
                        "windowStart",
                        Instant.ofEpochMilli(((Number) point.get("start")).longValue())
                                .toString());
                row.put(
                        "windowEnd",
                        Instant.ofEpochMilli(((Number) point.get("end")).longValue())
                                .toString());
                row.put("comments", point.get("count"));
                row.put("emotion", e.getKey());
                row.put("count", stat.get("count"));
                row.put("share", stat.get("share"));
                row.put("meanScore", stat.get("meanScore"));
                rows.add(row);
            }
        }
        try {
            return CSV.writer(SCHEMA).writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
