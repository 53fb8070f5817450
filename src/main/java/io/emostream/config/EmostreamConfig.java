package io.emostream.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * emostream's configuration: the documented defaults ({@code emostream.properties} on the class path), then a
 * user file, then {@code EMOSTREAM_*} environment variables, then {@code --set key=value} (last wins). Unknown keys
 * and ill-typed values fail fast with the key and its origin. {@code kafka.*} keys pass through to Kafka clients.
 */
public final class EmostreamConfig {
    public static final String KAFKA_PREFIX = "kafka.";

    private final Map<String, String> values;
    private final Map<String, String> origins;

    private EmostreamConfig(Map<String, String> values, Map<String, String> origins) {
        this.values = values;
        this.origins = origins;
    }

    public static EmostreamConfig defaults() {
        return load(null, Map.of(), Map.of());
    }

    /**
     * @param file      user properties file, or null
     * @param env       environment (System.getenv() in production)
     * @param overrides {@code --set} pairs
     */
    public static EmostreamConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        return load(file, env, overrides, Map.of(), null);
    }

    /**
     * As {@link #load(Path, Map, Map)}, with a command's own defaults above the built-in ones and below everything the
     * user gives (the demo's short windows and quick retraining): one precedence rule, built-in defaults &lt; the
     * command's defaults &lt; the file &lt; the environment &lt; {@code --set}.
     *
     * @param commandDefaults the command's values for some keys
     * @param commandName     their origin in error messages ("demo default")
     */
    public static EmostreamConfig load(
            Path file,
            Map<String, String> env,
            Map<String, String> overrides,
            Map<String, String> commandDefaults,
            String commandName) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> origins = new HashMap<>();
        ConfigKeys.DEFAULTS.forEach((k, v) -> {
            values.put(k, v);
            origins.put(k, "default");
        });
        commandDefaults.forEach((k, v) -> put(values, origins, k, v.trim(), commandName + " default"));
        if (file != null) {
            if (!Files.isRegularFile(file)) throw new ConfigException("config file " + file + " not found");
            Properties user = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                user.load(r);
            } catch (IOException e) {
                throw new ConfigException("config file " + file + " is unreadable: " + e.getMessage());
            }
            for (String k : user.stringPropertyNames())
                put(values, origins, k, user.getProperty(k).trim(), file.toString());
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!e.getKey().startsWith("EMOSTREAM_")
                    || e.getKey().equals("EMOSTREAM_CACHE")
                    || e.getKey().equals("EMOSTREAM_JAVA_OPTS")) continue;
            if (isServiceLink(e.getKey(), e.getValue())) continue;
            String key = keyForEnv(e.getKey(), values.keySet());
            if (key == null) throw new ConfigException("environment variable " + e.getKey() + " matches no config key");
            put(values, origins, key, e.getValue().trim(), "environment " + e.getKey());
        }
        overrides.forEach((k, v) -> put(values, origins, k, v.trim(), "--set"));
        EmostreamConfig config = new EmostreamConfig(values, origins);
        config.validate();
        return config;
    }

    private static void put(
            Map<String, String> values, Map<String, String> origins, String key, String value, String origin) {
        // one name for the brokers: what the clients use is what the errors and the start-up lines report
        if (key.equals(KAFKA_PREFIX + "bootstrap.servers")) key = "bootstrap.servers";
        if (!values.containsKey(key) && !isPassThrough(key)) {
            throw new ConfigException(
                    "unknown config key '" + key + "' (from " + origin + "); see emostream.properties for the keys");
        }
        values.put(key, value);
        origins.put(key, origin);
    }

    static boolean isPassThrough(String key) {
        return key.startsWith(KAFKA_PREFIX) || key.startsWith("schema.registry.") || key.startsWith("basic.auth.");
    }

    /**
     * Kubernetes gives every pod variables for each Service in its namespace ({@code <NAME>_SERVICE_HOST},
     * {@code <NAME>_PORT=tcp://10.0.0.7:8080}, {@code <NAME>_PORT_8080_TCP_ADDR}...), so a Service named
     * {@code emostream-metrics} puts {@code EMOSTREAM_METRICS_PORT} in our namespace of variables. Such a variable is
     * recognised by its shape and passed over; a typo in a real key has neither shape and is still refused.
     */
    static boolean isServiceLink(String name, String value) {
        return SERVICE_LINK_VALUE.matcher(value.strip()).matches()
                || (SERVICE_LINK_NAME.matcher(name).matches()
                        && !ConfigKeys.DEFAULTS.containsKey(keyForEnv(name, ConfigKeys.DEFAULTS.keySet())));
    }

    private static final java.util.regex.Pattern SERVICE_LINK_NAME = java.util.regex.Pattern.compile(
            ".+_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT|PORT_\\d+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)");
    private static final java.util.regex.Pattern SERVICE_LINK_VALUE =
            java.util.regex.Pattern.compile("(tcp|udp|sctp)://[^\\s/]+:\\d+");

    /** EMOSTREAM_BATCH_MAX_DELAY_MS → batch.max.delay.ms (matched against the known keys, so dots and dashes both work). */
    static String keyForEnv(String env, Iterable<String> known) {
        String wanted = env.substring("EMOSTREAM_".length()).toLowerCase(Locale.ROOT);
        for (String k : known) if (k.replace('.', '_').replace('-', '_').equals(wanted)) return k;
        // the pass-through families: their keys have dots only, so every underscore is a dot
        for (String family : new String[] {"kafka_", "schema_registry_", "basic_auth_"})
            if (wanted.startsWith(family)) return wanted.replace('_', '.');
        return null;
    }

    /** Each key's type and validator, as {@link ConfigKeys} defines them, then the rules that tie keys together. */
    private void validate() {
        for (org.apache.kafka.common.config.ConfigDef.ConfigKey key :
                ConfigKeys.DEF.configKeys().values()) {
            String raw = values.get(key.name);
            boolean secret = key.type == org.apache.kafka.common.config.ConfigDef.Type.PASSWORD;
            Object parsed;
            try {
                parsed = org.apache.kafka.common.config.ConfigDef.parseType(key.name, raw, key.type);
            } catch (org.apache.kafka.common.config.ConfigException e) {
                throw new ConfigException("config key " + key.name + " must be " + typeWords(key.type) + ", was '" + raw
                        + "' (from " + origins.get(key.name) + ")");
            }
            if (key.validator == null) continue;
            try {
                key.validator.ensureValid(key.name, parsed);
            } catch (ConfigKeys.Refused e) {
                String shown = secret ? "(hidden)" : parsed instanceof String ? "'" + raw + "'" : raw;
                throw new ConfigException("config key " + key.name + " " + e.getMessage() + ", was " + shown + " (from "
                        + origins.get(key.name) + ")");
            }
        }
        if (getLong("trends.retention.ms") < getLong("trends.window.ms") + getLong("trends.grace.ms")) {
            throw new ConfigException(
                    "config key trends.retention.ms must be at least trends.window.ms + trends.grace.ms, was "
                            + get("trends.retention.ms") + " (from " + origins.get("trends.retention.ms") + ")");
        }
        if (getLong("trends.long.window.ms") > 0
                && getLong("trends.long.retention.ms")
                        < getLong("trends.long.window.ms") + getLong("trends.grace.ms")) {
            throw new ConfigException(
                    "config key trends.long.retention.ms must be at least trends.long.window.ms + trends.grace.ms, was "
                            + get("trends.long.retention.ms") + " (from " + origins.get("trends.long.retention.ms")
                            + ")");
        }
        if (getDouble("alerts.z") <= getDouble("alerts.reset.z")) {
            throw new ConfigException("config key alerts.z must be above alerts.reset.z, was " + get("alerts.z")
                    + " (from " + origins.get("alerts.z") + ")");
        }
    }

    private static String typeWords(org.apache.kafka.common.config.ConfigDef.Type type) {
        return switch (type) {
            case INT, LONG, SHORT -> "an integer";
            case DOUBLE -> "a number";
            case BOOLEAN -> "true or false";
            case LIST -> "a comma-separated list";
            default -> "a string";
        };
    }

    public String get(String key) {
        String v = values.get(key);
        if (v == null) throw new ConfigException("config key '" + key + "' is not set");
        return v;
    }

    /** Where a key's value came from: "default", the config file, "environment EMOSTREAM_…" or "--set". */
    public String origin(String key) {
        return origins.getOrDefault(key, "default");
    }

    public long getLong(String key) {
        try {
            return Long.parseLong(get(key));
        } catch (NumberFormatException e) {
            throw new ConfigException("config key " + key + " must be an integer, was '" + get(key) + "' (from "
                    + origins.get(key) + ")");
        }
    }

    public int getInt(String key) {
        return Math.toIntExact(getLong(key));
    }

    public double getDouble(String key) {
        try {
            return Double.parseDouble(get(key));
        } catch (NumberFormatException e) {
            throw new ConfigException(
                    "config key " + key + " must be a number, was '" + get(key) + "' (from " + origins.get(key) + ")");
        }
    }

    public java.util.List<String> getList(String key) {
        String v = get(key).trim();
        return v.isEmpty()
                ? java.util.List.of()
                : java.util.Arrays.stream(v.split(","))
                        .map(String::trim)
                        .filter(x -> !x.isEmpty())
                        .toList();
    }

    public boolean getBoolean(String key) {
        String v = get(key);
        if (!v.equals("true") && !v.equals("false"))
            throw new ConfigException(
                    "config key " + key + " must be true or false, was '" + v + "' (from " + origins.get(key) + ")");
        return Boolean.parseBoolean(v);
    }

    /** {@code inference.lanes}: {@code auto} is one per available core. */
    public int inferenceLanes() {
        return autoOrPositive("inference.lanes", Runtime.getRuntime().availableProcessors());
    }

    /** {@code inference.threads}: {@code auto} leaves PyTorch's own choice (one per core), returned as 0. */
    public int inferenceThreads() {
        return autoOrPositive("inference.threads", 0);
    }

    private int autoOrPositive(String key, int auto) {
        String v = get(key).trim();
        if (v.equals("auto")) return auto;
        try {
            int n = Integer.parseInt(v);
            if (n > 0) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException("config key " + key + " must be auto or a positive integer, was '" + v + "' (from "
                + origins.get(key) + ")");
    }

    /** A copy with some keys changed (programmatic overrides: tests, demo). */
    public EmostreamConfig with(Map<String, String> changes) {
        Map<String, String> v = new LinkedHashMap<>(values);
        Map<String, String> o = new HashMap<>(origins);
        changes.forEach((k, val) -> put(v, o, k, val, "code"));
        EmostreamConfig c = new EmostreamConfig(v, o);
        c.validate();
        return c;
    }

    /** Settings for every Kafka client: bootstrap servers plus all {@code kafka.*} keys, prefix removed. */
    /** TLS and basic auth of the HTTP endpoint ({@code http.ssl.*}, {@code http.auth.user.info}); both off when empty. */
    public io.emostream.httpserver.ServerSecurity httpSecurity() {
        String keystore = get("http.ssl.keystore.location").strip();
        String userInfo = get("http.auth.user.info");
        if (!userInfo.isEmpty() && userInfo.indexOf(':') < 1) {
            throw new ConfigException("config key http.auth.user.info must be user:password (from "
                    + origins.get("http.auth.user.info") + ")");
        }
        if (!keystore.isEmpty() && !java.nio.file.Files.isReadable(java.nio.file.Path.of(keystore))) {
            throw new ConfigException("config key http.ssl.keystore.location names no readable file: " + keystore
                    + " (from " + origins.get("http.ssl.keystore.location") + ")");
        }
        return new io.emostream.httpserver.ServerSecurity(
                keystore.isEmpty() ? null : java.nio.file.Path.of(keystore),
                get("http.ssl.keystore.password"),
                get("http.ssl.keystore.type"),
                userInfo.isEmpty() ? null : userInfo);
    }

    public Map<String, Object> kafkaClientConfig() {
        Map<String, Object> m = new HashMap<>();
        m.put("bootstrap.servers", get("bootstrap.servers"));
        values.forEach((k, v) -> {
            if (k.startsWith(KAFKA_PREFIX)) m.put(k.substring(KAFKA_PREFIX.length()), v);
        });
        return m;
    }

    /** Settings for the Avro serdes, with Confluent's key names. */
    public Map<String, Object> serdeConfig() {
        Map<String, Object> m = new HashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith("schema.registry.") || k.startsWith("basic.auth.")) m.put(k, v);
        });
        m.put("auto.register.schemas", get("auto.register.schemas"));
        m.put("specific.avro.reader", "true");
        return m;
    }

    public Map<String, String> asMap() {
        return Map.copyOf(values);
    }
}
