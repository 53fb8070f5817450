package io.emostream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Every manifest in deploy/k8s parsed into fabric8's typed Kubernetes objects, so that a misspelt field (which
 * Kubernetes would reject, or worse, ignore) fails the build: fabric8 keeps a field it does not know in
 * {@code additionalProperties}, and no object may have one. Custom resources (the Prometheus Operator's
 * ServiceMonitor, KEDA's ScaledObject) have no typed model here: their apiVersion, kind and name are checked.
 */
class KubernetesManifestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Class<? extends HasMetadata>> TYPED = Map.of(
            "apps/v1/StatefulSet", StatefulSet.class,
            "apps/v1/Deployment", Deployment.class,
            "v1/Service", Service.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/PersistentVolumeClaim", PersistentVolumeClaim.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);
    private static final List<String> CUSTOM =
            List.of("monitoring.coreos.com/v1/ServiceMonitor", "keda.sh/v1alpha1/ScaledObject");

    @Test
    void everyManifestParsesIntoTypedObjectsWithoutAnUnknownField() throws Exception {
        List<HasMetadata> typed = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("deploy/k8s"))) {
            files = walk.filter(p -> p.toString().endsWith(".yaml"))
                    .filter(p -> !p.endsWith("kustomization.yaml")) // kustomize's own files: built below
                    .sorted()
                    .toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(9);
        for (Path f : files) typed.addAll(parse(Files.readString(f), f.toString()));
        assertThat(typed)
                .extracting(HasMetadata::getKind)
                .contains(
                        "StatefulSet", "Deployment", "Service", "ConfigMap", "PersistentVolumeClaim", "NetworkPolicy");
        StatefulSet sts = (StatefulSet)
                typed.stream().filter(o -> o instanceof StatefulSet).findFirst().orElseThrow();
        assertThat(sts.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getReadinessProbe()
                        .getHttpGet()
                        .getPath())
                .isEqualTo("/ready");
    }

    /**
     * The classifier alone needs no shared storage: its kustomization builds without any claim but the StatefulSet's
     * own. With retraining, the overlay adds the model store and mounts it into the classifiers and the retrainer, and
     * every claim a pod mounts is defined. Built with kubectl's kustomize, as an operator applies them.
     */
    @Test
    void theClassifierRunsWithoutRetrainingAndTheOverlayAddsItsStore() throws Exception {
        java.util.Optional<java.io.File> kubectl = io.emostream.OutsideTools.onPath("kubectl");
        io.emostream.OutsideTools.require(kubectl.isPresent(), "kubectl 1.27 or later (it carries kustomize v5)");
        List<HasMetadata> alone = parse(kustomize(kubectl.get(), "deploy/k8s/classifier"), "classifier");
        assertThat(alone).extracting(HasMetadata::getKind).contains("StatefulSet", "Service", "ConfigMap");
        assertThat(alone).noneMatch(o -> o instanceof PersistentVolumeClaim);
        assertThat(JSON.writeValueAsString(alone)).doesNotContain("persistentVolumeClaim");

        List<HasMetadata> retraining = parse(kustomize(kubectl.get(), "deploy/k8s/retraining"), "retraining");
        java.util.Set<String> defined = new java.util.TreeSet<>();
        for (HasMetadata o : retraining)
            if (o instanceof PersistentVolumeClaim) defined.add(o.getMetadata().getName());
        List<io.fabric8.kubernetes.api.model.PodSpec> pods = new ArrayList<>();
        for (HasMetadata o : retraining) {
            if (o instanceof StatefulSet s) pods.add(s.getSpec().getTemplate().getSpec());
            if (o instanceof Deployment d) pods.add(d.getSpec().getTemplate().getSpec());
        }
        assertThat(pods).hasSize(2);
        for (var pod : pods) {
            assertThat(pod.getContainers().get(0).getVolumeMounts())
                    .anyMatch(m -> m.getName().equals("model-store")
                            && m.getMountPath().equals("/models/store"));
            for (var v : pod.getVolumes())
                if (v.getPersistentVolumeClaim() != null)
                    assertThat(defined).contains(v.getPersistentVolumeClaim().getClaimName());
        }
    }

    private static String kustomize(java.io.File kubectl, String dir) throws Exception {
        Process p = new ProcessBuilder(kubectl.getPath(), "kustomize", dir)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("kubectl kustomize " + dir + ": " + out).isZero();
        return out;
    }

    /** Every document of a YAML text as its typed object, checked for unknown fields; custom resources by name. */
    private static List<HasMetadata> parse(String yaml, String f) throws Exception {
        List<HasMetadata> typed = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(yaml)) {
            Map<?, ?> m = (Map<?, ?>) doc;
            String type = m.get("apiVersion") + "/" + m.get("kind");
            Class<? extends HasMetadata> cls = TYPED.get(type);
            if (cls == null) {
                assertThat(CUSTOM)
                        .as(f + ": " + type + " is neither typed nor a known custom resource")
                        .contains(type);
                assertThat(((Map<?, ?>) m.get("metadata")).get("name"))
                        .as(f.toString())
                        .isNotNull();
                continue;
            }
            HasMetadata o = JSON.convertValue(m, cls);
            assertThat(unknownFields(o, f + ":" + m.get("kind")))
                    .as("fields Kubernetes does not know")
                    .isEmpty();
            typed.add(o);
        }

        return typed;
    }

    /** The check itself: a container's readinessProbe spelt readinesProbe is found, with where it is. */
    @Test
    void aMisspeltFieldIsFoundWithItsPlace() throws Exception {
        String yaml = """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: x}
                spec:
                  serviceName: x
                  selector: {matchLabels: {app: x}}
                  template:
                    metadata: {labels: {app: x}}
                    spec:
                      containers:
                        - name: x
                          image: x
                          readinesProbe: {httpGet: {path: /ready, port: 8080}}
                """;
        StatefulSet o = JSON.convertValue(new Yaml().load(yaml), StatefulSet.class);
        assertThat(unknownFields(o, "x"))
                .singleElement()
                .asString()
                .contains("readinesProbe")
                .contains("spec.template.spec.containers[0]");
    }

    /** Every field some object of the tree did not know, as "where: names". */
    static List<String> unknownFields(Object o, String where) throws Exception {
        List<String> out = new ArrayList<>();
        walk(o, where, out);
        return out;
    }

    private static void walk(Object o, String where, List<String> out) throws Exception {
        if (o == null) return;
        if (o instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) walk(list.get(i), where + "[" + i + "]", out);
            return;
        }
        if (o instanceof Map<?, ?> map) {
            for (var e : map.entrySet()) walk(e.getValue(), where + "." + e.getKey(), out);
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) return;
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getDeclaringClass() == Object.class)
                continue;
            Object v = m.invoke(o);
            if (m.getName().equals("getAdditionalProperties")) {
                if (v instanceof Map<?, ?> extra && !extra.isEmpty()) out.add(where + ": " + extra.keySet());
                continue;
            }
            String field =
                    Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
            walk(v, where.isEmpty() ? field : where + "." + field, out);
        }
    }
}
