package io.emostream.config;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Validator;

/**
 * Every configuration key of emostream, defined once with Kafka's {@link ConfigDef}: name, type, default, validator,
 * importance, section and meaning. {@code src/main/resources/emostream.properties} and {@code docs/configuration.md}
 * are rendered from it by {@code ./emostream config-docs} ({@link ConfigDocs}); a test fails when either drifts.
 */
public final class ConfigKeys {
    /** The head of the rendered properties file. */
    static final List<String> HEADER = List.of(
            "emostream configuration: every key, its default and its meaning.",
            "Override with `--config FILE` (same keys), environment variables (EMOSTREAM_ + key upper-cased, dots and dashes",
            "as underscores: batch.size -> EMOSTREAM_BATCH_SIZE) and `--set key=value`, in that order of precedence (last wins).",
            "Keys starting with `kafka.` are passed to every Kafka client with the prefix removed (e.g. kafka.security.protocol=SASL_SSL,",
            "kafka.sasl.jaas.config=...); keys starting with `schema.registry.` or `basic.auth.` go to the schema registry client.");

    /** Why a value is refused, as the error says it: "must be positive". */
    static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason);
        }
    }

    private static Validator validator(String description, java.util.function.Predicate<Object> ok, String reason) {
        return new Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value != null && !ok.test(value)) throw new Refused(reason);
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }

    private static final Validator POSITIVE =
            validator("at least 1", v -> ((Number) v).longValue() > 0, "must be positive");
    private static final Validator NON_NEGATIVE =
            validator("0 or more", v -> ((Number) v).longValue() >= 0, "must be 0 or more");
    private static final Validator BETWEEN_0_AND_1 = validator(
            "between 0 and 1",
            v -> ((Number) v).doubleValue() >= 0 && ((Number) v).doubleValue() <= 1,
            "must be between 0 and 1");
    private static final Validator AUTO_OR_POSITIVE = validator(
            "auto or a positive integer",
            v -> v.toString().strip().equals("auto") || v.toString().strip().matches("0*[1-9]\\d{0,8}"),
            "must be auto or a positive integer");

    private static final Validator SEVERITY = validator(
            "1, 2 or 3", v -> v instanceof Number n && n.intValue() >= 1 && n.intValue() <= 3, "must be 1, 2 or 3");
    private static final Validator HOST_PORTS = validator(
            "host:port, comma-separated",
            v -> Arrays.stream(v.toString().split(",")).allMatch(h -> h.strip().matches("\\S+:\\d+")),
            "must be host:port, comma-separated (e.g. broker-1:9092,broker-2:9092)");
    private static final Validator REGISTRY_URLS = validator(
            "http(s):// URLs, comma-separated",
            v -> Arrays.stream(v.toString().split(",")).allMatch(u -> u.strip().matches("(https?|mock)://\\S+")),
            "must be http:// or https:// URLs, comma-separated (e.g. http://registry:8081)");

    private static Validator oneOf(String... values) {
        String words = values.length == 2
                ? values[0] + " or " + values[1]
                : String.join(", ", Arrays.copyOf(values, values.length - 1)) + " or " + values[values.length - 1];
        return validator(words, v -> Arrays.asList(values).contains(v.toString()), "must be " + words);
    }

    public static final ConfigDef DEF;
    /** Each key's default as written (ConfigDef keeps the parsed value: 0.0001 would come back as 1.0E-4). */
    static final Map<String, String> DEFAULTS = new LinkedHashMap<>();
    /** Section title → its keys, in order. */
    static final Map<String, List<String>> SECTIONS = new LinkedHashMap<>();

    static {
        Builder b = new Builder();
        b.section("Kafka");
        b.key(
                "bootstrap.servers",
                Type.STRING,
                "127.0.0.1:9092",
                HOST_PORTS,
                Importance.HIGH,
                "Brokers to bootstrap from (host:port, comma-separated).");
        b.key(
                "startup.wait.max.ms",
                Type.LONG,
                "120000",
                NON_NEGATIVE,
                Importance.LOW,
                "At start, how long `run` waits with backoff for a broker or schema registry that is not reachable yet "
                        + "(a compose or cluster cold start); a refused login fails at once. 0 = one try.");
        b.key(
                "application.id",
                Type.STRING,
                "emostream-classifier",
                null,
                Importance.HIGH,
                "Kafka Streams application id of the classifier (consumer group, prefix of internal topics).");
        b.key(
                "processing.guarantee",
                Type.STRING,
                "exactly_once_v2",
                oneOf("exactly_once_v2", "at_least_once"),
                Importance.HIGH,
                "exactly_once_v2 (default: no record lost or duplicated) or at_least_once (faster commits, duplicates possible on failure).");
        b.key(
                "group.instance.id",
                Type.STRING,
                "",
                null,
                Importance.LOW,
                "Static membership: a name that stays the same across restarts of this instance (the pod name of a StatefulSet). A restarted instance then gets its partitions back at once, without a rebalance or waiting out the session timeout. "
                        + "Empty = an id generated once and kept (locked) in state.dir, so restarts on the same state directory are fast too; "
                        + "`dynamic` = no static membership.");
        b.key(
                "num.stream.threads",
                Type.INT,
                "1",
                POSITIVE,
                Importance.LOW,
                "Stream threads per instance; each gets its own model predictor.");
        b.key(
                "commit.interval.ms",
                Type.LONG,
                "100",
                POSITIVE,
                Importance.LOW,
                "How often Kafka Streams commits (ms); with exactly_once_v2 this bounds how long read_committed readers wait.");
        b.key(
                "state.dir",
                Type.STRING,
                "",
                null,
                Importance.LOW,
                "Local state (the micro-batch buffer's store). Empty = a folder under java.io.tmpdir.");
        b.key(
                "topics.partitions",
                Type.INT,
                "3",
                POSITIVE,
                Importance.LOW,
                "Create missing topics at start with these partitions / replication (run: --create-topics; demo always creates).");
        b.key(
                "topics.replication",
                Type.INT,
                "1",
                POSITIVE,
                Importance.LOW,
                "Replication of created topics, and of Kafka Streams' internal topics.");
        b.section("Schema registry (Confluent REST API; mock://scope for tests)");
        b.key(
                "schema.registry.url",
                Type.STRING,
                "http://127.0.0.1:8081",
                REGISTRY_URLS,
                Importance.HIGH,
                "Confluent-compatible schema registry (several URLs comma-separated; mock://scope in unit tests).");
        b.key(
                "auto.register.schemas",
                Type.BOOLEAN,
                "true",
                null,
                Importance.LOW,
                "Register schemas on first write (true) or require them to be registered already (false).");
        b.key(
                "registry.wait.max.ms",
                Type.LONG,
                "60000",
                POSITIVE,
                Importance.LOW,
                "While the registry is unreachable, times out or answers 5xx, a record waits and is retried with backoff; "
                        + "past this many ms the stream thread fails instead and its task is retried from its last commit "
                        + "(keep it well under the consumer's max.poll.interval.ms, 5 minutes).");
        b.section("Topics");
        b.key("topic.comments", Type.STRING, "comments", null, Importance.MEDIUM, "Input: CommentEvent (Avro).");
        b.key(
                "topic.labelled",
                Type.STRING,
                "comments-labelled",
                null,
                Importance.MEDIUM,
                "Output: LabelledComment (Avro), keyed as the input.");
        b.key(
                "topic.dlq",
                Type.STRING,
                "comments-dlq",
                null,
                Importance.MEDIUM,
                "Dead letters: the input bytes as received, with headers emostream.error.reason / .stage and emostream.source.topic / .partition / .offset.");
        b.section("Micro-batching and the model");
        b.key(
                "batch.size",
                Type.INT,
                "64",
                POSITIVE,
                Importance.MEDIUM,
                "Records per model call. CPU: 64. GPU: 256-1024 (a GPU is only faster with large batches).");
        b.key(
                "batch.max.delay.ms",
                Type.LONG,
                "50",
                POSITIVE,
                Importance.MEDIUM,
                "Longest a record waits for its batch to fill (wall clock, ms). Bounds added latency at low load.");
        b.key(
                "inference.async",
                Type.BOOLEAN,
                "true",
                null,
                Importance.MEDIUM,
                "Score batches on inference threads (\"lanes\") beside each stream thread (true), so the stream thread keeps consuming and producing while the model runs; false scores on the stream thread itself.");
        b.key(
                "inference.lanes",
                Type.STRING,
                "auto",
                AUTO_OR_POSITIVE,
                Importance.MEDIUM,
                "Lanes per stream thread: batches scored at once, each by its own predictor (auto = one per core). GPU: 1.");
        b.key(
                "inference.threads",
                Type.STRING,
                "1",
                AUTO_OR_POSITIVE,
                Importance.MEDIUM,
                "CPU threads of one model call (PyTorch intra-op threads, process-wide; auto = one per core). 1 with several lanes: independent single-threaded calls do not wait on each other's threads when the stream thread and Kafka clients share the cores (measured with `./emostream bench`, see docs/performance.md).");
        b.key(
                "batch.eager",
                Type.BOOLEAN,
                "true",
                null,
                Importance.MEDIUM,
                "Also dispatch a partial batch as soon as the stream thread's inference lanes are all idle (async only): a record then waits only while the model is busy, and batches grow with the load; batch.size and batch.max.delay.ms stay the upper bounds. false: only those two dispatch (half the p50 and p99 latency at half load with true, same peak).");
        b.key(
                "model.dir",
                Type.STRING,
                "models/default",
                null,
                Importance.HIGH,
                "Model bundle directory; relative paths are resolved against the emostream checkout. models/default (a fine-tuned encoder: the best labels, and emotion groups that hold on tweets and headlines) or models/fast (the paper's network, ten times faster on CPU). A promoted version on topic.versions takes precedence.");
        b.key(
                "model.device",
                Type.STRING,
                "auto",
                oneOf("auto", "cpu", "gpu"),
                Importance.HIGH,
                "auto (GPU when there is one: PyTorch for the network, ONNX Runtime for the encoder), cpu or gpu.");
        b.key(
                "model.max.retries",
                Type.INT,
                "2",
                NON_NEGATIVE,
                Importance.MEDIUM,
                "Retries (with backoff) of a failing model call before the batch is split to find the texts that fail; only those go to the dead-letter topic.");
        b.key(
                "text.max.chars",
                Type.INT,
                "2000",
                POSITIVE,
                Importance.MEDIUM,
                "Texts longer than this many characters are cut before cleaning and flagged truncated.");
        b.key(
                "score.cache.size",
                Type.LONG,
                "10000",
                NON_NEGATIVE,
                Importance.LOW,
                "Texts whose scores are kept, so that a repeated text (a retweet, a share) skips the model; keyed by "
                        + "model version and cleaned text. About 0.5 KB each. 0 = no cache.");
        b.key(
                "language.unreadable",
                Type.STRING,
                "skip",
                oneOf("skip", "score"),
                Importance.MEDIUM,
                "A comment in a language the model does not read (CommentEvent.lang, else detected): skip = label it "
                        + "unscoredReason=language with no labels, counted apart by the trends; score = score it anyway "
                        + "(an English model labels most such comments neutral).");
        b.section("Tracked topics (brands, products, campaigns: trends and alerts per topic)");
        b.key(
                "topics.file",
                Type.STRING,
                "",
                null,
                Importance.MEDIUM,
                "YAML or JSON file of tracked topics (topics: - name, terms, metadata); empty = none. A comment belongs to every topic one of whose terms it contains (case-insensitive, whole words, accents folded) or whose name or metadata value its metadata key holds; LabelledComment.topics lists them and the trends keep windows and alerts per topic. Relative paths are resolved against the emostream checkout.");
        b.key(
                "topics.metadata.key",
                Type.STRING,
                "topic",
                null,
                Importance.LOW,
                "The CommentEvent.metadata key whose value names a comment's topic (its producer already knows it).");
        b.key(
                "topics.reload.ms",
                Type.LONG,
                "10000",
                NON_NEGATIVE,
                Importance.LOW,
                "How often to look for a change of topics.file (ms); a change applies to comments labelled after it, an unreadable edit is refused and the topics in force kept. 0 = read once at start.");
        b.section("HTTP (health, readiness, Prometheus metrics, live page)");
        b.key(
                "http.host",
                Type.STRING,
                "127.0.0.1",
                null,
                Importance.MEDIUM,
                "Address the HTTP endpoint binds to (0.0.0.0 in containers).");
        b.key(
                "http.port",
                Type.INT,
                "8080",
                NON_NEGATIVE,
                Importance.MEDIUM,
                "/health, /ready, /metrics, the query API and the dashboard; 0 = disabled.");
        b.key(
                "http.auth.user.info",
                Type.PASSWORD,
                "",
                null,
                Importance.MEDIUM,
                "user:password that every HTTP request but /health and /ready must present (basic auth). Empty = none. Set it with EMOSTREAM_HTTP_AUTH_USER_INFO or a secret-mounted --config file rather than on the command line.");
        b.key(
                "http.ssl.keystore.location",
                Type.STRING,
                "",
                null,
                Importance.MEDIUM,
                "PKCS12 or JKS keystore with the endpoint's key and certificate: the endpoint then serves HTTPS only. Empty = HTTP.");
        b.key(
                "http.ssl.keystore.password",
                Type.PASSWORD,
                "",
                null,
                Importance.MEDIUM,
                "Password of http.ssl.keystore.location.");
        b.key(
                "http.ssl.keystore.type",
                Type.STRING,
                "PKCS12",
                oneOf("PKCS12", "JKS"),
                Importance.MEDIUM,
                "PKCS12 or JKS.");
        b.key(
                "http.advertised.listener",
                Type.STRING,
                "",
                null,
                Importance.MEDIUM,
                "host:port under which the other instances reach this one's query API (Kafka Streams' application.server). Empty = http.host:http.port, or this machine's host name when http.host is 0.0.0.0.");
        b.section("Learning loop: feedback, confident predictions, retrain trigger");
        b.key(
                "learner.enabled",
                Type.BOOLEAN,
                "true",
                null,
                Importance.LOW,
                "Run the learning side topology (feedback join, pseudo labels, retrain trigger) beside the classifier.");
        b.key(
                "learner.application.id",
                Type.STRING,
                "emostream-learner",
                null,
                Importance.LOW,
                "Kafka Streams application id of the learning side topology.");
        b.key(
                "topic.feedback",
                Type.STRING,
                "emotion-feedback",
                null,
                Importance.MEDIUM,
                "Input: LabelFeedback (Avro), keyed by comment id; needs as many partitions as topic.comments.");
        b.key(
                "topic.feedback.dlq",
                Type.STRING,
                "emotion-feedback-dlq",
                null,
                Importance.MEDIUM,
                "Dead letters of the learning side: feedback naming an unknown label, or whose comment never came within feedback.wait.ms.");
        b.key(
                "topic.training",
                Type.STRING,
                "training-examples",
                null,
                Importance.MEDIUM,
                "Output: TrainingExample (Avro), compacted, keyed by comment id (later feedback for a comment wins). One partition.");
        b.key(
                "topic.retrain",
                Type.STRING,
                "retrain-requests",
                null,
                Importance.MEDIUM,
                "RetrainRequest (Avro), one partition.");
        b.key(
                "topic.versions",
                Type.STRING,
                "model-versions",
                null,
                Importance.MEDIUM,
                "ModelVersion (Avro), compacted, one partition: every classifier follows it and swaps to promoted versions.");
        b.key(
                "feedback.comment.retention.ms",
                Type.LONG,
                "604800000",
                POSITIVE,
                Importance.LOW,
                "How long the text of a comment is kept for feedback to join with (ms; 7 days).");
        b.key(
                "feedback.wait.ms",
                Type.LONG,
                "3600000",
                POSITIVE,
                Importance.LOW,
                "How long feedback waits for its comment before it is dead-lettered (ms; 1 hour).");
        b.key(
                "pseudo.enabled",
                Type.BOOLEAN,
                "false",
                null,
                Importance.LOW,
                "Confident predictions become `pseudo` training examples (on in the demo).");
        b.key(
                "pseudo.labels",
                Type.LIST,
                "grief,pride,relief,nervousness,embarrassment,remorse",
                null,
                Importance.LOW,
                "... when one of these labels scores at least pseudo.min.score.");
        b.key(
                "pseudo.min.score",
                Type.DOUBLE,
                "0.9",
                BETWEEN_0_AND_1,
                Importance.LOW,
                "The score a pseudo label needs.");
        b.key(
                "retrain.min.examples",
                Type.INT,
                "1000",
                POSITIVE,
                Importance.LOW,
                "Retrain when this many new examples have come since the current model ...");
        b.key(
                "retrain.rare.labels",
                Type.LIST,
                "grief,pride,relief,nervousness",
                null,
                Importance.LOW,
                "... or one of these rare labels has gained retrain.rare.min examples ...");
        b.key("retrain.rare.min", Type.INT, "50", POSITIVE, Importance.LOW, "... this many examples.");
        b.key(
                "retrain.period.ms",
                Type.LONG,
                "86400000",
                POSITIVE,
                Importance.LOW,
                "... or retrain.period.ms has passed with at least retrain.period.min.examples new examples.");
        b.key(
                "retrain.period.min.examples",
                Type.INT,
                "100",
                POSITIVE,
                Importance.LOW,
                "... the new examples a periodic retraining needs.");
        b.section("Trends and alerts (windowed aggregates of comments-labelled, for dashboards)");
        b.key(
                "trends.enabled",
                Type.BOOLEAN,
                "true",
                null,
                Importance.LOW,
                "Run the trends topology (windows per source, spike alerts, the /api/trends query API) beside the classifier.");
        b.key(
                "trends.application.id",
                Type.STRING,
                "emostream-trends",
                null,
                Importance.LOW,
                "Kafka Streams application id of the trends topology.");
        b.key(
                "topic.trends",
                Type.STRING,
                "emotion-trends",
                null,
                Importance.MEDIUM,
                "Output: EmotionTrend (Avro), one record per source and window when the window closes.");
        b.key(
                "topic.alerts",
                Type.STRING,
                "emotion-alerts",
                null,
                Importance.MEDIUM,
                "Output: EmotionAlert (Avro), keyed by source.");
        b.key(
                "trends.window.ms",
                Type.LONG,
                "60000",
                POSITIVE,
                Importance.LOW,
                "Tumbling window of the trends and of the alerts (ms), in the comments' createdAt time.");
        b.key(
                "trends.long.window.ms",
                Type.LONG,
                "3600000",
                NON_NEGATIVE,
                Importance.LOW,
                "A second, longer window for longer views (ms); 0 = off.");
        b.key(
                "trends.grace.ms",
                Type.LONG,
                "10000",
                NON_NEGATIVE,
                Importance.LOW,
                "How long a window accepts late comments before it closes and is written out (ms).");
        b.key(
                "trends.retention.ms",
                Type.LONG,
                "86400000",
                POSITIVE,
                Importance.LOW,
                "How long short windows stay queryable (ms; 1 day); at least the window plus the grace.");
        b.key(
                "trends.long.retention.ms",
                Type.LONG,
                "2592000000",
                POSITIVE,
                Importance.LOW,
                "How long long windows stay queryable (ms; 30 days); at least the long window plus the grace.");
        b.key(
                "alerts.z",
                Type.DOUBLE,
                "4.0",
                null,
                Importance.LOW,
                "An emotion's share in a window raises an alert at this many standard deviations above the source's baseline ...");
        b.key(
                "alerts.min.count",
                Type.INT,
                "5",
                POSITIVE,
                Importance.LOW,
                "... with at least this many comments having it.");
        b.key(
                "alerts.reset.z",
                Type.DOUBLE,
                "1.0",
                null,
                Importance.LOW,
                "An alert re-arms for its (source, emotion) once the share falls back under this z.");
        b.key(
                "alerts.baseline.windows",
                Type.INT,
                "30",
                POSITIVE,
                Importance.LOW,
                "The baseline is an exponentially weighted mean over about this many past windows.");
        b.key(
                "alerts.warmup.windows",
                Type.INT,
                "5",
                NON_NEGATIVE,
                Importance.LOW,
                "Windows a source needs before its baseline can raise alerts.");
        b.key(
                "alerts.retention.ms",
                Type.LONG,
                "604800000",
                POSITIVE,
                Importance.LOW,
                "How long alerts stay in /api/alerts (ms; 7 days).");
        b.key(
                "trends.topic.sources",
                Type.BOOLEAN,
                "false",
                null,
                Importance.LOW,
                "Also keep each tracked topic's windows and alerts per source (/api/trends?topic=T&source=S): the windows kept grow by topics x sources.");
        b.key(
                "alerts.cooldown.ms",
                Type.LONG,
                "600000",
                NON_NEGATIVE,
                Importance.LOW,
                "After an alert, the same (source or topic, kind, emotion) raises no other for this long (ms, in window time; 10 min), even if it fell back and rose again: a storm is one alert.");
        b.key(
                "alerts.webhook.url",
                Type.PASSWORD,
                "",
                null,
                Importance.MEDIUM,
                "Alerts are POSTed here as JSON (the EmotionAlert fields, plus its id); empty = off. Delivery runs beside the stream: a slow or dead receiver never holds labelling up.");
        b.key(
                "alerts.webhook.min.severity",
                Type.INT,
                "1",
                SEVERITY,
                Importance.LOW,
                "Only alerts of at least this severity (1-3) go to alerts.webhook.url.");
        b.key(
                "alerts.slack.url",
                Type.PASSWORD,
                "",
                null,
                Importance.MEDIUM,
                "A Slack incoming-webhook URL: alerts are posted as Slack messages; empty = off.");
        b.key(
                "alerts.slack.min.severity",
                Type.INT,
                "2",
                SEVERITY,
                Importance.LOW,
                "Only alerts of at least this severity (1-3) go to Slack.");
        b.key(
                "alerts.delivery.attempts",
                Type.INT,
                "6",
                POSITIVE,
                Importance.LOW,
                "Attempts per alert and receiver, with backoff from 1 s doubling to 30 s; an alert still refused after them is counted in emostream_alert_deliveries_total{outcome=failed} and given up.");
        b.section("Retrainer");
        b.key(
                "retrain.base.corpus",
                Type.STRING,
                "",
                null,
                Importance.LOW,
                "Base corpus (GoEmotions-format folder: emotions.txt, train.tsv, dev.tsv). Required by `retrain`; the demo takes --base-corpus.");
        b.key(
                "retrain.model.store",
                Type.STRING,
                "models/store",
                null,
                Importance.LOW,
                "Where bundles are written (one directory per version); relative to the checkout.");
        b.key(
                "retrain.epochs",
                Type.INT,
                "4",
                POSITIVE,
                Importance.LOW,
                "Epochs of a retraining (early stopping still applies).");
        b.key(
                "retrain.fine.tune",
                Type.BOOLEAN,
                "true",
                null,
                Importance.LOW,
                "true: start from the current model's weights and vocabulary (fast); false: train from scratch.");
        b.key(
                "retrain.fine.tune.lr",
                Type.DOUBLE,
                "0.0001",
                null,
                Importance.LOW,
                "Adam learning rate when fine-tuning (a converged model needs small steps; from scratch uses the recipe's).");
        b.key(
                "retrain.max.label.drop",
                Type.DOUBLE,
                "0.05",
                BETWEEN_0_AND_1,
                Importance.LOW,
                "A candidate is promoted only if held-out macro-F1 does not drop and no label's F1 drops by more than this.");
        b.key(
                "retrain.corpora",
                Type.LIST,
                "",
                null,
                Importance.LOW,
                "Other corpora whose dev splits gate the emotion groups, as format:path (semeval-ec, xed, carer, tec; the formats `finetune --corpus` reads), comma-separated. Give those the serving model was trained on (its bundle.json recipe lists them); empty: the gate checks GoEmotions only.");
        b.key(
                "retrain.max.group.drop",
                Type.DOUBLE,
                "0.01",
                BETWEEN_0_AND_1,
                Importance.LOW,
                "A candidate is promoted only if, on each of retrain.corpora's dev splits, its emotion groups' macro-F1 drops and its share of silent emotional texts rises by no more than this.");
        b.key(
                "retrain.seed",
                Type.LONG,
                "42",
                POSITIVE,
                Importance.LOW,
                "Seed of training and of the fixed validation / held-out split of the base corpus's dev set.");
        DEF = b.def;
    }

    private ConfigKeys() {}

    private static final class Builder {
        final ConfigDef def = new ConfigDef();
        String section;

        void section(String title) {
            section = title;
            SECTIONS.put(title, new java.util.ArrayList<>());
        }

        void key(String name, Type type, String dflt, Validator validator, Importance importance, String doc) {
            def.define(
                    name,
                    type,
                    dflt,
                    validator,
                    importance,
                    doc,
                    section,
                    SECTIONS.get(section).size(),
                    ConfigDef.Width.NONE,
                    name);
            DEFAULTS.put(name, dflt);
            SECTIONS.get(section).add(name);
        }
    }
}
