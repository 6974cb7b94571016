package io.github.ocihooks.admin.api;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.ocihooks.admin.support.ApiClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The hook definitions API end to end over HTTP, on real temp directories. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "hooks.watch.mode=off")
class HookApiIT {

	private static final String PASSWORD = "api-secret";

	private static final String VALID = "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/sh\", \"args\": [\"sh\", "
			+ "\"-c\", \"true\"], \"timeout\": 5}, \"when\": {\"annotations\": {\"^com\\\\.example\\\\.gpu$\": \"^true$\"}}, "
			+ "\"stages\": [\"prestart\"]}";

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	ApiClient api;

	String high;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("hooks.directories[0]", () -> root.resolve("usr").toString());
		registry.add("hooks.directories[1]", () -> root.resolve("etc").toString());
		registry.add("hooks.admin.password", () -> PASSWORD);
	}

	@BeforeEach
	void setUp() throws Exception {
		Files.createDirectories(root.resolve("usr"));
		Files.createDirectories(root.resolve("etc"));
		this.api = new ApiClient(this.port, "admin", PASSWORD);
		JsonNode dirs = this.api.getJson("/api/v1/directories");
		this.high = dirs.get(1).get("id").asString();
	}

	private String url(String name) {
		return "/api/v1/directories/" + this.high + "/hooks/" + name;
	}

	private HttpResponse<String> put(String name, String body, String header, String value) {
		HttpRequest.Builder b = this.api.request(url(name)).header("Content-Type", "application/json");
		if (header != null) {
			b.header(header, value);
		}
		return this.api.send(b.PUT(HttpRequest.BodyPublishers.ofString(body)).build());
	}

	private HttpResponse<String> delete(String name, String ifMatch) {
		HttpRequest.Builder b = this.api.request(url(name));
		if (ifMatch != null) {
			b.header("If-Match", ifMatch);
		}
		return this.api.send(b.DELETE().build());
	}

	private static void assertProblem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		JsonNode body = ApiClient.JSON.readTree(response.body());
		assertThat(body.get("status").asInt()).isEqualTo(status);
		assertThat(body.get("detail").asString()).isNotBlank();
	}

	@Test
	void directoriesHaveStableIdsAndOnlyTheHighestAcceptsWrites() {
		JsonNode dirs = this.api.getJson("/api/v1/directories");
		assertThat(dirs).hasSize(2);
		assertThat(dirs.get(0).get("path").asString()).isEqualTo(root.resolve("usr").toString());
		assertThat(dirs.get(0).get("id").asString()).matches("[A-Za-z0-9._-]+").endsWith("usr");
		assertThat(dirs.get(1).get("highest").asBoolean()).isTrue();
		HttpResponse<String> low = this.api
			.send(this.api.request("/api/v1/directories/" + dirs.get(0).get("id").asString() + "/hooks/x.json")
				.header("Content-Type", "application/json")
				.header("If-None-Match", "*")
				.PUT(HttpRequest.BodyPublishers.ofString(VALID))
				.build());
		assertProblem(low, 409);
		assertThat(root.resolve("usr/x.json")).doesNotExist();
	}

	@Test
	void writableMeansAcceptsWritesThroughThisServiceAndTheFileSystemAnswersApart() {
		JsonNode dirs = this.api.getJson("/api/v1/directories");
		// The low directory is writable on disk (a temp directory) but refuses writes
		// here (409 above).
		assertThat(dirs.get(0).get("writable").asBoolean()).isFalse();
		assertThat(dirs.get(0).get("writableOnDisk").asBoolean()).isTrue();
		assertThat(dirs.get(1).get("writable").asBoolean()).isTrue();
		assertThat(dirs.get(1).get("writableOnDisk").asBoolean()).isTrue();
	}

	@Test
	void createReadUpdateDeleteWithETags() throws Exception {
		HttpResponse<String> created = put("crud.json", VALID, "If-None-Match", "*");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String etag = created.headers().firstValue("ETag").orElseThrow();
		assertThat(created.headers().firstValue("Location").orElseThrow()).endsWith("/hooks/crud.json");
		Path file = root.resolve("etc/crud.json");
		String canonical = Files.readString(file);
		assertThat(canonical).startsWith("{\n  \"version\": \"1.0.0\",\n  \"hook\": {\n    \"path\": \"/bin/sh\",")
			.endsWith("]\n}\n");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");

		JsonNode read = this.api.getJson(url("crud.json"));
		assertThat(read.get("raw").asString()).isEqualTo(canonical);
		assertThat(read.get("status").asString()).isEqualTo("active");
		assertThat(read.get("etag").asString()).isEqualTo(etag);
		assertThat(read.get("definition").get("hook").get("timeout").asInt()).isEqualTo(5);

		assertProblem(put("crud.json", VALID, "If-None-Match", "*"), 412);
		assertProblem(put("crud.json", VALID, null, null), 428);
		assertProblem(put("crud.json", VALID, "If-Match", "\"stale\""), 412);

		String changed = VALID.replace("\"timeout\": 5", "\"timeout\": 7");
		HttpResponse<String> updated = put("crud.json", changed, "If-Match", etag);
		assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
		String etag2 = updated.headers().firstValue("ETag").orElseThrow();
		assertThat(etag2).isNotEqualTo(etag);
		assertThat(Files.readString(file)).contains("\"timeout\": 7");

		assertProblem(delete("crud.json", null), 428);
		assertProblem(delete("crud.json", etag), 412);
		assertThat(delete("crud.json", etag2).statusCode()).isEqualTo(204);
		assertThat(file).doesNotExist();
		assertProblem(this.api.get(url("crud.json")), 404);
	}

	@Test
	void aDeleteAnswers204WithoutABodyUnlessTheClientPrefersTheRepresentation() throws Exception {
		String first = put("minimal.json", VALID, "If-None-Match", "*").headers().firstValue("ETag").orElseThrow();
		HttpResponse<String> minimal = delete("minimal.json", first);
		assertThat(minimal.statusCode()).isEqualTo(204);
		assertThat(minimal.body()).isEmpty();
		assertThat(minimal.headers().firstValue("Preference-Applied")).isEmpty();
		assertThat(root.resolve("etc/minimal.json")).doesNotExist();

		String second = put("shown.json", VALID, "If-None-Match", "*").headers().firstValue("ETag").orElseThrow();
		long before = this.api.getJson(url("shown.json")).get("generation").asLong();
		HttpResponse<String> shown = this.api.send(this.api.request(url("shown.json"))
			.header("If-Match", second)
			.header("Prefer", "return=representation")
			.DELETE()
			.build());
		assertThat(shown.statusCode()).as(shown.body()).isEqualTo(200);
		assertThat(shown.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
		assertThat(shown.headers().firstValue("Preference-Applied")).hasValue("return=representation");
		assertThat(root.resolve("etc/shown.json")).doesNotExist();
		JsonNode body = ApiClient.JSON.readTree(shown.body());
		assertThat(body.get("directoryId").asString()).isEqualTo(this.high);
		assertThat(body.get("directory").asString()).isEqualTo(root.resolve("etc").toString());
		assertThat(body.get("name").asString()).isEqualTo("shown.json");
		assertThat(body.get("generation").asLong()).isGreaterThan(before);
		// Every profile that reads the directory, with when it sees the deletion (here:
		// the one custom profile over hooks.directories).
		List<String> readers = new ArrayList<>();
		List<String> whens = new ArrayList<>();
		for (JsonNode profile : this.api.getJson("/api/v1/profiles").get("profiles")) {
			for (JsonNode dir : profile.get("directories")) {
				if (dir.get("location").asString().equals(root.resolve("etc").toString())) {
					readers.add(profile.get("id").asString());
					whens.add(profile.get("takesEffect").get("explanation").asString());
				}
			}
		}
		assertThat(readers).isNotEmpty();
		JsonNode runtimes = body.get("runtimes");
		List<String> profiles = new ArrayList<>();
		List<String> when = new ArrayList<>();
		runtimes.forEach((r) -> {
			profiles.add(r.get("profile").asString());
			when.add(r.get("when").asString());
		});
		assertThat(profiles).isEqualTo(readers);
		assertThat(when).isEqualTo(whens);

		assertProblem(this.api.send(this.api.request(url("shown.json"))
			.header("If-Match", second)
			.header("Prefer", "return=representation")
			.DELETE()
			.build()), 404);
	}

	@Test
	void invalidDefinitionsAre422WithPointersAndLeaveTheFileIntact() throws Exception {
		HttpResponse<String> created = put("keep.json", VALID, "If-None-Match", "*");
		String etag = created.headers().firstValue("ETag").orElseThrow();
		byte[] before = Files.readAllBytes(root.resolve("etc/keep.json"));

		HttpResponse<String> missing = put("keep.json", VALID.replace("/bin/sh", "/nonexistent/hook"), "If-Match",
				etag);
		assertProblem(missing, 422);
		JsonNode errors = ApiClient.JSON.readTree(missing.body()).get("errors");
		assertThat(errors.get(0).get("pointer").asString()).isEqualTo("/hook/path");
		assertThat(errors.get(0).get("detail").asString()).contains("no such file or directory");

		HttpResponse<String> badType = put("keep.json", VALID.replace("\"timeout\": 5", "\"timeout\": \"5\""),
				"If-Match", etag);
		assertProblem(badType, 422);
		assertThat(ApiClient.JSON.readTree(badType.body()).get("errors").get(0).get("pointer").asString())
			.isEqualTo("/hook/timeout");

		HttpResponse<String> typo = put("keep.json", VALID.replace("\"timeout\"", "\"timout\""), "If-Match", etag);
		assertProblem(typo, 422);
		assertThat(ApiClient.JSON.readTree(typo.body()).get("errors").get(0).get("pointer").asString())
			.isEqualTo("/hook/timout");

		assertProblem(put("keep.json", VALID.replace("\"prestart\"", "\"prestrat\""), "If-Match", etag), 422);
		assertProblem(put("keep.json", VALID.replace("\"^true$\"", "\"(\""), "If-Match", etag), 422);
		assertProblem(put("keep.json", "{\"hook\": \"/bin/sh\", \"stages\": []}", "If-Match", etag), 422);
		assertProblem(put("keep.json", "{\"version\": \"1.0.0\",", "If-Match", etag), 400);
		assertProblem(put("keep.json", "", "If-Match", etag), 400);
		HttpResponse<String> text = this.api.send(this.api.request(url("keep.json"))
			.header("Content-Type", "text/plain")
			.header("If-Match", etag)
			.PUT(HttpRequest.BodyPublishers.ofString(VALID))
			.build());
		assertProblem(text, 415);

		assertThat(Files.readAllBytes(root.resolve("etc/keep.json"))).isEqualTo(before);
		try (var files = Files.list(root.resolve("etc"))) {
			assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left behind")
				.noneMatch(n -> n.endsWith(".tmp"));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "..json", ".hidden.json", "-dash.json", "_u.json", "a%20b.json", "x.JSON", "x.txt",
			"x.json.bak", "%2e%2e.json", "a..b.json", "%C3%A9.json", "a%00.json", "a%2Fb.json", "..%2F..%2Fescape.json",
			"a%5Cb.json", "..", "%2e%2e" })
	void rejectedNamesNeverWrite(String name) throws Exception {
		HttpResponse<String> response = put(name, VALID, "If-None-Match", "*");
		assertThat(response.statusCode()).as(name + ": " + response.body()).isIn(400, 404);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).as(name)
			.startsWith("application/problem+json");
		try (var files = Files.walk(root)) {
			assertThat(files.filter(Files::isRegularFile)
				.map(Path::toString)
				.filter(p -> p.contains("escape") || p.endsWith(".JSON") || p.endsWith(".txt") || p.endsWith(".bak")
						|| p.contains("hidden")))
				.isEmpty();
		}
	}

	@Test
	void fiftyConcurrentWritersWithTheSameETagOneWins() throws Exception {
		HttpResponse<String> created = put("race.json", VALID, "If-None-Match", "*");
		String etag = created.headers().firstValue("ETag").orElseThrow();
		ExecutorService pool = Executors.newFixedThreadPool(50);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Integer>> results = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			String body = VALID.replace("\"timeout\": 5", "\"timeout\": " + (100 + i));
			Callable<Integer> call = () -> {
				start.await();
				return put("race.json", body, "If-Match", etag).statusCode();
			};
			results.add(pool.submit(call));
		}
		start.countDown();
		List<Integer> statuses = new ArrayList<>();
		for (Future<Integer> f : results) {
			statuses.add(f.get());
		}
		pool.shutdown();
		assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
		assertThat(statuses).filteredOn(s -> s == 412).hasSize(49);
	}

	@Test
	void enumQueryParametersAreAcceptedInAnyCaseAndA400ListsTheValidValues() {
		for (String status : List.of("active", "ACTIVE", "Active")) {
			HttpResponse<String> response = this.api.get("/api/v1/hooks?status=" + status);
			assertThat(response.statusCode()).as("status=%s: %s", status, response.body()).isEqualTo(200);
		}
		HttpResponse<String> bad = this.api.get("/api/v1/hooks?status=enabled");
		assertThat(bad.statusCode()).isEqualTo(400);
		JsonNode problem = ApiClient.JSON.readTree(bad.body());
		assertThat(problem.get("type").asString()).isEqualTo("urn:oci-hooks-admin:problem:invalid-request");
		assertThat(problem.get("detail").asString()).contains("\"enabled\"", "status", "active", "masked", "invalid",
				"skipped", "ignored");
		assertThat(problem.get("errors").get(0).get("parameter").asString()).isEqualTo("status");
	}

	@Test
	void orderKeepsItsZeroBasedValuesAndPositionIsTheNumberThePagesShow() throws Exception {
		Files.writeString(root.resolve("usr/a-first.json"), VALID);
		Files.writeString(root.resolve("etc/b-second.json"), VALID);
		this.api.post("/api/v1/reload", "");
		JsonNode hooks = this.api.getJson("/api/v1/hooks?status=active").get("hooks");
		for (JsonNode h : hooks) {
			int expected = h.get("name").asString().equals("a-first.json") ? 0 : 1;
			assertThat(h.get("order").asInt()).isEqualTo(expected);
			assertThat(h.get("position").asInt()).isEqualTo(expected + 1);
		}
		assertThat(hooks).hasSize(2);
		Files.delete(root.resolve("usr/a-first.json"));
		Files.delete(root.resolve("etc/b-second.json"));
		this.api.post("/api/v1/reload", "");
	}

	@Test
	void anEmptyBodyGetsTheProjectsProblemWithTypeAndErrors() {
		// curl -d @missing-file sends an empty body.
		for (String path : List.of("/api/v1/preview", "/api/v1/hooks/validate",
				"/api/v1/directories/" + this.high + "/sync")) {
			HttpResponse<String> r = this.api.post(path, "");
			assertProblem(r, 400);
			JsonNode problem = ApiClient.JSON.readTree(r.body());
			assertThat(problem.get("type").asString()).as(path)
				.isEqualTo("urn:oci-hooks-admin:problem:invalid-request");
			assertThat(problem.get("errors").get(0).get("detail").asString()).as(path).contains("empty");
		}
		HttpResponse<String> put = put("empty.json", "", "If-None-Match", "*");
		assertProblem(put, 400);
		assertThat(ApiClient.JSON.readTree(put.body()).get("errors")).isNotEmpty();
	}

	@Test
	void anAuditLimitOutsideItsRangeIsA400() {
		for (String limit : List.of("-1", "0", "10001")) {
			HttpResponse<String> r = this.api.get("/api/v1/audit?limit=" + limit);
			assertProblem(r, 400);
			JsonNode problem = ApiClient.JSON.readTree(r.body());
			assertThat(problem.get("type").asString()).isEqualTo("urn:oci-hooks-admin:problem:invalid-request");
			assertThat(problem.get("errors").get(0).get("parameter").asString()).isEqualTo("limit");
		}
		assertThat(this.api.get("/api/v1/audit?limit=1").statusCode()).isEqualTo(200);
	}

	@Test
	void validateWithoutWritingAndMatchAgainstASampleConfig() {
		String body = "{\"definition\": " + VALID + ", \"config\": {\"process\": {\"args\": [\"/bin/sh\"]}, "
				+ "\"annotations\": {\"com.example.gpu\": \"true\"}}}";
		HttpResponse<String> response = this.api.post("/api/v1/hooks/validate", body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode result = ApiClient.JSON.readTree(response.body());
		assertThat(result.get("valid").asBoolean()).isTrue();
		assertThat(result.get("writable").asBoolean()).isTrue();
		assertThat(result.get("canonical").asString()).startsWith("{\n  \"version\": \"1.0.0\"");
		assertThat(result.get("match").get("matched").asBoolean()).isTrue();
		assertThat(result.get("match").get("stages").get(0).asString()).isEqualTo("createRuntime");

		JsonNode invalid = ApiClient.JSON.readTree(this.api
			.post("/api/v1/hooks/validate", "{\"definition\": " + VALID.replace("/bin/sh", "/nonexistent/x") + "}")
			.body());
		assertThat(invalid.get("valid").asBoolean()).isFalse();
		assertThat(invalid.get("errors").get(0).get("pointer").asString()).isEqualTo("/definition/hook/path");

		JsonNode legacy = ApiClient.JSON.readTree(
				this.api
					.post("/api/v1/hooks/validate",
							"{\"raw\": \"{\\\"hook\\\": \\\"/bin/sh\\\", \\\"stages\\\": [\\\"prestart\\\"]}\"}")
					.body());
		assertThat(legacy.get("valid").asBoolean()).isTrue();
		assertThat(legacy.get("writable").asBoolean()).isFalse();
		assertThat(root.resolve("etc/new-hook.json")).doesNotExist();
	}

	private JsonNode validate(String body) {
		HttpResponse<String> response = this.api.post("/api/v1/hooks/validate", body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).doesNotContain("\"line\":0", "\"column\":0", "new-hook.json");
		return ApiClient.JSON.readTree(response.body());
	}

	@Test
	void theValidatorReportsEveryProblemAtItsFieldInTheRequest() {
		String three = "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/nonexistent/x\"}, "
				+ "\"when\": {\"commands\": [\"(\"]}, \"stages\": [\"bogus\"]}";
		JsonNode byDefinition = validate("{\"definition\": " + three + "}");
		assertThat(byDefinition.get("valid").asBoolean()).isFalse();
		assertThat(byDefinition.get("errors").findValuesAsString("pointer")).containsExactly("/definition/hook/path",
				"/definition/when/commands/0", "/definition/stages/0");
		assertThat(byDefinition.get("errors").findValuesAsString("code")).containsExactly("executable-missing",
				"invalid-pattern", "unknown-stage");
		assertThat(byDefinition.get("warnings").findValuesAsString("code")).doesNotContain("skipped");

		JsonNode byRaw = validate("{\"raw\": " + ApiClient.JSON.writeValueAsString(three.replace(", ", ",\n")) + "}");
		assertThat(byRaw.get("errors")).hasSize(3);
		assertThat(byRaw.get("errors").findValuesAsString("pointer")).containsOnly("/raw");
		assertThat(byRaw.get("errors").findValues("line")).extracting(JsonNode::asInt).containsExactly(2, 3, 4);
		assertThat(byRaw.get("errors").findValues("column")).allMatch(c -> c.asInt() > 0);

		JsonNode broken = validate("{\"raw\": \"{\\n  \\\"version\\\": \\\"1.0.0\\\",\\n}\"}");
		assertThat(broken.get("valid").asBoolean()).isFalse();
		JsonNode error = broken.get("errors").get(0);
		assertThat(error.get("pointer").asString()).isEqualTo("/raw");
		assertThat(error.get("line").asInt()).isEqualTo(3);
		assertThat(error.get("column").asInt()).isPositive();
		assertThat(error.get("message").asString()).startsWith("version check: ");
		assertThat(error.get("blocksRuntime").asBoolean()).isFalse();
	}

	@Test
	void aParseErrorInAGivenDirectoryBlocksTheRuntimeEvenWhenMasked() throws Exception {
		Files.writeString(root.resolve("etc/50-x.json"), VALID);
		this.api.post("/api/v1/reload", "");
		String low = ApiClient.JSON.readTree(this.api.get("/api/v1/directories").body()).get(0).get("id").asString();
		JsonNode verdict = validate("{\"raw\": \"{\", \"name\": \"50-x.json\", \"directory\": \"" + low + "\"}");
		JsonNode error = verdict.get("errors").get(0);
		assertThat(error.get("blocksRuntime").asBoolean()).isTrue();
		assertThat(error.get("message").asString()).contains("refuses every container", "masks it");
	}

	@Test
	void legacyContentGetsOneVerdictWhicheverWayItIsSent() {
		String legacy = "{\"version\": \"0.1.0\", \"hook\": \"/bin/sh\", \"cmds\": [\"^/bin/sh$\"], "
				+ "\"stages\": [\"prestart\"]}";
		JsonNode byDefinition = validate("{\"definition\": " + legacy + "}");
		JsonNode byRaw = validate("{\"raw\": " + ApiClient.JSON.writeValueAsString(legacy) + "}");
		for (JsonNode verdict : List.of(byDefinition, byRaw)) {
			assertThat(verdict.get("valid").asBoolean()).isTrue();
			assertThat(verdict.get("writable").asBoolean()).isFalse();
			assertThat(verdict.get("errors")).isEmpty();
			assertThat(verdict.get("warnings").findValuesAsString("code")).contains("legacy-schema");
			assertThat(verdict.get("converted").asString()).contains("\"version\": \"1.0.0\"", "\"commands\"");
		}
		// The converted text is what a write accepts.
		JsonNode converted = validate(
				"{\"raw\": " + ApiClient.JSON.writeValueAsString(byRaw.get("converted").asString()) + "}");
		assertThat(converted.get("writable").asBoolean()).isTrue();
	}

	@Test
	void realWorldFilesGetSensibleVerdicts() throws Exception {
		Path files = Path.of(System.getProperty("basedir", "."), "..", "shared", "realworld", "files").normalize();
		org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(files.resolve("manifest.json")),
				"realworld files not found at " + files + ": skipped");
		JsonNode manifest = ApiClient.JSON.readTree(Files.readString(files.resolve("manifest.json")));
		int notJson = 0;
		for (JsonNode entry : manifest) {
			String text = Files.readString(files.resolve(entry.get("id").asString() + ".json"));
			JsonNode verdict = validate("{\"raw\": " + ApiClient.JSON.writeValueAsString(text) + "}");
			boolean json;
			try {
				ApiClient.JSON.readTree(text);
				json = true;
			}
			catch (RuntimeException ex) {
				json = false;
			}
			String id = entry.get("id").asString() + ": " + verdict;
			if (!json) {
				notJson++;
				assertThat(verdict.get("valid").asBoolean()).as(id).isFalse();
				JsonNode error = verdict.get("errors").get(0);
				assertThat(error.get("code").asString()).as(id).isEqualTo("parse");
				assertThat(error.get("line").asInt()).as(id).isPositive();
				assertThat(error.get("column").asInt()).as(id).isPositive();
			}
			else if (!verdict.get("valid").asBoolean()) {
				// Valid but for its executable, which is not installed here: one finding,
				// what the runtime does.
				assertThat(verdict.get("errors").findValuesAsString("code")).as(id)
					.containsExactly("executable-missing");
			}
		}
		assertThat(notJson).isEqualTo(3);
	}

	@Test
	void syncPlansAppliesAndIsIdempotent() throws Exception {
		Files.writeString(root.resolve("etc/old.json"), VALID);
		Files.writeString(root.resolve("etc/README"), "not a hook");
		this.api.post("/api/v1/reload", "");
		String desired = "{\"hooks\": {\"a.json\": " + VALID + ", \"old.json\": "
				+ VALID.replace("\"timeout\": 5", "\"timeout\": 9") + "}}";
		JsonNode plan = ApiClient.JSON
			.readTree(this.api.post("/api/v1/directories/" + this.high + "/sync?dryRun=true", desired).body());
		assertThat(plan.get("dryRun").asBoolean()).isTrue();
		assertThat(plan.get("summary").get("create").asInt()).isEqualTo(1);
		assertThat(plan.get("summary").get("update").asInt()).isEqualTo(1);
		assertThat(plan.get("changes").get(1).get("diff").asString()).contains("+    \"timeout\": 9");
		assertThat(plan.get("changes").get(0).get("action").asString()).isEqualTo("create");
		assertThat(plan.get("changes").get(1).get("action").asString()).isEqualTo("update");
		assertThat(root.resolve("etc/a.json")).doesNotExist();

		JsonNode applied = ApiClient.JSON
			.readTree(this.api.post("/api/v1/directories/" + this.high + "/sync", desired).body());
		assertThat(applied.get("dryRun").asBoolean()).isFalse();
		assertThat(root.resolve("etc/a.json")).exists();
		assertThat(Files.readString(root.resolve("etc/old.json"))).contains("\"timeout\": 9");

		JsonNode again = ApiClient.JSON
			.readTree(this.api.post("/api/v1/directories/" + this.high + "/sync", desired).body());
		assertThat(again.get("summary").get("unchanged").asInt()).isEqualTo(2);
		assertThat(again.get("changes").get(0).get("action").asString()).isEqualTo("unchanged");
		assertThat(again.get("summary").get("create").asInt() + again.get("summary").get("update").asInt()
				+ again.get("summary").get("delete").asInt())
			.isZero();

		JsonNode emptied = ApiClient.JSON
			.readTree(this.api.post("/api/v1/directories/" + this.high + "/sync", "{\"hooks\": {}}").body());
		assertThat(emptied.get("summary").get("delete").asInt()).isEqualTo(2);
		assertThat(emptied.get("changes").get(0).get("action").asString()).isEqualTo("delete");
		assertThat(root.resolve("etc/README")).exists();

		// Invalid definitions: 422, nothing written.
		HttpResponse<String> invalid = this.api.post("/api/v1/directories/" + this.high + "/sync",
				"{\"hooks\": {\"b.json\": " + VALID + ", \"c.json\": " + VALID.replace("/bin/sh", "/nonexistent/x")
						+ "}}");
		assertProblem(invalid, 422);
		assertThat(ApiClient.JSON.readTree(invalid.body()).get("errors").get(0).get("pointer").asString())
			.isEqualTo("/hooks/c.json/hook/path");
		assertThat(root.resolve("etc/b.json")).doesNotExist();
	}

	@Test
	void exportCanBeImportedThroughSync() throws Exception {
		Files.writeString(root.resolve("usr/low.json"), VALID);
		this.api.post("/api/v1/reload", "");
		HttpResponse<String> export = this.api.get("/api/v1/export");
		assertThat(export.statusCode()).isEqualTo(200);
		JsonNode exported = ApiClient.JSON.readTree(export.body());
		assertThat(exported.get("hooks").has("low.json")).isTrue();
		HttpResponse<String> imported = this.api.post("/api/v1/directories/" + this.high + "/sync", export.body());
		assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
		assertThat(root.resolve("etc/low.json")).exists();
		Files.delete(root.resolve("usr/low.json"));
		this.api.send(this.api.request("/api/v1/directories/" + this.high + "/sync")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"hooks\": {}}"))
			.build());
	}

	@Test
	void runningPrecreateHooksIsRefusedUnlessEnabled() {
		HttpResponse<String> refused = this.api.post("/api/v1/preview",
				"{\"config\": {\"process\": {\"args\": [\"/bin/sh\"]}}, \"runPrecreate\": true}");
		assertProblem(refused, 403);
		assertThat(refused.body()).contains("hooks.precreate.execution-enabled=true");
		HttpResponse<String> listed = this.api.post("/api/v1/preview", "{\"config\": {}}");
		assertThat(listed.statusCode()).isEqualTo(200);
		assertThat(ApiClient.JSON.readTree(listed.body()).has("precreate")).isFalse();
	}

	@Test
	void theSchemaIsServed() {
		HttpResponse<String> schema = this.api.get("/api/v1/schema/hook-1.0.0.json");
		assertThat(schema.statusCode()).isEqualTo(200);
		assertThat(schema.headers().firstValue("Content-Type").orElse("")).startsWith("application/schema+json");
		assertThat(ApiClient.JSON.readTree(schema.body()).get("properties").has("when")).isTrue();
	}

	@Test
	void noInputProducesAServerError() {
		Random random = new Random(3);
		String[] pieces = { "{", "}", "[", "]", "\"config\"", "\"hooks\"", ":", ",", "null", "1e999", "\"x\"", "true",
				"\"process\"", "{\"args\": 5}", "\"annotations\"", "\"\\ud800\"", "-0", "\"definition\"" };
		for (int i = 0; i < 300; i++) {
			StringBuilder body = new StringBuilder();
			int n = random.nextInt(12);
			for (int j = 0; j < n; j++) {
				body.append(pieces[random.nextInt(pieces.length)]);
			}
			for (String path : List.of("/api/v1/preview", "/api/v1/hooks/validate",
					"/api/v1/directories/" + this.high + "/sync?dryRun=true")) {
				HttpResponse<String> r = this.api.post(path, body.toString());
				assertThat(r.statusCode()).as(path + " " + body).isLessThan(500);
			}
			assertThat(put("fuzz.json", body.toString(), "If-None-Match", "*").statusCode()).as(body.toString())
				.isLessThan(500);
		}
		assertThat(new String(body("{\"config\": {\"process\": {\"args\": 5}}}"), StandardCharsets.UTF_8))
			.contains("/config/process/args");
	}

	private byte[] body(String json) {
		return this.api.post("/api/v1/preview", json).body().getBytes(StandardCharsets.UTF_8);
	}

}
