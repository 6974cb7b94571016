package io.github.ocihooks.admin.profiles;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import io.github.ocihooks.admin.support.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract: with {@code hooks.directories} set explicitly, exactly one {@code custom}
 * profile over them, and no detection even when the host root has runtimes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "hooks.watch.mode=off")
class ProfilesExplicitDirectoriesIT {

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	@Autowired
	RuntimeProfiles profiles;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("hooks.directories[0]", () -> root.resolve("usr").toString());
		registry.add("hooks.directories[1]", () -> root.resolve("etc").toString());
		registry.add("hooks.host-root", () -> {
			new FakeHost(root).installed("podman", "5.2.0", "/usr/bin/podman");
			return root.toString();
		});
		registry.add("hooks.admin.password", () -> "explicit");
	}

	@Test
	void oneCustomProfile() throws Exception {
		assertThat(this.profiles.explicitDirectories()).isTrue();
		HttpResponse<String> response = new ApiClient(this.port, "admin", "explicit").get("/api/v1/profiles");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = ApiClient.JSON.readTree(response.body());
		assertThat(body.path("explicitDirectories").asBoolean()).isTrue();
		assertThat(body.path("profiles")).hasSize(1);
		JsonNode custom = body.path("profiles").get(0);
		assertThat(custom.path("id").asString()).isEqualTo("custom");
		assertThat(custom.path("origin").asString()).isEqualTo("EXPLICIT_DIRECTORIES");
		assertThat(custom.path("loadMode").path("value").asString()).isEqualTo("MERGED");
		assertThat(custom.path("prestart").path("value").asString()).isEqualTo("CREATE_RUNTIME");
		assertThat(custom.path("extensionStages").toString()).isEqualTo("[\"precreate\",\"poststop\"]");
		assertThat(custom.path("directories").get(1).path("location").asString())
			.isEqualTo(root.resolve("etc").toString());
		assertThat(custom.path("directories").get(1).path("source").asString()).isEqualTo("hooks.directories");
		assertThat(body.path("directories").toString())
			.isEqualTo("[\"" + root.resolve("usr") + "\",\"" + root.resolve("etc") + "\"]");
	}

}
