package io.emostream.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Schemas and subjects held in memory, with the registry's rules: one global id per distinct schema, versions per
 * subject, new versions checked at the subject's compatibility level, or the global one (BACKWARD, Confluent's
 * default) where the subject has none. Backs both the {@code mock://scope} client of unit tests and
 * {@link SchemaRegistryServer}.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {
    private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final Map<String, Integer> idsBySchema = new HashMap<>();
    private final List<Schema> schemasById = new ArrayList<>();
    private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();
    private final Map<String, CompatibilityLevel> levelsBySubject = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;

    /** The shared registry of a {@code mock://scope} URL. */
    public static InMemorySchemaRegistry scope(String scope) {
        return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistry());
    }

    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        String key = schema.toString();
        Integer existing = idsBySchema.get(key);
        if (existing != null && versions.contains(existing)) return existing;
        CompatibilityLevel level = effectiveCompatibility(subject);
        String problem = level.problem(schema, versions.stream().map(this::byId).toList());
        if (problem != null) {
            throw new SchemaRegistryException(
                    SchemaRegistryException.INCOMPATIBLE,
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject + "\" ("
                            + level + "): " + problem);
        }
        int id = existing != null ? existing : nextId(schema, key);
        versions.add(id);
        return id;
    }

    private int nextId(Schema schema, String key) {
        schemasById.add(schema);
        int id = schemasById.size();
        idsBySchema.put(key, id);
        return id;
    }

    @Override
    public synchronized int lookup(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null)
            throw new SchemaRegistryException(
                    SchemaRegistryException.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
        Integer id = idsBySchema.get(schema.toString());
        if (id == null || !versions.contains(id))
            throw new SchemaRegistryException(SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema not found");
        return id;
    }

    @Override
    public synchronized Schema byId(int id) {
        if (id < 1 || id > schemasById.size())
            throw new SchemaRegistryException(SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        return schemasById.get(id - 1);
    }

    public synchronized TreeSet<String> subjects() {
        return new TreeSet<>(versionsBySubject.keySet());
    }

    /** Ids of the subject's versions, version 1 first. */
    public synchronized List<Integer> versions(String subject) {
        List<Integer> v = versionsBySubject.get(subject);
        if (v == null)
            throw new SchemaRegistryException(
                    SchemaRegistryException.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
        return List.copyOf(v);
    }

    /**
     * Why {@code schema} is not compatible with {@code version} of {@code subject} ("latest" checks what registering
     * it would), at the subject's level; null if it is.
     */
    public synchronized String compatibilityProblem(String subject, Schema schema, String version) {
        List<Integer> ids = versions(subject);
        if (version.equals("latest") || version.equals("-1"))
            return effectiveCompatibility(subject)
                    .problem(schema, ids.stream().map(this::byId).toList());
        int v;
        try {
            v = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw new SchemaRegistryException(
                    SchemaRegistryException.INVALID_VERSION,
                    "The specified version '" + version + "' is not a valid version id.");
        }
        if (v < 1 || v > ids.size())
            throw new SchemaRegistryException(
                    SchemaRegistryException.VERSION_NOT_FOUND, "Version " + v + " not found.");
        return effectiveCompatibility(subject).problem(schema, List.of(byId(ids.get(v - 1))));
    }

    public synchronized CompatibilityLevel globalCompatibility() {
        return globalLevel;
    }

    public synchronized void setGlobalCompatibility(CompatibilityLevel level) {
        globalLevel = level;
    }

    /** The subject's own level; empty when it follows the global one. */
    public synchronized Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return Optional.ofNullable(levelsBySubject.get(subject));
    }

    public synchronized void setSubjectCompatibility(String subject, CompatibilityLevel level) {
        levelsBySubject.put(subject, level);
    }

    private CompatibilityLevel effectiveCompatibility(String subject) {
        return levelsBySubject.getOrDefault(subject, globalLevel);
    }
}
