package io.emostream.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emostream.avro.AlertExample;
import io.emostream.avro.EmotionAlert;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The bodies an alert is delivered as: emostream's own JSON, and Slack's incoming-webhook message. */
final class AlertPayloads {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SEVERITIES = {"", "notable", "high", "critical"};

    private AlertPayloads() {}

    /** The EmotionAlert's fields as JSON (times in ISO-8601), {@code id} first so a receiver can drop repeats. */
    static String json(EmotionAlert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.getAlertId());
        m.put("kind", a.getKind());
        m.put("severity", a.getSeverity());
        m.put("reason", a.getReason());
        m.put("source", a.getSource());
        m.put("topic", a.getTopic());
        m.put("group", a.getGroup());
        m.put("label", a.getLabel());
        m.put("windowStart", a.getWindowStart().toString());
        m.put("windowEnd", a.getWindowEnd().toString());
        m.put("share", a.getShare());
        m.put("baseline", a.getBaseline());
        m.put("z", a.getZ());
        m.put("count", a.getCount());
        m.put("windowCount", a.getWindowCount());
        m.put(
                "examples",
                a.getExamples().stream()
                        .map(e -> Map.of("id", e.getId(), "text", e.getText(), "score", e.getScore()))
                        .toList());
        return write(m);
    }

    /** A Slack message: the severity and reason in bold, the examples quoted; the alert id in the fallback text. */
    static String slack(EmotionAlert a) {
        StringBuilder text = new StringBuilder();
        text.append(":rotating_light: *")
                .append(SEVERITIES[Math.max(1, Math.min(3, a.getSeverity()))])
                .append(" alert*: ")
                .append(escape(a.getReason()));
        List<AlertExample> examples = a.getExamples();
        for (AlertExample e : examples)
            text.append("\n> ").append(escape(e.getText().replace('\n', ' ')));
        text.append("\n_").append(escape(a.getAlertId())).append("_");
        return write(Map.of("text", text.toString()));
    }

    /** Slack's three control characters. */
    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
