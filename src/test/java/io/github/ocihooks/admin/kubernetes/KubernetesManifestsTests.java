package io.github.ocihooks.admin.kubernetes;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@code docker/kubernetes} and its OpenShift overlay, rendered with the real
 * {@code kubectl kustomize}, every object read into fabric8's typed Kubernetes model with
 * unknown properties failing (fabric8 keeps unknown fields in
 * {@code additionalProperties}: every one of those maps in the object graph must be
 * empty), then checked for what the deployment relies on. The OpenShift kinds
 * (SecurityContextConstraints) have no model here (fabric8's openshift-model 8.0.0 is not
 * served), so they are checked field by field against the known set.
 */
class KubernetesManifestsTests {

	static final String NS = "oci-hooks-admin";

	static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

	static List<HasMetadata> render(String dir) throws Exception {
		// KUBECTL chooses another binary (for example Debian's 1.20 kubernetes-client,
		// whose kustomize is v2.0.3).
		Path kubectl = Path.of((System.getenv("KUBECTL") != null) ? System.getenv("KUBECTL") : "/usr/bin/kubectl");
		if (!Files.isExecutable(kubectl)) {
			Assumptions.abort("kubectl is missing (/usr/bin/kubectl; Debian package kubernetes-client, installed by "
					+ ".ci/run): the Kubernetes manifests were NOT checked");
		}
		Process p = new ProcessBuilder(kubectl.toString(), "kustomize", dir).redirectErrorStream(false).start();
		byte[] out = p.getInputStream().readAllBytes();
		String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(p.exitValue()).as("kubectl kustomize " + dir + ": " + err).isZero();
		List<HasMetadata> objects = new ArrayList<>();
		for (String doc : new String(out, StandardCharsets.UTF_8).split("(?m)^---\\s*$")) {
			if (doc.isBlank()) {
				continue;
			}
			Object parsed = SERIALIZATION.unmarshal(doc);
			assertThat(parsed).as(doc).isInstanceOf(HasMetadata.class);
			HasMetadata object = (HasMetadata) parsed;
			if (!(object instanceof GenericKubernetesResource)) {
				assertNoUnknownProperties(object, object.getKind() + "/" + object.getMetadata().getName());
			}
			assertThat(object.getMetadata().getName()).as("metadata.name of " + object.getKind()).isNotBlank();
			assertThat(object.getApiVersion()).as("apiVersion of " + object.getKind()).isNotBlank();
			objects.add(object);
		}
		return objects;
	}

	/**
	 * Every additionalProperties map reachable from the object is empty: no misspelt or
	 * misplaced field.
	 */
	static void assertNoUnknownProperties(Object root, String path) throws Exception {
		walk(root, path, new IdentityHashMap<>());
	}

