package io.emostream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.emostream.config.EmostreamConfig;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** What can be checked of the deployment files without Docker or a cluster. */
class DeploymentFilesTest {
    private static final Pattern ENV_SETTING = Pattern.compile("(EMOSTREAM_[A-Z0-9_]+)=(\\S+)");

    @Test
    @SuppressWarnings("unchecked")
    void composeParsesPinsImagesAndUsesOnlyRealConfigKeys() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsKeys("kafka", "schema-registry", "classifier", "classifier-gpu", "topics");
        for (Map.Entry<String, Map<String, Object>> s : services.entrySet())
            assertPinned((String) s.getValue().get("image"), s.getKey());
        Map<String, Object> gpu = services.get("classifier-gpu");
        assertThat(gpu.toString()).contains("driver=nvidia").contains("capabilities=[gpu]");
        // a cold start: what others wait for has a healthcheck, and they wait for it healthy
        for (String s : List.of("kafka", "schema-registry"))
            assertThat(services.get(s)).as(s + " healthcheck").containsKey("healthcheck");
        for (String s : List.of("classifier", "classifier-gpu")) {
            assertThat(path(services.get(s), "depends_on", "schema-registry", "condition"))
                    .as(s)
                    .isEqualTo("service_healthy");
            assertThat(path(services.get(s), "depends_on", "topics", "condition"))
                    .as(s)
                    .isEqualTo("service_completed_successfully");
        }
        // and a restart: long-running services come back, data and state live in named volumes
        for (String s : List.of("kafka", "schema-registry", "classifier", "classifier-gpu"))
            assertThat(services.get(s)).as(s).containsEntry("restart", "unless-stopped");
        assertThat((Map<String, Object>) compose.get("volumes")).containsKeys("kafka-data", "classifier-state");
        assertThat(services.get("kafka").get("volumes").toString()).contains("kafka-data:");
        // the GPU profile replaces the CPU classifier (one or the other, by COMPOSE_PROFILES) in the same group
        assertThat(services.get("classifier").get("profiles")).isEqualTo(List.of("cpu"));
        assertThat(gpu.get("profiles")).isEqualTo(List.of("gpu"));
        assertThat(Files.readString(Path.of(".env"))).contains("COMPOSE_PROFILES=cpu");
        assertThat(((Map<String, Object>) gpu.get("environment")).get("EMOSTREAM_APPLICATION_ID"))
                .isEqualTo(EmostreamConfig.defaults().get("application.id"));
        for (Map<String, Object> s : services.values()) {
            Object env = s.get("environment");
            if (env instanceof Map<?, ?> m)
                for (Object k : m.keySet())
                    assertKnownEnv(k.toString(), m.get(k).toString());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeCreatesEveryTopicRunNeedsAndParsesWithComposeV1() throws Exception {
        String text = Files.readString(Path.of("docker-compose.yml"));
        Map<String, Object> compose = new Yaml().load(text);
        assertThat(compose)
                .as("a top-level name: is rejected by docker-compose 1.29")
                .doesNotContainKey("name");
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        String topicsCommand = services.get("topics").get("command").toString();
        EmostreamConfig defaults = EmostreamConfig.defaults();
        // what `run` checks for (Preflight): the classifier's topics, the versions topic, the learning side's and the
        // trends'
        for (io.emostream.topics.Topic<?> topic :
                io.emostream.topics.Topics.of(defaults).needed()) {
            assertThat(topicsCommand).as("the topics service creates " + topic).contains(topic.name());
            // compacted ones are created in the loop that sets cleanup.policy=compact
            if (topic.compacted())
                assertThat(topicsCommand)
                        .containsPattern("for t in [^;]*" + topic.name()
                                + "[^;]*; do\\s+create --topic \\$\\$t --partitions 1 --config cleanup.policy=compact");
        }
    }

    /** Compose v1 itself (.ci/run installs Debian's docker-compose): it parses without a Docker engine. */
    @Test
    void composeV1ParsesTheFileWithAndWithoutTheGpuProfile() throws Exception {
        java.util.Optional<java.io.File> found = io.emostream.OutsideTools.onPath("docker-compose");
        io.emostream.OutsideTools.require(
                found.isPresent(), "no docker-compose on the PATH (Debian: apt-get install docker-compose)");
        java.io.File v1 = found.get();
        {
            for (List<String> args : List.of(List.of("config", "-q"), List.of("--profile", "gpu", "config", "-q"))) {
                List<String> cmd = new ArrayList<>(List.of(v1.getPath(), "-f", "docker-compose.yml"));
                cmd.addAll(args);
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                assertThat(p.waitFor()).as("docker-compose %s: %s", args, out).isZero();
            }
        }
    }

    /**
     * Compose v2 validates a file against the Compose Specification schema before it loads it; Compose v2 itself is
     * not packaged by Debian or npm, its schema is (scripts/compose-check, installed by .ci/run).
     */
    @Test
    void composeMatchesTheComposeSpecificationSchemaThatComposeV2Checks() throws Exception {
        Path check = Path.of("scripts/compose-check");
        io.emostream.OutsideTools.require(
                Files.isDirectory(check.resolve("node_modules")),
                "run `npm ci --prefix scripts/compose-check` (.ci/run does) to include the Compose Specification check");
        assertThat(node(check, "docker-compose.yml")).startsWith("0 ").contains("valid");
        // and the check can fail: an unknown key in a service, and a healthcheck test that is neither string nor list
        Path bad = Files.createTempFile("compose-bad", ".yml");
        Files.writeString(bad, "services:\n  a:\n    image: x:1\n    healthcheck:\n      test: 5\n    bogus: 1\n");
        assertThat(node(check, bad.toString()))
                .startsWith("1 ")
                .contains("bogus")
                .contains("healthcheck/test");
    }

    private static String node(Path check, String file) throws Exception {
        Process p = new ProcessBuilder("node", check.resolve("check.mjs").toString(), file)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        return p.waitFor() + " " + out;
    }

    @Test
    void theImageHealthcheckWorksUnderDash() throws Exception {
        String text = Files.readString(Path.of("deploy/Dockerfile"));
        String check = text.lines()
                .filter(l -> l.startsWith("HEALTHCHECK"))
                .findFirst()
                .orElseThrow();
        assertThat(check).doesNotContain("/dev/tcp").contains("/health");
        if (check.contains("curl")) assertThat(text).contains("install -y --no-install-recommends curl");
    }

    @Test
    void dockerfilesPinTheirBaseImagesAndSetOnlyRealConfigKeys() throws Exception {
        for (String f : List.of("deploy/Dockerfile", "deploy/Dockerfile.gpu")) {
            String text = Files.readString(Path.of(f));
            Matcher from = Pattern.compile("(?m)^FROM (\\S+)").matcher(text);
            int n = 0;
            while (from.find()) {
                assertPinned(from.group(1), f);
                n++;
            }
            assertThat(n).as(f).isGreaterThan(0);
            Matcher env = ENV_SETTING.matcher(text);
            while (env.find()) assertKnownEnv(env.group(1), env.group(2));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void kubernetesManifestsParseAndProbeTheRightEndpoints() throws Exception {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (var files = Files.walk(Path.of("deploy/k8s"))) {
            for (Path p : files.filter(x -> x.toString().endsWith(".yaml"))
                    .filter(x -> !x.endsWith("kustomization.yaml"))
                    .sorted()
                    .toList()) {
                for (Object d : new Yaml().loadAll(Files.readString(p))) {
                    Map<String, Object> doc = (Map<String, Object>) d;
                    assertThat(doc).as(p.toString()).containsKeys("apiVersion", "kind", "metadata");
                    docs.add(doc);
                }
            }
        }
        Map<String, Object> sts = docs.stream()
                .filter(d -> "StatefulSet".equals(d.get("kind")))
                .findFirst()
                .orElseThrow();
        Map<String, Object> container =
                ((List<Map<String, Object>>) path(sts, "spec", "template", "spec", "containers")).get(0);
        assertThat(path(container, "readinessProbe", "httpGet", "path")).isEqualTo("/ready");
        assertThat(path(container, "livenessProbe", "httpGet", "path")).isEqualTo("/health");
        assertPinned((String) container.get("image"), "statefulset");
        assertThat((List<?>) path(sts, "spec", "volumeClaimTemplates")).isNotEmpty();
        for (Map<String, Object> e : (List<Map<String, Object>>) container.get("env")) {
            assertKnownEnv((String) e.get("name"), e.get("value") == null ? "from-the-pod" : (String) e.get("value"));
        }
        // static membership from the pod's stable name
        assertThat(((List<Map<String, Object>>) container.get("env"))
                        .stream()
                                .filter(e -> "EMOSTREAM_GROUP_INSTANCE_ID".equals(e.get("name")))
                                .findFirst()
                                .map(e -> path(e, "valueFrom", "fieldRef", "fieldPath")))
                .contains("metadata.name");
        // each pod advertises an address the others reach, so that the query API can ask the pod holding a source
        assertThat(((List<Map<String, Object>>) container.get("env"))
                        .stream()
                                .filter(e -> "EMOSTREAM_HTTP_ADVERTISED_LISTENER".equals(e.get("name")))
                                .findFirst()
                                .map(e -> (String) e.get("value")))
                .contains("$(POD_IP):8080");

        // non-root with a writable state volume; heap sized so that the native memory of the model fits the limit
        // the retrainer is restarted however it ends, one at a time
        Map<String, Object> retrainer = docs.stream()
                .filter(d -> "Deployment".equals(d.get("kind")))
                .filter(d -> "emostream-retrainer".equals(path(d, "metadata", "name")))
                .findFirst()
                .orElseThrow();
        assertThat(path(retrainer, "spec", "replicas")).isEqualTo(1);
        Map<String, Object> retrainerContainer =
                ((List<Map<String, Object>>) path(retrainer, "spec", "template", "spec", "containers")).get(0);
        assertThat(path(retrainerContainer, "livenessProbe", "httpGet", "path")).isEqualTo("/health");
        assertThat(path(retrainerContainer, "readinessProbe", "httpGet", "path"))
                .isEqualTo("/ready");
        assertThat(path(retrainer, "spec", "strategy", "type")).isEqualTo("Recreate");
        // every claim a pod mounts is defined by a manifest, so nothing stays Pending for a claim nobody creates
        java.util.Set<String> claims = new java.util.TreeSet<>();
        for (Map<String, Object> d : docs)
            if ("PersistentVolumeClaim".equals(d.get("kind"))) claims.add((String) path(d, "metadata", "name"));
        for (Map<String, Object> workload : List.of(sts, retrainer))
            for (Map<String, Object> v :
                    (List<Map<String, Object>>) path(workload, "spec", "template", "spec", "volumes"))
                if (v.containsKey("persistentVolumeClaim"))
                    assertThat(claims)
                            .as(workload.get("kind") + " mounts a claim")
                            .contains((String) path(v, "persistentVolumeClaim", "claimName"));
        // the Secret example sets only variables that are config keys
        for (Map<String, Object> d : docs)
            if ("Secret".equals(d.get("kind")))
                ((Map<String, String>) d.get("stringData")).forEach(DeploymentFilesTest::assertKnownEnv);
        for (String kind : List.of("NetworkPolicy", "HorizontalPodAutoscaler", "ServiceMonitor"))
            assertThat(docs).as(kind).anyMatch(d -> kind.equals(d.get("kind")));
        for (Map<String, Object> workload : List.of(sts, retrainer)) {
            Map<String, Object> pod = (Map<String, Object>) path(workload, "spec", "template", "spec");
            Map<String, Object> first = ((List<Map<String, Object>>) pod.get("containers")).get(0);
            assertThat(path(first, "securityContext", "readOnlyRootFilesystem"))
                    .as(workload.get("kind") + " read-only root")
                    .isEqualTo(true);
            assertThat(((List<Map<String, Object>>) first.get("volumeMounts")))
                    .as(workload.get("kind") + " a writable /tmp")
                    .anyMatch(m -> "/tmp".equals(m.get("mountPath")));
            assertThat(pod.get("enableServiceLinks"))
                    .as(workload.get("kind") + " enableServiceLinks")
                    .isEqualTo(false);
            assertThat((Map<String, Object>) pod.get("securityContext"))
                    .as(workload.get("kind") + " securityContext")
                    .containsEntry("runAsNonRoot", true)
                    .containsKey("fsGroup");
            Map<String, Object> c = ((List<Map<String, Object>>) pod.get("containers")).get(0);
            assertThat(path(c, "resources", "limits", "memory"))
                    .as(workload.get("kind") + " memory limit")
                    .isNotNull();
            String javaOpts = ((List<Map<String, Object>>) c.get("env"))
                    .stream()
                            .filter(e -> "JAVA_TOOL_OPTIONS".equals(e.get("name")))
                            .map(e -> (String) e.get("value"))
                            .findFirst()
                            .orElse("");
            Matcher pct = Pattern.compile("MaxRAMPercentage=(\\d+)").matcher(javaOpts);
            assertThat(pct.find() && Integer.parseInt(pct.group(1)) <= 60)
                    .as(workload.get("kind") + " heap at most 60% of the limit: " + javaOpts)
                    .isTrue();
        }
        assertThat(Files.readString(Path.of("deploy/Dockerfile"))).contains("--uid 10001");
        // the GPU image: not root, a healthcheck, and ONNX Runtime's CUDA build for the default model's encoder
        String gpuImage = Files.readString(Path.of("deploy/Dockerfile.gpu"));
        assertThat(gpuImage).contains("--uid 10001").contains("USER emostream").contains("HEALTHCHECK");
        String pom = Files.readString(Path.of("pom.xml"));
        String gpuProfile =
                pom.substring(pom.indexOf("<id>gpu</id>"), pom.indexOf("</profile>", pom.indexOf("<id>gpu</id>")));
        assertThat(gpuProfile).contains("<artifactId>onnxruntime_gpu</artifactId>");
        Map<String, Object> pdb = docs.stream()
                .filter(d -> "PodDisruptionBudget".equals(d.get("kind")))
                .findFirst()
                .orElseThrow();
        assertThat(path(pdb, "spec", "selector", "matchLabels"))
                .isEqualTo(path(sts, "spec", "selector", "matchLabels"));

        Map<String, Object> cm = docs.stream()
                .filter(d -> "ConfigMap".equals(d.get("kind")))
                .findFirst()
                .orElseThrow();
        Properties props = new Properties();
        props.load(new StringReader((String) path(cm, "data", "emostream.properties")));
        Path tmp = Files.createTempFile("cm", ".properties");
        Files.writeString(tmp, (String) path(cm, "data", "emostream.properties"));
        EmostreamConfig loaded = EmostreamConfig.load(tmp, Map.of(), Map.of()); // throws on an unknown or ill-typed key
        assertThat(loaded.get("http.host")).isEqualTo("0.0.0.0");
        assertThat(props).isNotEmpty();
    }

    private static void assertKnownEnv(String name, String value) {
        if (!name.startsWith("EMOSTREAM_")) return;
        EmostreamConfig.load(null, Map.of(name, value), Map.of()); // an env var matching no key fails the load
    }

    private static void assertPinned(String image, String where) {
        if (image == null) return; // built, not pulled
        assertThat(image).as(where + " image " + image).contains(":").doesNotEndWith(":latest");
    }

    @SuppressWarnings("unchecked")
    private static Object path(Map<String, Object> m, String... keys) {
        Object cur = m;
        for (String k : keys) cur = ((Map<String, Object>) cur).get(k);
        return cur;
    }
}
