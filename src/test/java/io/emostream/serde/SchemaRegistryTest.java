package io.emostream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emostream.avro.CommentEvent;
import io.emostream.avro.LabelledComment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The in-process registry speaks the Confluent REST subset, and the REST client and serde work against it. */
class SchemaRegistryTest {
    private static SchemaRegistryServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        server = SchemaRegistryServer.start(0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json");
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String body(Schema s) throws Exception {
        return JSON.writeValueAsString(Map.of("schema", s.toString()));
    }

    @Test
    void restApiFollowsConfluentsContract() throws Exception {
        Schema schema = CommentEvent.getClassSchema();
        HttpResponse<String> reg = call("POST", "/subjects/rest-test-value/versions", body(schema));
        assertThat(reg.statusCode()).isEqualTo(200);
        JsonNode id = JSON.readTree(reg.body());
        assertThat(id.fieldNames()).toIterable().containsExactly("id");
        assertThat(JSON.readTree(call("POST", "/subjects/rest-test-value/versions", body(schema))
                                .body())
                        .get("id")
                        .asInt())
                .as("same schema, same id")
                .isEqualTo(id.get("id").asInt());
        JsonNode byId = JSON.readTree(
                call("GET", "/schemas/ids/" + id.get("id").asInt(), null).body());
        assertThat(new Schema.Parser().parse(byId.get("schema").asText())).isEqualTo(schema);
        JsonNode lookup = JSON.readTree(
                call("POST", "/subjects/rest-test-value", body(schema)).body());
        assertThat(lookup.get("version").asInt()).isEqualTo(1);
        assertThat(JSON.readTree(call("GET", "/subjects/rest-test-value/versions/latest", null)
                                .body())
                        .get("id")
                        .asInt())
                .isEqualTo(id.get("id").asInt());

        HttpResponse<String> noSubject = call("POST", "/subjects/nope-value", body(schema));
        assertThat(noSubject.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(noSubject.body()).get("error_code").asInt()).isEqualTo(40401);
        HttpResponse<String> noSchema = call("GET", "/schemas/ids/9999", null);
        assertThat(noSchema.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(noSchema.body()).get("error_code").asInt()).isEqualTo(40403);
        HttpResponse<String> notInSubject =
                call("POST", "/subjects/rest-test-value", body(LabelledComment.getClassSchema()));
        assertThat(JSON.readTree(notInSubject.body()).get("error_code").asInt()).isEqualTo(40403);
        HttpResponse<String> invalid =
                call("POST", "/subjects/rest-test-value/versions", "{\"schema\": \"{not avro\"}");
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(invalid.body()).get("error_code").asInt()).isEqualTo(42201);
    }

    @Test
    void restClientAndSerdeRoundTripAndCacheAndNameTheProblem() throws Exception {
        Map<String, Object> config = Map.of("schema.registry.url", server.url(), "basic.auth.user.info", "user:secret");
        AvroSerializer<CommentEvent> ser = new AvroSerializer<>();
        ser.configure(config, false);
        AvroDeserializer<CommentEvent> de = new AvroDeserializer<>(CommentEvent.class);
        de.configure(config, false);
        CommentEvent e = CommentEvent.newBuilder()
                .setId("1")
                .setText("héllo 😀")
                .setSource("s")
                .setCreatedAt(Instant.ofEpochMilli(42))
                .build();
        byte[] bytes = ser.serialize("roundtrip", e);
        assertThat(bytes[0]).isEqualTo((byte) 0);
        assertThat(de.deserialize("roundtrip", bytes)).isEqualTo(e);
        assertThat(server.registry().subjects()).contains("roundtrip-value");

        AvroSerializer<CommentEvent> noAuto = new AvroSerializer<>();
        noAuto.configure(Map.of("schema.registry.url", server.url(), "auto.register.schemas", "false"), false);
        assertThatThrownBy(() -> noAuto.serialize("never-registered", e))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining(server.url())
                .hasMessageContaining("40401");

        RestSchemaRegistryClient down = new RestSchemaRegistryClient("http://127.0.0.1:1", Map.of());
        assertThatThrownBy(() -> down.byId(1))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unreachable")
                .hasMessageContaining("127.0.0.1:1");
    }

