package io.github.ocihooks.admin.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import io.github.ocihooks.admin.engine.HookLoader;
import io.github.ocihooks.admin.support.ApiClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what, the write policy, and an audit trail and history that lose nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "hooks.watch.mode=off",
		"hooks.precreate.execution-enabled=true", "hooks.policy.allowed-path-prefixes=/bin/,/usr/bin/" })
class SecurityAndAuditIT {

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("hooks.directories[0]", () -> root.resolve("etc").toString());
		registry.add("hooks.admin.password", () -> "admin-secret");
		registry.add("hooks.users[0].name", () -> "viewer");
		registry.add("hooks.users[0].password", () -> "{noop}viewer-secret");
		registry.add("hooks.users[0].role", () -> "VIEWER");
		registry.add("hooks.users[1].name", () -> "editor");
		registry.add("hooks.users[1].password", () -> "editor-secret");
		registry.add("hooks.users[1].role", () -> "EDITOR");
		registry.add("hooks.users[2].name", () -> "victim");
		registry.add("hooks.users[2].password", () -> "victim-secret");
		registry.add("hooks.state-dir", () -> root.resolve("state").toString());
	}

	ApiClient admin;

	ApiClient editor;

	ApiClient viewer;

	@BeforeEach
	void setUp() throws Exception {
		Files.createDirectories(root.resolve("etc"));
		this.admin = new ApiClient(this.port, "admin", "admin-secret");
		this.editor = new ApiClient(this.port, "editor", "editor-secret");
		this.viewer = new ApiClient(this.port, "viewer", "viewer-secret");
	}

	private static String hook(String path, String extra) {
		return "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"" + path + "\"" + extra + "}, \"when\": {\"always\": "
				+ "true}, \"stages\": [\"poststart\"]}";
	}

	private String dir() {
		return this.viewer.getJson("/api/v1/directories").get(0).get("id").asString();
	}

	private HttpResponse<String> put(ApiClient as, String name, String body, String header, String value) {
		HttpRequest.Builder b = as.request("/api/v1/directories/" + dir() + "/hooks/" + name)
			.header("Content-Type", "application/json");
		if (header != null) {
			b.header(header, value);
		}
		return as.send(b.PUT(HttpRequest.BodyPublishers.ofString(body)).build());
	}

	@Test
	void unauthenticatedAndWrongPasswordAre401Problems() {
		HttpResponse<String> none = HttpClient.newHttpClient()
			.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/v1/hooks")).build(),
					HttpResponse.BodyHandlers.ofString())
			.join();
		assertThat(none.statusCode()).isEqualTo(401);
		assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic");
		assertThat(none.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		HttpResponse<String> wrong = new ApiClient(this.port, "viewer", "nope").get("/api/v1/hooks");
		assertThat(wrong.statusCode()).isEqualTo(401);
	}

	@Test
	void rolesDecideWhatEachUserMayDo() {
		assertThat(this.viewer.get("/api/v1/hooks").statusCode()).isEqualTo(200);
		assertThat(this.viewer.post("/api/v1/preview", "{\"config\": {}}").statusCode()).isEqualTo(200);
		HttpResponse<String> viewerWrite = put(this.viewer, "v.json", hook("/bin/true", ""), "If-None-Match", "*");
		assertThat(viewerWrite.statusCode()).isEqualTo(403);
		assertThat(viewerWrite.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		assertThat(this.viewer.post("/api/v1/reload", "").statusCode()).isEqualTo(403);
		assertThat(this.editor.post("/api/v1/reload", "").statusCode()).isEqualTo(200);
		assertThat(this.editor.get("/api/v1/audit").statusCode()).isEqualTo(403);
		assertThat(this.admin.get("/api/v1/audit").statusCode()).isEqualTo(200);
	}

	@Test
	void onlyAdminsRunPrecreateHooks() throws Exception {
		Files.writeString(root.resolve("etc/filter.json"), "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/sh\", "
				+ "\"args\": [\"sh\", \"-c\", \"sed 's/\\\"cwd\\\":\\\"\\\\/\\\"/\\\"cwd\\\":\\\"\\\\/srv\\\"/'\"]}, "
				+ "\"when\": {\"always\": true}, \"stages\": [\"precreate\"]}");
		this.admin.post("/api/v1/reload", "");
		String body = "{\"config\": {\"process\": {\"args\": [\"/bin/sh\"], \"cwd\": \"/\"}}, \"runPrecreate\": true}";
		HttpResponse<String> editorRun = this.editor.post("/api/v1/preview", body);
		assertThat(editorRun.statusCode()).isEqualTo(403);
		assertThat(editorRun.body()).contains("ADMIN");
		HttpResponse<String> adminRun = this.admin.post("/api/v1/preview", body);
		assertThat(adminRun.statusCode()).as(adminRun.body()).isEqualTo(200);
		JsonNode precreate = ApiClient.JSON.readTree(adminRun.body()).get("precreate");
		assertThat(precreate.get("error").isNull()).as(precreate.toString()).isTrue();
		assertThat(precreate.get("finalConfig").get("process").get("cwd").asString()).isEqualTo("/srv");
		assertThat(precreate.get("steps").get(0).get("patch").get(0).get("path").asString()).isEqualTo("/process/cwd");
		Files.delete(root.resolve("etc/filter.json"));
		this.admin.post("/api/v1/reload", "");
	}

	@Test
	void theWritePolicyRefusesPathsOutsideThePrefixesAndRelativeOnes() throws Exception {
		Path tool = root.resolve("tools/hook");
		Files.createDirectories(tool.getParent());
		Files.writeString(tool, "#!/bin/sh\n");
		Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
		HttpResponse<String> outside = put(this.editor, "p.json", hook(tool.toString(), ""), "If-None-Match", "*");
		assertThat(outside.statusCode()).isEqualTo(422);
		JsonNode error = ApiClient.JSON.readTree(outside.body()).get("errors").get(0);
		assertThat(error.get("pointer").asString()).isEqualTo("/hook/path");
		assertThat(error.get("code").asString()).isEqualTo("policy-path-prefix");
		assertThat(put(this.editor, "p.json", hook("/bin/../bin/true", ""), "If-None-Match", "*").statusCode())
			.isEqualTo(422);
		assertThat(root.resolve("etc/p.json")).doesNotExist();
	}

	@Test
	void everyChangeIsAuditedAndDeleteThenRestoreGivesBackTheExactBytes() throws Exception {
		// Someone else's file, formatted their way.
		String theirs = "{ \"version\":\"1.0.0\",\"hook\":{\"path\":\"/bin/true\"},\n  \"when\":{\"always\":true},"
				+ "\"stages\":[\"poststart\"] }\n";
		Path file = root.resolve("etc/theirs.json");
		Files.writeString(file, theirs);
		this.editor.post("/api/v1/reload", "");
		String etag = this.editor.get("/api/v1/directories/" + dir() + "/hooks/theirs.json")
			.headers()
			.firstValue("ETag")
			.orElseThrow();
		HttpResponse<String> updated = put(this.editor, "theirs.json", hook("/bin/true", ", \"timeout\": 3"),
				"If-Match", etag);
		assertThat(updated.statusCode()).isEqualTo(200);
		String etag2 = updated.headers().firstValue("ETag").orElseThrow();
		HttpResponse<String> deleted = this.editor
			.send(this.editor.request("/api/v1/directories/" + dir() + "/hooks/theirs.json")
				.header("If-Match", etag2)
				.DELETE()
				.build());
		assertThat(deleted.statusCode()).isEqualTo(204);

		JsonNode audit = this.admin.getJson("/api/v1/audit?name=theirs.json");
		String shaTheirs = HookLoader.sha256(theirs.getBytes());
		assertThat(audit.toString()).contains("\"action\":\"external-create\"");
		JsonNode update = find(audit, "update", "written");
		assertThat(update.get("user").asString()).isEqualTo("editor");
		assertThat(update.get("remoteAddress").asString()).isEqualTo("127.0.0.1");
		assertThat(update.get("sha256Before").asString()).isEqualTo(shaTheirs);
		assertThat("\"" + update.get("sha256After").asString() + "\"").isEqualTo(etag2);
		JsonNode delete = find(audit, "delete", "written");
		assertThat(delete.get("sha256Before").asString()).isEqualTo(update.get("sha256After").asString());
		assertThat(delete.has("sha256After")).isFalse();

		JsonNode versions = this.editor.getJson("/api/v1/history?directory=" + dir() + "&name=theirs.json");
		assertThat(versions).hasSize(2);
		String original = null;
		for (JsonNode v : versions) {
			if (v.get("sha256").asString().equals(shaTheirs)) {
				original = v.get("id").asString();
			}
		}
		assertThat(original).isNotNull();
		assertThat(this.editor
			.post("/api/v1/history/" + original + "/restore?directory=" + dir() + "&name=theirs.json", "")
			.statusCode()).isEqualTo(403);
		HttpResponse<String> restored = this.admin
			.post("/api/v1/history/" + original + "/restore?directory=" + dir() + "&name=theirs.json", "");
		assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
		assertThat(Files.readString(file)).isEqualTo(theirs);
		assertThat(
				find(this.admin.getJson("/api/v1/audit?name=theirs.json"), "restore", "written").get("user").asString())
			.isEqualTo("admin");
	}

	private static JsonNode find(JsonNode audit, String action, String outcome) {
		for (JsonNode e : audit) {
			if (e.get("action").asString().equals(action) && e.get("outcome").asString().equals(outcome)) {
				return e;
			}
		}
		throw new AssertionError("no " + action + "/" + outcome + " in " + audit);
	}

	@Test
	void repeatedFailedSignInsAreThrottled() {
		ApiClient wrong = new ApiClient(this.port, "victim", "guess");
		for (int i = 0; i < LoginThrottle.PER_PAIR; i++) {
			assertThat(wrong.get("/api/v1/hooks").statusCode()).isEqualTo(401);
		}
		HttpResponse<String> blocked = new ApiClient(this.port, "victim", "victim-secret").get("/api/v1/hooks");
		assertThat(blocked.statusCode()).isEqualTo(429);
		assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
		assertThat(this.viewer.get("/api/v1/hooks").statusCode()).as("other users are not affected").isEqualTo(200);
	}

	/** Signs in through the login form; returns a cookie-keeping client. */
	private HttpClient signIn(String user, String password) throws Exception {
		HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
		String base = "http://127.0.0.1:" + this.port;
		String page = browser
			.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString())
			.body();
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"")
			.matcher(page);
		assertThat(m.find()).isTrue();
		HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(base + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers
				.ofString("username=" + user + "&password=" + password + "&_csrf=" + m.group(1)))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
		return browser;
	}

	private HttpResponse<String> page(HttpClient browser, String path) throws Exception {
		return browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void formsWithoutTheCsrfTokenAreRefused() throws Exception {
		HttpClient browser = signIn("editor", "editor-secret");
		HttpResponse<String> forged = browser
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/logout"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(""))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(forged.statusCode()).isEqualTo(403);
	}

	@Test
	void theDashboardShowsHistoryToEditorsAndTheAuditLogAndRestoreToAdmins() throws Exception {
		Files.writeString(root.resolve("etc/paged.json"), hook("/bin/true", ""));
		this.editor.post("/api/v1/reload", "");
		String etag = this.editor.get("/api/v1/directories/" + dir() + "/hooks/paged.json")
			.headers()
			.firstValue("ETag")
			.orElseThrow();
		assertThat(put(this.editor, "paged.json", hook("/bin/true", ", \"timeout\": 4"), "If-Match", etag).statusCode())
			.isEqualTo(200);
		String history = "/history?directory=" + dir() + "&name=paged.json";

		HttpClient editorPages = signIn("editor", "editor-secret");
		HttpResponse<String> editorHistory = page(editorPages, history);
		assertThat(editorHistory.statusCode()).isEqualTo(200);
		assertThat(editorHistory.body()).contains("diff__").doesNotContain("Restore this version");
		assertThat(page(editorPages, "/audit").statusCode()).isEqualTo(403);

		HttpClient adminPages = signIn("admin", "admin-secret");
		String adminHistory = page(adminPages, history).body();
		assertThat(adminHistory).contains("Restore this version");
		// Restore asks first, naming the version by its date (not epoch milliseconds).
		assertThat(adminHistory).containsPattern("data-confirm=\"Restore paged.json to the version saved "
				+ "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC\\? The current content is kept in the history.\"");
		// Each kept version has a page of its own: the whole old text with line numbers,
		// what
		// replaced it, and restore for admins only.
		java.util.regex.Matcher link = java.util.regex.Pattern.compile("data-version-link href=\"([^\"]+)\"")
			.matcher(editorHistory.body());
		assertThat(link.find()).isTrue();
		String versionPage = link.group(1).replace("&amp;", "&");
		assertThat(versionPage).startsWith("/history/version?directory=").contains("name=paged.json", "version=");
		HttpResponse<String> editorVersion = page(editorPages, versionPage);
		assertThat(editorVersion.statusCode()).isEqualTo(200);
		assertThat(editorVersion.body())
			.contains("data-source", "<span class=\"source__number\" aria-hidden=\"true\">1</span>")
			.contains("&quot;/bin/true&quot;")
			.doesNotContain("&quot;timeout&quot;")
			.containsPattern("data-action>update</span>")
			.doesNotContain("data-user")
			.doesNotContain("Restore this version");
		String adminVersion = page(adminPages, versionPage).body();
		assertThat(adminVersion).containsPattern("data-user>editor</span>")
			.containsPattern("data-confirm=\"Restore paged.json to the version saved "
					+ "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC\\? The current content is kept in the history.\"");
		assertThat(page(signIn("viewer", "viewer-secret"), versionPage).statusCode()).isEqualTo(403);
		assertThat(page(editorPages, versionPage.replaceAll("version=\\d+", "version=1")).statusCode()).isEqualTo(404);

		HttpResponse<String> audit = page(adminPages, "/audit");
		assertThat(audit.statusCode()).isEqualTo(200);
		assertThat(audit.body()).contains("paged.json").contains("editor");
		// Each audit row links to the file's history.
		assertThat(audit.body()).containsPattern("href=\"/history\\?directory=[^\"]*etc&amp;name=paged\\.json\"");
	}

}
