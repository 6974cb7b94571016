package io.github.ocihooks.admin.store;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.ocihooks.admin.support.ApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sync enforces the declared set (issue 16, item 5) and stays honest under concurrent
 * deletes (item 10), with real files of every kind the runtime reads in a temporary
 * directory.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "hooks.watch.mode=off")
class SyncDeclaredSetIT {

	private static final String VALID = "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/sh\"}, "
			+ "\"when\": {\"always\": true}, \"stages\": [\"prestart\"]}";

	/** Names the runtime reads that this service would never create. */
	private static final List<String> ODD = List.of(".hidden.json", "_under.json", "café.json", "a b.json",
			"new\nline.json", "x..y.json", ".json");

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	@Autowired
	HookFiles files;

	ApiClient api;

	String dir;

	Path etc;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("hooks.directories[0]", () -> root.resolve("etc").toString());
		registry.add("hooks.state-dir", () -> root.resolve("state").toString());
		registry.add("hooks.admin.password", () -> "{noop}sync-secret");
	}

	@BeforeEach
	void setUp() throws Exception {
		this.etc = Files.createDirectories(root.resolve("etc"));
		this.api = new ApiClient(this.port, "admin", "sync-secret");
		this.dir = this.api.getJson("/api/v1/directories").get(0).get("id").asString();
	}

	@AfterEach
	void cleanUp() throws Exception {
		this.files.interruption(null);
		try (var list = Files.list(this.etc)) {
			for (Path p : list.toList()) {
				if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
					Files.delete(p);
				}
				else {
					Files.deleteIfExists(p);
				}
			}
		}
		this.api.post("/api/v1/reload", "");
	}

	private HttpResponse<String> sync(String body, boolean dryRun) {
		return this.api.post("/api/v1/directories/" + this.dir + "/sync" + (dryRun ? "?dryRun=true" : ""), body);
	}

	private static Map<String, JsonNode> changes(JsonNode result) {
		Map<String, JsonNode> byName = new LinkedHashMap<>();
		result.get("changes").forEach(c -> byName.put(c.get("name").asString(), c));
		return byName;
	}

	@Test
	void everyEntryTheRuntimeReadsIsPlannedAndUnmanagedOnesAreDeletedOrRefused() throws Exception {
		Files.writeString(this.etc.resolve("keep.json"), VALID);
		for (String name : ODD) {
			Files.writeString(this.etc.resolve(name), VALID);
		}
		Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
		Files.writeString(elsewhere.resolve("real.json"), VALID);
		Files.createSymbolicLink(this.etc.resolve("link-file.json"), elsewhere.resolve("real.json"));
		Files.createSymbolicLink(this.etc.resolve("link-dir.json"), elsewhere);
		Files.createSymbolicLink(this.etc.resolve("dangling.json"), root.resolve("missing.json"));
		Files.createDirectory(this.etc.resolve("dir.json"));
		Files.writeString(this.etc.resolve("README"), "not read by the runtime");
		Files.writeString(this.etc.resolve("UPPER.JSON"), VALID);
		this.api.post("/api/v1/reload", "");
		String desired = "{\"hooks\": {\"keep.json\": " + VALID + "}}";

		// The plan sees all of it; a name outside the write rule (x..y.json) is no reason
		// for a 400.
		HttpResponse<String> dry = sync(desired, true);
		assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
		JsonNode plan = ApiClient.JSON.readTree(dry.body());
		Map<String, JsonNode> changes = changes(plan);
		for (String name : ODD) {
			assertThat(changes.get(name)).as(name).isNotNull();
			assertThat(changes.get(name).get("action").asString()).as(name).isEqualTo("delete");
		}
		for (String name : List.of("link-file.json", "link-dir.json", "dangling.json", "dir.json")) {
			assertThat(changes.get(name).get("action").asString()).as(name).isEqualTo("refuse");
			assertThat(changes.get(name).get("reason").asString()).as(name).contains("manage it on disk");
		}
		assertThat(changes.get("link-dir.json").get("reason").asString()).contains("symbolic link")
			.contains("a directory");
		assertThat(changes).doesNotContainKeys("README", "UPPER.JSON");
		assertThat(plan.get("summary").get("delete").asInt()).isEqualTo(ODD.size());
		assertThat(plan.get("summary").get("refuse").asInt()).isEqualTo(4);
		assertThat(plan.get("converged").asBoolean()).isFalse();

		// Applying a plan that cannot reach the declared set is refused as a whole,
		// naming each entry.
		HttpResponse<String> refused = sync(desired, false);
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
		assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		JsonNode problem = ApiClient.JSON.readTree(refused.body());
		assertThat(problem.get("refused").findValuesAsString("name")).containsExactlyInAnyOrder("link-file.json",
				"link-dir.json", "dangling.json", "dir.json");
		assertThat(problem.get("applied")).isEmpty();
		for (String name : ODD) {
			assertThat(this.etc.resolve(name)).as(name).exists();
		}

		// Managed on disk: now the sync deletes every unmanaged file by its name on disk.
		for (String name : List.of("link-file.json", "link-dir.json", "dangling.json", "dir.json")) {
			Files.delete(this.etc.resolve(name));
		}
		HttpResponse<String> applied = sync(desired, false);
		assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
		assertThat(ApiClient.JSON.readTree(applied.body()).get("converged").asBoolean()).isTrue();
		for (String name : ODD) {
			assertThat(this.etc.resolve(name)).as(name).doesNotExist();
		}
		assertThat(this.etc.resolve("keep.json")).exists();
		assertThat(this.etc.resolve("README")).exists();
		assertThat(this.etc.resolve("UPPER.JSON")).exists();
		assertThat(elsewhere.resolve("real.json")).exists();

		// A second dry run: nothing left to delete, nothing refused.
		JsonNode again = ApiClient.JSON.readTree(sync(desired, true).body());
		assertThat(again.get("summary").get("delete").asInt()).isZero();
		assertThat(again.get("summary").get("refuse").asInt()).isZero();
		assertThat(again.get("summary").get("unchanged").asInt()).isEqualTo(1);
		assertThat(again.get("converged").asBoolean()).isTrue();
	}

	@Test
	void aDeclaredNameHeldByASymbolicLinkIsRefusedWithTheReason() throws Exception {
		Files.createSymbolicLink(this.etc.resolve("keep.json"), Path.of("/etc/hostname"));
		this.api.post("/api/v1/reload", "");
		JsonNode plan = ApiClient.JSON.readTree(sync("{\"hooks\": {\"keep.json\": " + VALID + "}}", true).body());
		JsonNode change = changes(plan).get("keep.json");
		assertThat(change.get("action").asString()).isEqualTo("refuse");
		assertThat(change.get("reason").asString()).contains("cannot be written").contains("manage it on disk");
		assertThat(sync("{\"hooks\": {\"keep.json\": " + VALID + "}}", false).statusCode()).isEqualTo(409);
	}

	private List<String> twenty() throws Exception {
		List<String> names = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			String name = String.format("h%02d.json", i);
			Files.writeString(this.etc.resolve(name), VALID);
			names.add(name);
		}
		this.api.post("/api/v1/reload", "");
		return names;
	}

	private static String updated() {
		return VALID.replace("\"path\": \"/bin/sh\"", "\"path\": \"/bin/sh\", \"timeout\": 9");
	}

	@Test
	void deletesBetweenPlanAndApplyApplyNothing() throws Exception {
		List<String> names = twenty();
		List<HookFiles.Step> steps = new ArrayList<>();
		for (String name : names) {
			steps.add(new HookFiles.Step(name, updated().getBytes(),
					HookFiles.etag(Files.readAllBytes(this.etc.resolve(name)))));
		}
		// Another thread deletes three of the files after the plan.
		Thread deleter = new Thread(() -> {
			for (String name : List.of("h03.json", "h11.json", "h19.json")) {
				try {
					Files.delete(this.etc.resolve(name));
				}
				catch (java.io.IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			}
		});
		deleter.start();
		deleter.join();
		assertThatThrownBy(() -> this.files.applyAll(this.dir, steps)).isInstanceOfSatisfying(StoreException.class,
				ex -> {
					assertThat(ex.kind()).isEqualTo(StoreException.Kind.PRECONDITION_FAILED);
					assertThat(ex.getMessage()).contains("h03.json (it was deleted)")
						.contains("h19.json")
						.contains("Nothing was applied");
					assertThat((List<?>) ex.properties().get("applied")).isEmpty();
				});
		for (String name : names) {
			Path file = this.etc.resolve(name);
			if (Files.exists(file)) {
				assertThat(Files.readString(file)).as(name).isEqualTo(VALID);
			}
		}
	}

	@Test
	void deletesDuringTheApplyAreReportedWithEveryAppliedStep() throws Exception {
		List<String> names = twenty();
		StringBuilder desired = new StringBuilder("{\"hooks\": {");
		for (String name : names) {
			desired.append(desired.length() > 11 ? ", " : "").append('"').append(name).append("\": ").append(updated());
		}
		desired.append("}}");
		// While the tenth file is being written, another thread deletes five later ones
		// on disk (no lock of this
		// service can keep another process out).
		java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
		this.files.interruption(temporary -> {
			if (writes.incrementAndGet() == 10) {
				Thread deleter = new Thread(() -> {
					for (int i = 12; i < 17; i++) {
						try {
							Files.delete(this.etc.resolve(String.format("h%02d.json", i)));
						}
						catch (java.io.IOException ex) {
							throw new java.io.UncheckedIOException(ex);
						}
					}
				});
				deleter.start();
				try {
					deleter.join();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		});
		HttpResponse<String> r = sync(desired.toString(), false);
		assertThat(r.statusCode()).as(r.body()).isEqualTo(412);
		JsonNode problem = ApiClient.JSON.readTree(r.body());
		List<String> applied = problem.get("applied").findValuesAsString("name");
		List<String> notApplied = problem.get("notApplied").findValuesAsString("name");
		assertThat(applied).containsExactlyElementsOf(names.subList(0, 12));
		assertThat(notApplied).containsExactlyElementsOf(names.subList(12, 20));
		assertThat(problem.get("detail").asString()).contains("h12.json").contains("12 of 20");
		for (String name : applied) {
			assertThat(Files.readString(this.etc.resolve(name))).as(name).contains("\"timeout\": 9");
		}
		for (String name : names.subList(17, 20)) {
			assertThat(Files.readString(this.etc.resolve(name))).as(name).isEqualTo(VALID);
		}
	}

}