    @Test
    void addingAnOptionalFieldWithADefaultKeepsEverySchemaBackwardCompatible() throws Exception {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        try (var files = Files.list(Path.of("schemas"))) {
            List<Path> schemas =
                    files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
            assertThat(schemas).hasSizeGreaterThanOrEqualTo(6);
            for (Path p : schemas) {
                JsonNode json = JSON.readTree(p.toFile());
                Schema v1 = new Schema.Parser().parse(json.toString());
                for (JsonNode f : json.get("fields"))
                    assertThat(f.has("doc"))
                            .as(p + " field " + f.get("name") + " has a doc")
                            .isTrue();
                ((com.fasterxml.jackson.databind.node.ArrayNode) json.get("fields"))
                        .add(
                                JSON.readTree(
                                        "{\"name\": \"addedLater\", \"type\": [\"null\", \"string\"], \"default\": null, \"doc\": \"new optional field\"}"));
                Schema v2 = new Schema.Parser().parse(json.toString());
                assertThat(SchemaCompatibility.checkReaderWriterCompatibility(v2, v1)
                                .getType())
                        .as(p + ": new readers read old data")
                        .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
                String subject = p.getFileName() + "-value";
                int id1 = registry.register(subject, v1);
                int id2 = registry.register(subject, v2); // the registry's BACKWARD check accepts it
                assertThat(id2).isNotEqualTo(id1);
            }
        }
        // and a breaking change (a new required field without a default) is refused with Confluent's 409
        Schema v1 = CommentEvent.getClassSchema();
        JsonNode json = JSON.readTree(v1.toString());
        ((com.fasterxml.jackson.databind.node.ArrayNode) json.get("fields"))
                .add(JSON.readTree("{\"name\": \"required\", \"type\": \"string\"}"));
        InMemorySchemaRegistry r = new InMemorySchemaRegistry();
        r.register("s-value", v1);
        assertThatThrownBy(() -> r.register("s-value", new Schema.Parser().parse(json.toString())))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("incompatible");
    }

    /**
     * The released output schemas against their previous versions (src/test/resources/schema-history): the registry
     * accepts each new version under FULL compatibility, and records cross both ways: a consumer with the old schema
     * reads what the new classifier writes, and the new one reads what the old classifier wrote.
     */
    @Test
    void theOutputSchemasEvolveCompatiblyBothWays() throws Exception {
        io.emostream.avro.LabelledComment now = io.emostream.avro.LabelledComment.newBuilder()
                .setId("c1")
                .setSource("news")
                .setCreatedAt(java.time.Instant.ofEpochMilli(1_000))
                .setText("Estoy muy enojado")
                .setLabels(List.of())
                .setScores(Map.of())
                .setTopLabel("")
                .setModelVersion("v")
                .setClassifiedAt(java.time.Instant.ofEpochMilli(2_000))
                .setAuthor("@ana")
                .setMetadata(Map.of("brand", "acme"))
                .setLanguage("es")
                .setUnscoredReason("language")
                .build();
        java.io.File[] history =
                Path.of("src/test/resources/schema-history").toFile().listFiles();
        assertThat(history).hasSizeGreaterThanOrEqualTo(5);
        for (java.io.File file : history) {
            String name = file.getName().replaceAll("-\\d+\\.avsc$", "");
            Schema old = new Schema.Parser().parse(file);
            Schema current =
                    new Schema.Parser().parse(Path.of("schemas", name + ".avsc").toFile());
            InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
            registry.setSubjectCompatibility(name + "-value", CompatibilityLevel.FULL);
            registry.register(name + "-value", old);
            assertThat(registry.compatibilityProblem(name + "-value", current, "latest"))
                    .as(name)
                    .isNull();
            registry.register(name + "-value", current); // accepted under FULL
        }
        Schema old = new Schema.Parser()
                .parse(Path.of("src/test/resources/schema-history/LabelledComment-1.avsc")
                        .toFile());
        // new writer, old reader: the added fields are skipped
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        var enc = org.apache.avro.io.EncoderFactory.get().binaryEncoder(bytes, null);
        new org.apache.avro.specific.SpecificDatumWriter<>(io.emostream.avro.LabelledComment.class).write(now, enc);
        enc.flush();
        org.apache.avro.generic.GenericRecord seenByOld = new org.apache.avro.generic.GenericDatumReader<
                        org.apache.avro.generic.GenericRecord>(io.emostream.avro.LabelledComment.getClassSchema(), old)
                .read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        assertThat(seenByOld.get("id").toString()).isEqualTo("c1");
        assertThat(seenByOld.getSchema().getField("language")).isNull();
        // old writer, new reader: the added fields take their defaults
        bytes.reset();
        enc = org.apache.avro.io.EncoderFactory.get().binaryEncoder(bytes, null);
        new org.apache.avro.generic.GenericDatumWriter<org.apache.avro.generic.GenericRecord>(old)
                .write(seenByOld, enc);
        enc.flush();
        io.emostream.avro.LabelledComment seenByNew = new org.apache.avro.specific.SpecificDatumReader<
                        io.emostream.avro.LabelledComment>(old, io.emostream.avro.LabelledComment.getClassSchema())
                .read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        assertThat(seenByNew.getId()).isEqualTo("c1");
        assertThat(seenByNew.getLanguage()).isNull();
        assertThat(seenByNew.getUnscoredReason()).isNull();
        assertThat(seenByNew.getMetadata()).isEmpty();
    }

