package io.github.ocihooks.admin.profiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import io.github.ocihooks.admin.support.ApiClient;
import io.github.ocihooks.client.api.ProfilesApi;
import io.github.ocihooks.client.model.ProfileList;
import io.github.ocihooks.client.model.RuntimeProfileJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/profiles} through the generated client, with
 * {@code hooks.directories} left at its packaged default so that detection runs, over a
 * fake host root: podman 4.3.1 (from the dpkg database) with a containers.conf that names
 * both directories, and a CRI-O with a broken drop-in.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "hooks.watch.mode=off")
class ProfilesApiIT {

	private static final String PASSWORD = "profiles-secret";

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("hooks.host-root", () -> {
			new FakeHost(root).installed("podman", "4.3.1+ds1-8+deb12u1+b3", "/usr/bin/podman")
				.executable("/usr/bin/crio")
				.file(ContainersConf.ETC,
						"[engine]\nhooks_dir = [\"/usr/share/containers/oci/hooks.d\", "
								+ "\"/etc/containers/oci/hooks.d\"]\n")
				.file(CrioConf.DROP_INS + "/10-broken.conf", "[crio.runtime\n");
			return root.toString();
		});
		registry.add("hooks.users[0].name", () -> "viewer");
		registry.add("hooks.users[0].password", () -> PASSWORD);
		registry.add("hooks.users[0].role", () -> "VIEWER");
	}

	private ProfilesApi api() {
		io.github.ocihooks.client.ApiClient client = new io.github.ocihooks.client.ApiClient();
		client.updateBaseUri("http://127.0.0.1:" + this.port);
		String auth = Base64.getEncoder().encodeToString(("viewer:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
		client.setRequestInterceptor((builder) -> builder.header("Authorization", "Basic " + auth));
		return new ProfilesApi(client);
	}

	@Test
	void detectedProfilesWithTheirSources() throws Exception {
		ProfileList list = api().listProfiles();
		assertThat(list.getExplicitDirectories()).isFalse();
		assertThat(list.getHostRoot()).isEqualTo(root.toAbsolutePath().normalize().toString());
		assertThat(list.getProfiles()).extracting(RuntimeProfileJson::getId).containsExactly("podman", "crio");
		assertThat(list.getDirectories()).containsExactly(root.resolve("usr/share/containers/oci/hooks.d").toString(),
				root.resolve("etc/containers/oci/hooks.d").toString());

		RuntimeProfileJson podman = list.getProfiles().get(0);
		assertThat(podman.getKind()).isEqualTo("PODMAN");
		assertThat(podman.getOrigin()).isEqualTo("DETECTED");
		assertThat(podman.getBinary()).isEqualTo("/usr/bin/podman");
		assertThat(podman.getVersion().getVersion()).isEqualTo("4.3.1");
		assertThat(podman.getVersion().getSource()).isEqualTo("PACKAGE_DATABASE");
		assertThat(podman.getVersion().getDetail()).contains("4.3.1+ds1-8+deb12u1+b3");
		assertThat(podman.getVersion().getInferred()).anyMatch((s) -> s.contains("does not understand"));
		assertThat(podman.getDirectories()).hasSize(2).allSatisfy((d) -> {
			assertThat(d.getSourceKind()).isEqualTo("CONFIG_FILE");
			assertThat(d.getSourceFile()).isEqualTo("/etc/containers/containers.conf");
			assertThat(d.getSourceKey()).isEqualTo("[engine] hooks_dir");
		});
		assertThat(podman.getDirectories().get(1).getPath()).isEqualTo("/etc/containers/oci/hooks.d");
		assertThat(podman.getLoadMode().getValue()).isEqualTo("MERGED");
		assertThat(podman.getExtensionStages()).containsExactly("precreate", "poststop");
		assertThat(podman.getPrestart().getValue()).isEqualTo("PRESTART");
		assertThat(podman.getAnnotations().getValue()).isEqualTo("CONTAINER");
		assertThat(podman.getHasBindMounts().getExplanation()).contains("UserVolumes");
		assertThat(podman.getTakesEffect().getValue()).isEqualTo("NEXT_CONTAINER_START");
		assertThat(podman.getConfigFiles())
			.anyMatch((f) -> f.getPath().equals("/etc/containers/containers.conf") && f.getOutcome().equals("SETS"));
		assertThat(podman.getUnknowns()).anyMatch((u) -> u.contains("--hooks-dir"));

		RuntimeProfileJson crio = list.getProfiles().get(1);
		assertThat(crio.getVersion().getSource()).isEqualTo("UNKNOWN");
		assertThat(crio.getPrestart().getExplanation()).contains("version unknown: assumed 1.31 or later");
		assertThat(crio.getExtensionStages()).isEmpty();
		assertThat(crio.getFindings()).anyMatch(
				(f) -> f.getSeverity().equals("ERROR") && f.getSource().equals("/etc/crio/crio.conf.d/10-broken.conf")
						&& f.getConsequence().contains("CRI-O fails at its next start"));
		assertThat(list.getFindings()).anyMatch((f) -> f.getSource().startsWith("crio: "));
	}

	@Test
	void signInRequired() {
		assertThat(new ApiClient(this.port, "viewer", "wrong").get("/api/v1/profiles").statusCode()).isEqualTo(401);
		assertThat(new ApiClient(this.port, "viewer", PASSWORD).get("/api/v1/profiles").statusCode()).isEqualTo(200);
	}

}
