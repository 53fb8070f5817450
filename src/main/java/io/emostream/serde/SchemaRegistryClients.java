package io.emostream.serde;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Resolves {@code schema.registry.url}: {@code mock://scope} → an in-memory scope, http(s) URLs → one cached REST client each. */
public final class SchemaRegistryClients {
    public static final String URL = "schema.registry.url";
    private static final Map<String, SchemaRegistryClient> REST = new ConcurrentHashMap<>();

    private SchemaRegistryClients() {}

    public static SchemaRegistryClient forConfig(Map<String, ?> config) {
        Object url = config.get(URL);
        if (url == null || url.toString().isBlank())
            throw new IllegalArgumentException("Missing required configuration \"" + URL + "\"");
        String u = url.toString().split(",")[0].trim();
        if (u.startsWith("mock://")) return InMemorySchemaRegistry.scope(u.substring("mock://".length()));
        if (!u.startsWith("http://") && !u.startsWith("https://"))
            throw new IllegalArgumentException(URL + " must be http(s)://host:port or mock://scope, was " + u);
        return REST.computeIfAbsent(
                u + "|" + config.get("basic.auth.user.info"), k -> new RestSchemaRegistryClient(u, config));
    }
}
