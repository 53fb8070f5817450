package io.emostream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code classify} on real files through the command line, with the shipped fast model. */
class ClassifyCommandTest {
    @TempDir
    Path tmp;

    private record Run(int exit, List<String> out, String err) {}

    private static Run classify(Path input) {
        return classify("--model", "models/fast", "--input", input.toString());
    }

    private static Run classify(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            String[] all = new String[args.length + 1];
            all[0] = "classify";
            System.arraycopy(args, 0, all, 1, args.length);
            int exit = Main.commandLine().execute(all);
            return new Run(
                    exit, out.toString(StandardCharsets.UTF_8).lines().toList(), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void aLineThatIsNotUtf8IsReportedByNumberAndTheOthersAreLabelled() throws Exception {
        Path file = tmp.resolve("mixed.txt");
        byte[] bad = {'b', 'a', 'd', ' ', (byte) 0xC3, (byte) 0x28, ' ', 'b', 'y', 't', 'e'};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write("thank you so much!\n".getBytes(StandardCharsets.UTF_8));
        bytes.write(bad);
        bytes.write("\nthis is awful, I hate it\r\n".getBytes(StandardCharsets.UTF_8));
        bytes.write("ça me rend triste 😢".getBytes(StandardCharsets.UTF_8)); // last line without a newline
        Files.write(file, bytes.toByteArray());

        Run run = classify(file);
        assertThat(run.exit()).isEqualTo(Main.SOME_LINES_NOT_LABELLED);
        assertThat(run.err())
                .contains("line 2 is not valid UTF-8 (byte 5 of 11)")
                .doesNotContain("Input length");
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> rows = run.out().stream().map(l -> read(json, l)).toList();
        // one row per input line, in order: the unreadable one answered with an error in its place
        assertThat(rows).extracting(n -> n.get("line").asInt()).containsExactly(1, 2, 3, 4);
        assertThat(rows.get(1).get("error").asText()).contains("not valid UTF-8");
        assertThat(rows.get(0).get("scores").size()).isEqualTo(28);
        assertThat(rows.get(0).get("text").asText()).isEqualTo("thank you so much!");
        assertThat(rows.get(2).get("text").asText()).isEqualTo("this is awful, I hate it");
        assertThat(rows.get(3).get("language").asText()).isEqualTo("und"); // too short to tell: scored
    }

    @Test
    void plainAndJsonLinesMayMix() throws Exception {
        Path file = tmp.resolve("mixed.jsonl");
        Files.writeString(file, "so happy for you\n{\"id\": \"x1\", \"text\": \"thank you!\", \"author\": \"@bo\"}\n");
        Run run = classify(file);
        assertThat(run.exit()).as(run.err()).isZero();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> rows = run.out().stream().map(l -> read(json, l)).toList();
        assertThat(rows.get(0).get("id").asText()).isEqualTo("line-1");
        assertThat(rows.get(1).get("id").asText()).isEqualTo("x1");
        assertThat(rows.get(1).get("text").asText()).isEqualTo("thank you!");
        assertThat(rows.get(1).get("author").asText()).isEqualTo("@bo");
    }

    private static JsonNode read(ObjectMapper json, String line) {
        try {
            return json.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }

    /**
     * {@code classify} and the stream give the same answer for the same comments: the same labels, top label,
     * scores, flags and language, for a plain comment, a blank one, one over text.max.chars, one in Spanish, one
     * with its producer's context (JSON line) and one of emoji only.
     */
    @Test
    void classifyAnswersAsTheStreamDoes() throws Exception {
        List<io.emostream.avro.CommentEvent> comments = List.of(
                event("c1", "Thank you so much, you saved my weekend!", null),
                event("c2", "", null),
                event("c3", "This update is a disaster. ".repeat(12), null),
                event("c4", "Estoy muy enojado con este servicio", null),
                event("c5", "so proud of this team", "en-US"),
                event("c6", "❤️❤️❤️", null));
        Path file = tmp.resolve("comments.jsonl");
        ObjectMapper json = new ObjectMapper();
        StringBuilder lines = new StringBuilder();
        for (var e : comments) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("id", e.getId());
            m.put("text", e.getText());
            m.put("source", e.getSource());
            if (e.getLang() != null) m.put("lang", e.getLang());
            m.put("metadata", e.getMetadata());
            lines.append(json.writeValueAsString(m)).append('\n');
        }
        Files.writeString(file, lines);
        Run run = classify("--input", file.toString(), "--set", "text.max.chars=200");
        assertThat(run.exit()).as(run.err()).isZero();
        List<JsonNode> rows = run.out().stream().map(l -> read(json, l)).toList();

        io.emostream.config.EmostreamConfig config = io.emostream.config.EmostreamConfig.defaults()
                .with(java.util.Map.of("schema.registry.url", "mock://classify-vs-stream", "text.max.chars", "200"));
        try (io.emostream.model.EmotionModel model =
                        io.emostream.model.EmotionModel.load(io.emostream.TestData.defaultModel(), "cpu");
                io.emostream.streams.ThreadScorers scorers =
                        new io.emostream.streams.ThreadScorers(new io.emostream.model.ModelHolder(model));
                org.apache.kafka.streams.TopologyTestDriver driver = new org.apache.kafka.streams.TopologyTestDriver(
                        io.emostream.streams.ClassifierTopology.build(
                                config,
                                scorers,
                                new io.emostream.streams.ClassifierMetrics(
                                        new io.micrometer.core.instrument.simple.SimpleMeterRegistry())),
                        io.emostream.streams.StreamsProperties.of(config, "classify-vs-stream"))) {
            io.emostream.serde.AvroSerializer<io.emostream.avro.CommentEvent> ser =
                    new io.emostream.serde.AvroSerializer<>();
            ser.configure(config.serdeConfig(), false);
            io.emostream.serde.AvroDeserializer<io.emostream.avro.LabelledComment> de =
                    new io.emostream.serde.AvroDeserializer<>(io.emostream.avro.LabelledComment.class);
            de.configure(config.serdeConfig(), false);
            var in = driver.createInputTopic(
                    "comments",
                    new org.apache.kafka.common.serialization.StringSerializer(),
                    new org.apache.kafka.common.serialization.ByteArraySerializer());
            var out = driver.createOutputTopic(
                    "comments-labelled", new org.apache.kafka.common.serialization.StringDeserializer(), de);
            for (var e : comments) in.pipeInput(e.getId(), ser.serialize("comments", e));
            java.util.Map<String, io.emostream.avro.LabelledComment> stream = new java.util.HashMap<>();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (stream.size() < comments.size() && System.nanoTime() < deadline) {
                driver.advanceWallClockTime(java.time.Duration.ofMillis(50));
                out.readKeyValuesToList().forEach(kv -> stream.put(kv.key, kv.value));
                Thread.sleep(20);
            }
            assertThat(stream).hasSize(comments.size());
            for (JsonNode row : rows) {
                io.emostream.avro.LabelledComment s = stream.get(row.get("id").asText());
                assertThat(read(
                                json,
                                json.writeValueAsString(
                                        ClassifyCommand.row(row.get("line").asLong(), s))))
                        .as(row.get("id").asText())
                        .isEqualTo(row);
            }
            assertThat(rows.get(1).get("emptyText").asBoolean()).isTrue();
            assertThat(rows.get(2).get("truncated").asBoolean()).isTrue();
            assertThat(rows.get(3).get("unscoredReason").asText()).isEqualTo("language");
            assertThat(rows.get(4).get("lang").asText()).isEqualTo("en-US");
            // emoji alone: an emotion of the hearts' group, not neutral, in both
            assertThat(rows.get(5).get("labels").toString()).isNotEqualTo("[\"neutral\"]");
            assertThat(stream.get("c6").getLabels()).containsAnyOf("love", "joy", "admiration", "gratitude");
        }
    }

    private static io.emostream.avro.CommentEvent event(String id, String text, String lang) {
        return io.emostream.avro.CommentEvent.newBuilder()
                .setId(id)
                .setText(text)
                .setSource("cmp")
                .setLang(lang)
                .setMetadata(java.util.Map.of("brand", "acme"))
                .setCreatedAt(java.time.Instant.ofEpochMilli(1_000))
                .build();
    }
}
