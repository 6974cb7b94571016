package io.github.ocihooks.admin.api;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.github.ocihooks.client.ApiClient;
import io.github.ocihooks.client.ApiException;
import io.github.ocihooks.client.ApiResponse;
import io.github.ocihooks.client.api.HooksApi;
import io.github.ocihooks.client.api.InventoryApi;
import io.github.ocihooks.client.api.PreviewApi;
import io.github.ocihooks.client.api.SyncApi;
import io.github.ocihooks.client.model.DefinitionJson;
import io.github.ocihooks.client.model.DirectoryEntry;
import io.github.ocihooks.client.model.HookDocument;
import io.github.ocihooks.client.model.HookJson;
import io.github.ocihooks.client.model.PreviewRequest;
import io.github.ocihooks.client.model.PreviewResponse;
import io.github.ocihooks.client.model.SyncRequest;
import io.github.ocihooks.client.model.SyncResult;
import io.github.ocihooks.client.model.ValidateRequest;
import io.github.ocihooks.client.model.ValidateResponse;
import io.github.ocihooks.client.model.WhenJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A full round trip with the Java client the build generates from the committed OpenAPI
 * document: what a deployment pipeline does.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "hooks.watch.mode=off")
class ClientRoundTripIT {

	private static final String PASSWORD = "client-secret";

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("hooks.directories[0]", () -> root.resolve("usr").toString());
		registry.add("hooks.directories[1]", () -> root.resolve("etc").toString());
		registry.add("hooks.admin.password", () -> PASSWORD);
	}

	private ApiClient client() throws Exception {
		Files.createDirectories(root.resolve("usr"));
		Files.createDirectories(root.resolve("etc"));
		ApiClient client = new ApiClient();
		client.updateBaseUri("http://127.0.0.1:" + this.port);
		String auth = Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
		client.setRequestInterceptor(builder -> builder.header("Authorization", "Basic " + auth));
		return client;
	}

	private static DefinitionJson definition(long timeout) {
		return new DefinitionJson().version("1.0.0")
			.hook(new HookJson().path("/bin/sh").args(List.of("sh", "-c", "true")).timeout(timeout))
			.when(new WhenJson().putAnnotationsItem("^com\\.example\\.gpu$", "^true$"))
			.stages(List.of("prestart"));
	}

	@Test
	void pipelineRoundTrip() throws Exception {
		ApiClient client = client();
		HooksApi hooks = new HooksApi(client);
		List<DirectoryEntry> directories = new InventoryApi(client).listDirectories();
		String dir = directories.get(directories.size() - 1).getId();

		// Create only.
		HookDocument created = hooks.putHook(dir, "gpu.json", definition(10), null, "*", null);
		assertThat(created.getStatus()).isEqualTo("active");

		// Read, with its ETag.
		ApiResponse<HookDocument> read = hooks.getHookWithHttpInfo(dir, "gpu.json");
		String etag = read.getHeaders().get("etag").get(0);
		assertThat(read.getData().getDefinition().getHook().getTimeout()).isEqualTo(10L);
		assertThat(read.getData().getEtag()).isEqualTo(etag);

		// Replace that version; then a stale ETag conflicts.
		ApiResponse<HookDocument> replaced = hooks.putHookWithHttpInfo(dir, "gpu.json", definition(20), etag, null,
				null);
		assertThat(replaced.getStatusCode()).isEqualTo(200);
		assertThatThrownBy(() -> hooks.putHook(dir, "gpu.json", definition(30), etag, null, null))
			.isInstanceOfSatisfying(ApiException.class, ex -> {
				assertThat(ex.getCode()).isEqualTo(412);
				assertThat(ex.getResponseBody()).contains("changed since you read it");
			});

		// Preview: the hook is injected for an annotated container.
		PreviewResponse preview = new PreviewApi(client)
			.preview(new PreviewRequest().config(Map.of("process", Map.of("args", List.of("/bin/sh"))))
				.annotations(Map.of("com.example.gpu", "true")), true);
		assertThat(preview.getRuntimeError()).isNull();
		assertThat(preview.getHooks().get("createRuntime")).hasSize(1);
		// With hooks.directories set, one custom profile: the same answer by name, and
		// side by side.
		assertThat(preview.getProfile()).isEqualTo("custom");
		assertThat(preview.getRuntimes()).singleElement().satisfies((r) -> {
			assertThat(r.getProfile()).isEqualTo("custom");
			assertThat(r.getVerdict()).hasToString("WORKS");
			assertThat(r.getHooks()).isEqualTo(preview.getHooks());
		});
		PreviewResponse named = new PreviewApi(client)
			.preview(new PreviewRequest().config(Map.of("process", Map.of("args", List.of("/bin/sh"))))
				.annotations(Map.of("com.example.gpu", "true"))
				.profile("custom"), false);
		assertThat(named.getHooks()).isEqualTo(preview.getHooks());
		assertThat(String.valueOf(named.getInputs().getProfile().getSource())).isEqualTo("request");
		assertThatThrownBy(() -> new PreviewApi(client).preview(
				new PreviewRequest().config(Map.of("process", Map.of("args", List.of("/bin/sh")))).profile("nosuch"),
				false))
			.isInstanceOfSatisfying(ApiException.class, ex -> {
				assertThat(ex.getCode()).isEqualTo(422);
				assertThat(ex.getResponseBody()).contains("/profile");
			});

		// Validate without writing.
		ValidateResponse invalid = hooks.validateHook(
				new ValidateRequest().definition(definition(5).hook(new HookJson().path("/nonexistent/hook"))));
		assertThat(invalid.getValid()).isFalse();
		assertThat(invalid.getErrors().get(0).getPointer()).isEqualTo("/definition/hook/path");

		// Sync: dry run, then apply, then nothing left to do.
		SyncApi sync = new SyncApi(client);
		SyncRequest desired = new SyncRequest().hooks(Map.of("gpu.json", definition(20), "other.json", definition(1)));
		SyncResult plan = sync.syncDirectory(dir, desired, true, null);
		assertThat(plan.getSummary()).containsEntry("create", 1).containsEntry("unchanged", 1);
		assertThat(Files.exists(root.resolve("etc/other.json"))).isFalse();
		SyncResult applied = sync.syncDirectory(dir, desired, false, null);
		assertThat(applied.getDryRun()).isFalse();
		assertThat(Files.exists(root.resolve("etc/other.json"))).isTrue();
		assertThat(sync.syncDirectory(dir, desired, false, null).getSummary()).containsEntry("unchanged", 2);

		// Delete with the current ETag: 204 and nothing by default; what was deleted and
		// who sees it with Prefer: return=representation.
		String current = hooks.getHookWithHttpInfo(dir, "gpu.json").getHeaders().get("etag").get(0);
		var deleted = hooks.deleteHookWithHttpInfo(dir, "gpu.json", current, null);
		assertThat(deleted.getStatusCode()).isEqualTo(204);
		assertThat(deleted.getData()).isNull();
		assertThatThrownBy(() -> hooks.getHook(dir, "gpu.json")).isInstanceOfSatisfying(ApiException.class,
				ex -> assertThat(ex.getCode()).isEqualTo(404));
		String other = hooks.getHookWithHttpInfo(dir, "other.json").getHeaders().get("etag").get(0);
		var shown = hooks.deleteHook(dir, "other.json", other, null, Map.of("Prefer", "return=representation"));
		assertThat(shown.getName()).isEqualTo("other.json");
		assertThat(shown.getRuntimes()).extracting((r) -> r.getProfile()).containsExactly("custom");
	}

}