    @Test
    void compatibilityLevelsAreReadSetAndEnforcedPerSubjectAsConfluentDoes() throws Exception {
        Schema v1 = CommentEvent.getClassSchema();
        JsonNode json = JSON.readTree(v1.toString());
        ((com.fasterxml.jackson.databind.node.ArrayNode) json.get("fields"))
                .add(JSON.readTree("{\"name\": \"required\", \"type\": \"string\"}"));
        Schema withRequiredField =
                new Schema.Parser().parse(json.toString()); // old data lacks it: not BACKWARD, but FORWARD
        assertThat(call("POST", "/subjects/levels-value/versions", body(v1)).statusCode())
                .isEqualTo(200);

        assertThat(JSON.readTree(call("GET", "/config", null).body())
                        .get("compatibilityLevel")
                        .asText())
                .isEqualTo("BACKWARD");
        HttpResponse<String> unset = call("GET", "/config/levels-value", null);
        assertThat(unset.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unset.body()).get("error_code").asInt()).isEqualTo(40408);
        assertThat(JSON.readTree(call("GET", "/config/levels-value?defaultToGlobal=true", null)
                                .body())
                        .get("compatibilityLevel")
                        .asText())
                .isEqualTo("BACKWARD");

        HttpResponse<String> compatible = call(
                "POST", "/compatibility/subjects/levels-value/versions/latest?verbose=true", body(withRequiredField));
        assertThat(JSON.readTree(compatible.body()).get("is_compatible").asBoolean())
                .isFalse();
        assertThat(JSON.readTree(compatible.body()).get("messages").get(0).asText())
                .contains("required");
        HttpResponse<String> refused = call("POST", "/subjects/levels-value/versions", body(withRequiredField));
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(refused.body()).get("error_code").asInt()).isEqualTo(409);

        HttpResponse<String> set = call("PUT", "/config/levels-value", "{\"compatibility\": \"forward\"}");
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(set.body()).get("compatibility").asText()).isEqualTo("FORWARD");
        assertThat(JSON.readTree(call("GET", "/config/levels-value", null).body())
                        .get("compatibilityLevel")
                        .asText())
                .isEqualTo("FORWARD");
        assertThat(JSON.readTree(call("GET", "/config", null).body())
                        .get("compatibilityLevel")
                        .asText())
                .as("the global level is untouched")
                .isEqualTo("BACKWARD");
        assertThat(JSON.readTree(
                                call("POST", "/compatibility/subjects/levels-value/versions/1", body(withRequiredField))
                                        .body())
                        .get("is_compatible")
                        .asBoolean())
                .isTrue();
        assertThat(call("POST", "/subjects/levels-value/versions", body(withRequiredField))
                        .statusCode())
                .isEqualTo(200);
        // FORWARD: the latest version must read the new one's data; a schema without the required field breaks that
        JsonNode other = JSON.readTree(v1.toString());
        ((com.fasterxml.jackson.databind.node.ArrayNode) other.get("fields"))
                .add(JSON.readTree("{\"name\": \"other\", \"type\": [\"null\", \"string\"], \"default\": null}"));
        HttpResponse<String> forwardRefused =
                call("POST", "/subjects/levels-value/versions", body(new Schema.Parser().parse(other.toString())));
        assertThat(forwardRefused.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(forwardRefused.body()).get("message").asText())
                .contains("FORWARD", "earlier schema cannot read");

        HttpResponse<String> bad = call("PUT", "/config/levels-value", "{\"compatibility\": \"SIDEWAYS\"}");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(bad.body()).get("error_code").asInt()).isEqualTo(42203);
        assertThat(JSON.readTree(bad.body()).get("message").asText()).contains("SIDEWAYS", "backward_transitive");
        HttpResponse<String> badVersion = call("POST", "/compatibility/subjects/levels-value/versions/first", body(v1));
        assertThat(badVersion.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(badVersion.body()).get("error_code").asInt()).isEqualTo(42202);
    }

    @Test
    void transitiveLevelsCheckEveryEarlierVersionTheOthersOnlyTheLatest() {
        Schema a = new Schema.Parser()
                .parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}");
        Schema b = new Schema.Parser()
                .parse(
                        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"x\",\"type\":\"int\",\"default\":0}]}");
        Schema c = new Schema.Parser()
                .parse(
                        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"x\",\"type\":\"string\",\"default\":\"\"}]}");
        // c reads data written with b? no (int -> string is not a promotion); with nothing older than b it would not
        // matter
        assertThat(CompatibilityLevel.BACKWARD.problem(c, List.of(a, b))).isNotNull();
        assertThat(CompatibilityLevel.NONE.problem(c, List.of(a, b))).isNull();
        Schema d = new Schema.Parser()
                .parse(
                        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"y\",\"type\":\"int\",\"default\":0}]}");
        // d drops x and adds y with a default: it reads anything; the latest (b) reads d's data through x's default, a
        // cannot
        assertThat(CompatibilityLevel.FORWARD.problem(d, List.of(a, b))).isNull();
        assertThat(CompatibilityLevel.FORWARD_TRANSITIVE.problem(d, List.of(a, b)))
                .contains("earlier schema cannot read");
        assertThat(CompatibilityLevel.FULL.problem(d, List.of(a, b))).isNull();
        assertThat(CompatibilityLevel.FULL_TRANSITIVE.problem(d, List.of(a, b))).isNotNull();
        assertThatThrownBy(() -> CompatibilityLevel.parse("sideways"))
                .isInstanceOf(SchemaRegistryException.class)
                .satisfies(e ->
                        assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(42203));
        assertThat(CompatibilityLevel.parse(" full_transitive ")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
    }
}