	private static void walk(Object o, String path, IdentityHashMap<Object, Boolean> seen) throws Exception {
		if (o == null || seen.put(o, true) != null) {
			return;
		}
		if (o instanceof Collection<?> c) {
			int i = 0;
			for (Object e : c) {
				walk(e, path + "[" + i++ + "]", seen);
			}
			return;
		}
		if (o instanceof Map<?, ?> m) {
			for (Map.Entry<?, ?> e : m.entrySet()) {
				walk(e.getValue(), path + "." + e.getKey(), seen);
			}
			return;
		}
		if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
			return;
		}
		for (Method m : o.getClass().getMethods()) {
			if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
					|| m.getDeclaringClass() == Object.class) {
				continue;
			}
			Object value = m.invoke(o);
			if (m.getName().equals("getAdditionalProperties")) {
				if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
					fail("unknown field(s) " + extra.keySet() + " at " + path);
				}
				continue;
			}
			walk(value, path + "." + Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4), seen);
		}
	}

	static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String name) {
		List<T> found = objects.stream()
			.filter(type::isInstance)
			.map(type::cast)
			.filter(o -> o.getMetadata().getName().equals(name))
			.toList();
		assertThat(found).as(type.getSimpleName() + " " + name).hasSize(1);
		return found.get(0);
	}

	static String env(Container c, String name) {
		return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst().orElse(null);
	}

	static EnvVar envVar(Container c, String name) {
		return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElse(null);
	}

	static void checkPod(PodSpec pod, Secret secret) {
		Set<String> volumes = pod.getVolumes().stream().map(Volume::getName).collect(Collectors.toSet());
		for (Container c : pod.getContainers()) {
			assertThat(c.getImage()).isNotBlank();
			for (VolumeMount m : c.getVolumeMounts()) {
				assertThat(volumes).as("volume of mount " + m.getMountPath()).contains(m.getName());
			}
			for (Probe probe : List.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe())) {
				assertThat(probe.getHttpGet().getPath()).isEqualTo("/actuator/health");
				assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo(c.getPorts().get(0).getName());
			}
			assertThat(env(c, "SERVER_ADDRESS")).isEqualTo("0.0.0.0");
			for (EnvVar e : c.getEnv()) {
				if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
					assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(secret.getMetadata().getName());
					assertThat(secret.getStringData()).containsKey(e.getValueFrom().getSecretKeyRef().getKey());
				}
			}
			assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
			assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
			assertThat(c.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
		}
	}

	static VolumeMount mount(Container c, String path) {
		return c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst().orElse(null);
	}

	static Volume volume(PodSpec pod, String name) {
		return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
	}

	@Test
	void baseRendersValidObjectsThatFitTogether() throws Exception {
		List<HasMetadata> objects = render("docker/kubernetes");
		assertThat(objects.stream().map(HasMetadata::getKind).sorted().toList()).containsExactly("DaemonSet",
				"Deployment", "Namespace", "NetworkPolicy", "Secret", "Service", "Service", "ServiceAccount",
				"ServiceAccount");
		one(objects, Namespace.class, NS);
		for (HasMetadata o : objects) {
			if (!(o instanceof Namespace)) {
				assertThat(o.getMetadata().getNamespace()).as(o.getKind()).isEqualTo(NS);
			}
		}
		Secret secret = one(objects, Secret.class, "oci-hooks-admin-credentials");
		DaemonSet ds = one(objects, DaemonSet.class, "oci-hooks-admin-node");
		PodSpec nodePod = ds.getSpec().getTemplate().getSpec();
		checkPod(nodePod, secret);
		assertThat(ds.getSpec().getTemplate().getMetadata().getLabels())
			.containsAllEntriesOf(ds.getSpec().getSelector().getMatchLabels());
		Container node = nodePod.getContainers().get(0);
		assertThat(envVar(node, "NODE_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
		assertThat(mount(node, "/usr/share/containers/oci/hooks.d").getReadOnly()).isTrue();
		assertThat(mount(node, "/etc/containers/oci/hooks.d").getReadOnly()).isNotEqualTo(Boolean.TRUE);
		for (String ro : List.of("/etc/containers", "/etc/crio", "/usr/libexec/oci/hooks.d", "/usr/bin",
				"/usr/local/bin")) {
			assertThat(mount(node, ro)).as(ro).isNotNull();
			assertThat(mount(node, ro).getReadOnly()).as(ro).isTrue();
		}
		VolumeMount state = mount(node, "/var/lib/oci-hooks-admin");
		assertThat(volume(nodePod, state.getName()).getHostPath().getPath()).isEqualTo("/var/lib/oci-hooks-admin");
		assertThat(volume(nodePod, mount(node, "/etc/containers/oci/hooks.d").getName()).getHostPath().getPath())
			.isEqualTo("/etc/containers/oci/hooks.d");
		assertThat(env(node, "HOOKS_DIRECTORIES_0")).isEqualTo("/usr/share/containers/oci/hooks.d");
		assertThat(env(node, "HOOKS_DIRECTORIES_1")).isEqualTo("/etc/containers/oci/hooks.d");
		assertThat(node.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();

		Service nodes = one(objects, Service.class, "oci-hooks-admin-nodes");
		assertThat(nodes.getSpec().getClusterIP()).isEqualTo("None");
		assertThat(nodes.getSpec().getPublishNotReadyAddresses()).isTrue();
		assertThat(ds.getSpec().getTemplate().getMetadata().getLabels())
			.containsAllEntriesOf(nodes.getSpec().getSelector());

		Deployment hub = one(objects, Deployment.class, "oci-hooks-admin-hub");
		PodSpec hubPod = hub.getSpec().getTemplate().getSpec();
		checkPod(hubPod, secret);
		Container h = hubPod.getContainers().get(0);
		assertThat(env(h, "HOOKS_FLEET_ENABLED")).isEqualTo("true");
		assertThat(env(h, "HOOKS_FLEET_DNS"))
			.isEqualTo(nodes.getMetadata().getName() + "." + NS + ".svc.cluster.local");
		assertThat(Integer.parseInt(env(h, "HOOKS_FLEET_DNS_PORT")))
			.isEqualTo(nodes.getSpec().getPorts().get(0).getPort());
		assertThat(envVar(h, "HOOKS_FLEET_PASSWORD").getValueFrom().getSecretKeyRef().getKey())
			.isEqualTo(envVar(node, "HOOKS_ADMIN_PASSWORD").getValueFrom().getSecretKeyRef().getKey());
		assertThat(hubPod.getSecurityContext().getRunAsNonRoot()).isTrue();
		assertThat(hubPod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);

		NetworkPolicy policy = one(objects, NetworkPolicy.class, "oci-hooks-admin-node-from-hub-only");
		assertThat(ds.getSpec().getTemplate().getMetadata().getLabels())
			.containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
		assertThat(policy.getSpec().getIngress()).hasSize(1);
		assertThat(hub.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(
				policy.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels());
		assertThat(ds.getSpec().getTemplate().getMetadata().getLabels())
			.doesNotContainEntry("app.kubernetes.io/component", "hub");
	}

	static final Set<String> SCC_FIELDS = Set.of("apiVersion", "kind", "metadata", "allowHostDirVolumePlugin",
			"allowHostIPC", "allowHostNetwork", "allowHostPID", "allowHostPorts", "allowPrivilegeEscalation",
			"allowPrivilegedContainer", "allowedCapabilities", "allowedFlexVolumes", "allowedUnsafeSysctls",
			"defaultAddCapabilities", "defaultAllowPrivilegeEscalation", "forbiddenSysctls", "fsGroup", "groups",
			"priority", "readOnlyRootFilesystem", "requiredDropCapabilities", "runAsUser", "seLinuxContext",
			"seccompProfiles", "supplementalGroups", "userNamespaceLevel", "users", "volumes");

	@Test
	void openShiftOverlayManagesEtcOnlyWithItsOwnScc() throws Exception {
		List<HasMetadata> objects = render("docker/kubernetes/overlays/openshift");
		DaemonSet ds = one(objects, DaemonSet.class, "oci-hooks-admin-node");
		PodSpec pod = ds.getSpec().getTemplate().getSpec();
		checkPod(pod, one(objects, Secret.class, "oci-hooks-admin-credentials"));
		Container node = pod.getContainers().get(0);
		assertThat(env(node, "HOOKS_DIRECTORIES_0")).isEqualTo("/etc/containers/oci/hooks.d");
		assertThat(envVar(node, "HOOKS_DIRECTORIES_1")).isNull();
		for (Volume v : pod.getVolumes()) {
			if (v.getHostPath() != null && v.getHostPath().getPath().startsWith("/usr/")) {
				// /usr is an image on RHCOS: only existing directories, read only, never
				// DirectoryOrCreate.
				assertThat(v.getHostPath().getType()).as(v.getName()).isEqualTo("Directory");
			}
		}
		assertThat(mount(node, "/usr/share/containers/oci/hooks.d")).isNull();
		assertThat(pod.getSecurityContext().getSeLinuxOptions().getType()).isEqualTo("spc_t");
		Deployment hub = one(objects, Deployment.class, "oci-hooks-admin-hub");
		assertThat(hub.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser()).isNull();

		GenericKubernetesResource scc = objects.stream()
			.filter(o -> o.getKind().equals("SecurityContextConstraints"))
			.map(GenericKubernetesResource.class::cast)
			.findFirst()
			.orElseThrow();
		assertThat(scc.getApiVersion()).isEqualTo("security.openshift.io/v1");
		assertThat(scc.getMetadata().getNamespace()).as("SCCs are cluster-scoped").isNull();
		assertThat(SCC_FIELDS).containsAll(scc.getAdditionalProperties().keySet());
		assertThat(scc.getAdditionalProperties()).containsKeys("runAsUser", "seLinuxContext", "fsGroup",
				"supplementalGroups");
		assertThat(scc.getAdditionalProperties().get("allowHostDirVolumePlugin")).isEqualTo(true);
		assertThat(scc.getAdditionalProperties().get("allowPrivilegedContainer")).isEqualTo(false);
		assertThat(String.valueOf(scc.getAdditionalProperties().get("volumes"))).contains("hostPath");
		ClusterRole role = one(objects, ClusterRole.class, "oci-hooks-admin-node-scc");
		assertThat(role.getRules().get(0).getResourceNames()).containsExactly(scc.getMetadata().getName());
		assertThat(role.getRules().get(0).getVerbs()).containsExactly("use");
		RoleBinding binding = one(objects, RoleBinding.class, "oci-hooks-admin-node-scc");
		assertThat(binding.getSubjects().get(0).getName()).isEqualTo(pod.getServiceAccountName());
		assertThat(binding.getSubjects().get(0).getNamespace()).isEqualTo(NS);
		assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
	}

	@Test
	void aMisspeltFieldIsCaught() throws Exception {
		Object parsed = SERIALIZATION.unmarshal("""
				apiVersion: apps/v1
				kind: DaemonSet
				metadata: {name: x}
				spec:
				  selector: {matchLabels: {a: b}}
				  template:
				    metadata: {labels: {a: b}}
				    spec:
				      containers:
				        - name: c
				          image: i
				          volumeMount: []
				""");
		try {
			assertNoUnknownProperties(parsed, "DaemonSet/x");
		}
		catch (AssertionError expected) {
			assertThat(expected).hasMessageContaining("volumeMount");
			return;
		}
		fail("a misspelt field went unnoticed");
	}

}
