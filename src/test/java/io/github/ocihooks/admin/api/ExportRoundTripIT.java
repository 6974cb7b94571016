package io.github.ocihooks.admin.api;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.ocihooks.admin.support.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Export then sync round-trips: the demo's effective set, exported and synced into an
 * empty directory of higher precedence, is the same effective set (same names in the same
 * order, matching the same containers).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "hooks.watch.mode=off")
@ActiveProfiles("demo")
class ExportRoundTripIT {

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		// The demo seeds the first two; the third, empty and the only writable one,
		// receives the import.
		Files.createDirectories(root.resolve("import"));
		registry.add("hooks.directories",
				() -> root.resolve("hooks") + "," + root.resolve("overrides") + "," + root.resolve("import"));
		registry.add("hooks.state-dir", () -> root.resolve("state").toString());
	}

	@Test
	void anExportOfTheDemoImportsIntoAnEmptyDirectoryAndGivesTheSameEffectiveSet() throws Exception {
		ApiClient api = new ApiClient(this.port, "admin", "admin");
		List<String> before = effective(api);
		assertThat(before).anyMatch(h -> h.contains("0.1.0"));

		HttpResponse<String> export = api.get("/api/v1/export");
		assertThat(export.statusCode()).isEqualTo(200);
		JsonNode legacy = ApiClient.JSON.readTree(export.body()).get("hooks").get("legacy-audit.json");
		// A legacy file as it is on disk: its own schema, not a hybrid.
		assertThat(legacy.get("version").asString()).isEqualTo("0.1.0");
		assertThat(legacy.get("hook").isString()).isTrue();
		assertThat(legacy.has("when")).isFalse();

		String id = api.getJson("/api/v1/directories").get(2).get("id").asString();
		HttpResponse<String> imported = api.post("/api/v1/directories/" + id + "/sync", export.body());
		assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
		assertThat(imported.body()).contains("\"converted\"");
		assertThat(Files.readString(root.resolve("import/legacy-audit.json"))).contains("\"version\": \"1.0.0\"");

		List<String> after = effective(api);
		assertThat(after).isEqualTo(before.stream().map(h -> h.replace("0.1.0", "1.0.0")).toList());
		assertThat(api.getJson("/api/v1/hooks?status=active").get("hooks"))
			.allMatch(h -> h.get("directory").asString().equals(root.resolve("import").toString()));
		// And again: nothing to do.
		HttpResponse<String> again = api.post("/api/v1/directories/" + id + "/sync", api.get("/api/v1/export").body());
		assertThat(ApiClient.JSON.readTree(again.body()).get("summary").get("unchanged").asInt())
			.isEqualTo(before.size());
	}

	// Each active hook in the runtime's order: name and definition, without what only
	// says how it was written.
	private static List<String> effective(ApiClient api) {
		List<String> out = new ArrayList<>();
		JsonNode hooks = api.getJson("/api/v1/hooks?status=active").get("hooks");
		List<JsonNode> sorted = new ArrayList<>();
		hooks.forEach(sorted::add);
		sorted.sort((a, b) -> Integer.compare(a.get("order").asInt(), b.get("order").asInt()));
		for (JsonNode h : sorted) {
			ObjectNode definition = (ObjectNode) h.get("definition").deepCopy();
			((ObjectNode) definition.get("when")).remove("anyOf");
			out.add(h.get("order").asInt() + " " + h.get("name").asString() + " " + definition);
		}
		return out;
	}

}
