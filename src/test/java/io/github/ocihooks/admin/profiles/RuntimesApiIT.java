package io.github.ocihooks.admin.profiles;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.ocihooks.admin.directories.DirectoryIds;
import io.github.ocihooks.admin.support.ApiClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without {@code hooks.directories}, over a fake host: podman 4.3.1 reading
 * {@code /usr/share/...} only (its containers.conf) and a CRI-O with its default, so
 * {@code /etc/containers/oci/hooks.d} is read by nobody. Writes there need {@code force}
 * (deletes and restores too, in the API and on the dashboard); every write says which
 * runtimes see it (a delete when asked with {@code Prefer: return=representation}, the
 * dashboard in its message); the preview answers per runtime; {@code POST reload} detects
 * again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "hooks.watch.mode=off")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RuntimesApiIT {

	private static final String PASSWORD = "runtimes-secret";

	private static final String USR = "/usr/share/containers/oci/hooks.d";

	private static final String ETC = "/etc/containers/oci/hooks.d";

	private static final String PRESTART = "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/sh\"}, "
			+ "\"when\": {\"always\": true}, \"stages\": [\"prestart\"]}";

	private static final String PRECREATE = "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/sh\"}, "
			+ "\"when\": {\"always\": true}, \"stages\": [\"precreate\"]}";

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	ApiClient api;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("hooks.host-root", () -> {
			new FakeHost(root).installed("podman", "4.3.1+ds1-8+deb12u1+b3", "/usr/bin/podman")
				.executable("/usr/bin/crio")
				.dir(USR)
				.dir(ETC)
				.file(ContainersConf.ETC, "[engine]\nhooks_dir = [\"" + USR + "\"]\n");
			return root.toString();
		});
		registry.add("hooks.writable-directories[0]", () -> root.resolve(USR.substring(1)).toString());
		registry.add("hooks.writable-directories[1]", () -> root.resolve(ETC.substring(1)).toString());
		registry.add("hooks.admin.password", () -> PASSWORD);
	}

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port, "admin", PASSWORD);
	}

	private static String id(String hostPath) {
		return DirectoryIds.of(List.of(root.resolve(hostPath.substring(1)).toString())).get(0);
	}

	private HttpResponse<String> put(String dir, String name, String body, String query) {
		return this.api.send(this.api.request("/api/v1/directories/" + id(dir) + "/hooks/" + name + query)
			.header("Content-Type", "application/json")
			.header("If-None-Match", "*")
			.PUT(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	private static JsonNode json(HttpResponse<String> response) {
		return ApiClient.JSON.readTree(response.body());
	}

	private static List<String> texts(JsonNode array, String field) {
		List<String> out = new ArrayList<>();
		array.forEach((n) -> out.add(n.get(field).asString()));
		return out;
	}

	@Test
	@Order(1)
	void theServiceManagesTheRuntimesDirectoriesAndTheDocumentedOnes() {
		JsonNode dirs = this.api.getJson("/api/v1/directories");
		assertThat(texts(dirs, "id")).containsExactly(id(USR), id(ETC));
		JsonNode profiles = this.api.getJson("/api/v1/profiles");
		assertThat(texts(profiles.get("profiles"), "id")).containsExactly("podman", "crio");
	}

	@Test
	@Order(2)
	void aWriteToADirectoryNoRuntimeReadsNeedsForce() {
		HttpResponse<String> refused = put(ETC, "lost.json", PRESTART, "");
		assertThat(refused.statusCode()).isEqualTo(422);
		assertThat(refused.headers().firstValue("Content-Type"))
			.hasValueSatisfying((t) -> assertThat(t).startsWith("application/problem+json"));
		assertThat(json(refused).get("type").asString()).isEqualTo("urn:oci-hooks-admin:problem:unread-directory");
		assertThat(json(refused).get("detail").asString()).contains("No runtime reads").contains("force=true");
		assertThat(Files.exists(root.resolve(ETC.substring(1)).resolve("lost.json"))).isFalse();

		HttpResponse<String> forced = put(ETC, "lost.json", PRESTART, "?force=true");
		assertThat(forced.statusCode()).as(forced.body()).isEqualTo(201);
		assertThat(json(forced).get("runtimes").isArray()).isTrue();
		assertThat(json(forced).get("runtimes").size()).isZero();
	}

	@Test
	@Order(3)
	void everyWriteSaysWhichRuntimesSeeItAndWhen() {
		HttpResponse<String> plain = put(USR, "plain.json", PRESTART, "");
		assertThat(plain.statusCode()).as(plain.body()).isEqualTo(201);
		JsonNode runtimes = json(plain).get("runtimes");
		assertThat(texts(runtimes, "profile")).containsExactly("podman", "crio");
		assertThat(texts(runtimes, "verdict")).containsExactly("WORKS", "WORKS");
		assertThat(runtimes.get(0).get("when").asString()).contains("next container start");
		assertThat(runtimes.get(1).get("when").asString()).startsWith("Now").contains("At its next restart: it starts");

		HttpResponse<String> precreate = put(USR, "gpu.json", PRECREATE, "");
		assertThat(precreate.statusCode()).as(precreate.body()).isEqualTo(201);
		runtimes = json(precreate).get("runtimes");
		assertThat(texts(runtimes, "verdict")).containsExactly("WORKS", "FAILS_TO_START");
		assertThat(runtimes.get(1).get("why").asString()).contains("gpu.json").contains("unknown stage");
		assertThat(runtimes.get(1).get("when").asString()).contains("it does not start");
	}

	@Test
	@Order(4)
	void thePreviewAnswersForTheProfileAskedAndForEveryRuntimeSideBySide() {
		String config = "{\"config\": {\"ociVersion\": \"1.0.2\", \"process\": {\"args\": [\"sh\"]}, "
				+ "\"mounts\": [{\"destination\": \"/proc\", \"type\": \"proc\"}, {\"destination\": \"/scratch\", "
				+ "\"type\": \"tmpfs\"}]}";
		JsonNode podman = json(this.api.post("/api/v1/preview", config + ", \"profile\": \"podman\"}"));
		assertThat(podman.get("profile").asString()).isEqualTo("podman");
		assertThat(podman.get("runtimeError").isNull()).isTrue();
		// podman 4.3.1 keeps prestart as prestart; precreate is its own extension stage.
		assertThat(podman.get("hooks").get("prestart").size()).isEqualTo(1);
		assertThat(podman.get("hooks").has("createRuntime")).isFalse();
		assertThat(podman.get("extensionStageHooks").get("precreate").size()).isEqualTo(1);
		assertThat(podman.get("inputs").get("prestartStage").get("value").asString()).isEqualTo("PRESTART");
		assertThat(podman.get("inputs").get("prestartStage").get("explanation").asString()).contains("podman");
		assertThat(podman.get("inputs").get("extensionStages").get("source").asString()).isEqualTo("profile");
		// A tmpfs is a user mount for podman (len(UserVolumes) > 0); /proc is the
		// runtime's own.
		assertThat(podman.get("inputs").get("hasBindMounts").get("value").asBoolean()).isTrue();
		assertThat(podman.get("inputs").get("hasBindMounts").get("explanation").asString()).contains("/scratch");
		assertThat(texts(podman.get("runtimes"), "profile")).containsExactly("podman", "crio");
		assertThat(texts(podman.get("runtimes"), "verdict")).containsExactly("WORKS", "FAILS_TO_START");

		JsonNode crio = json(this.api.post("/api/v1/preview", config + ", \"profile\": \"crio\"}"));
		assertThat(crio.get("profile").asString()).isEqualTo("crio");
		assertThat(crio.get("runtimeError").get("message").asString()).contains("unknown stage");
		assertThat(crio.get("hooks").isNull()).isTrue();
		assertThat(crio.get("inputs").get("extensionStages").get("value").size()).isZero();

		JsonNode byDefault = json(this.api.post("/api/v1/preview", config + "}"));
		assertThat(byDefault.get("profile").asString()).isEqualTo("podman");
		assertThat(byDefault.get("inputs").get("profile").get("source").asString()).isEqualTo("default");

		HttpResponse<String> unknown = this.api.post("/api/v1/preview", config + ", \"profile\": \"docker\"}");
		assertThat(unknown.statusCode()).isEqualTo(422);
		assertThat(json(unknown).get("errors").get(0).get("pointer").asString()).isEqualTo("/profile");
		assertThat(json(unknown).get("detail").asString()).contains("docker").contains("podman");
	}

	private HttpResponse<String> delete(String dir, String name, String query, String prefer) {
		String etag = this.api.get("/api/v1/directories/" + id(dir) + "/hooks/" + name)
			.headers()
			.firstValue("ETag")
			.orElseThrow();
		HttpRequest.Builder request = this.api.request("/api/v1/directories/" + id(dir) + "/hooks/" + name + query)
			.header("If-Match", etag);
		if (prefer != null) {
			request.header("Prefer", prefer);
		}
		return this.api.send(request.DELETE().build());
	}

	@Test
	@Order(5)
	void aDeleteSaysWhichRuntimesSeeItWhenAskedAndNeedsForceWhereNoRuntimeReads() {
		HttpResponse<String> deleted = delete(USR, "gpu.json", "", "return=representation");
		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
		assertThat(deleted.headers().firstValue("Preference-Applied")).hasValue("return=representation");
		JsonNode body = json(deleted);
		assertThat(body.get("directoryId").asString()).isEqualTo(id(USR));
		assertThat(body.get("name").asString()).isEqualTo("gpu.json");
		JsonNode runtimes = body.get("runtimes");
		assertThat(texts(runtimes, "profile")).containsExactly("podman", "crio");
		assertThat(runtimes.get(0).get("when").asString()).contains("next container start");
		// Without gpu.json (precreate, unknown to CRI-O) CRI-O starts again.
		assertThat(texts(runtimes, "verdict")).containsExactly("WORKS", "WORKS");
		assertThat(runtimes.get(1).get("when").asString()).startsWith("Now").contains("At its next restart: it starts");
		assertThat(Files.exists(root.resolve(USR.substring(1)).resolve("gpu.json"))).isFalse();

		HttpResponse<String> refused = delete(ETC, "lost.json", "", "return=representation");
		assertThat(refused.statusCode()).isEqualTo(422);
		assertThat(json(refused).get("type").asString()).isEqualTo("urn:oci-hooks-admin:problem:unread-directory");
		assertThat(json(refused).get("detail").asString()).contains("No runtime reads").contains("force=true");
		assertThat(Files.exists(root.resolve(ETC.substring(1)).resolve("lost.json"))).isTrue();

		HttpResponse<String> forced = delete(ETC, "lost.json", "?force=true", "return=representation");
		assertThat(forced.statusCode()).as(forced.body()).isEqualTo(200);
		assertThat(json(forced).get("runtimes").isArray()).isTrue();
		assertThat(json(forced).get("runtimes").size()).isZero();
		assertThat(Files.exists(root.resolve(ETC.substring(1)).resolve("lost.json"))).isFalse();
	}

	/** Signs in through the login form; returns a cookie-keeping client. */
	private HttpClient signIn() throws Exception {
		HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
		String token = csrf(page(browser, "/login").body());
		HttpResponse<String> login = form(browser, "/login",
				"username=admin&password=" + PASSWORD + "&_csrf=" + encode(token));
		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
		return browser;
	}

	private HttpResponse<String> page(HttpClient browser, String path) throws Exception {
		return browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> form(HttpClient browser, String path, String body) throws Exception {
		return browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String csrf(String page) {
		Matcher m = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
		assertThat(m.find()).as(page).isTrue();
		return m.group(1);
	}

	private static String etag(String page) {
		Matcher m = Pattern.compile("name=\"etag\"[^>]*value=\"([^\"]+)\"").matcher(page);
		assertThat(m.find()).as(page).isTrue();
		return m.group(1).replace("&quot;", "\"");
	}

	private static String encode(String s) {
		return URLEncoder.encode(s, StandardCharsets.UTF_8);
	}

	/** The page a redirect-after-post leads to, with its flash message. */
	private String followed(HttpClient browser, HttpResponse<String> redirect) throws Exception {
		assertThat(redirect.statusCode()).as(redirect.body()).isEqualTo(302);
		URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
		return page(browser,
				location.getRawPath() + ((location.getRawQuery() != null) ? "?" + location.getRawQuery() : ""))
			.body();
	}

	@Test
	@Order(6)
	void theDashboardDeletesFromADirectoryNoRuntimeReadsOnlyWithForceAndSaysWhoSeesADelete() throws Exception {
		assertThat(put(ETC, "unread.json", PRESTART, "?force=true").statusCode()).isEqualTo(201);
		Path unread = root.resolve(ETC.substring(1)).resolve("unread.json");
		HttpClient browser = signIn();
		String confirm = "/hooks/" + id(ETC) + "/unread.json/delete";

		String page = page(browser, confirm).body();
		assertThat(page).contains("No runtime on this host reads this directory").contains("name=\"force\"");
		HttpResponse<String> plain = form(browser, confirm,
				"etag=" + encode(etag(page)) + "&_csrf=" + encode(csrf(page)));
		assertThat(plain.headers().firstValue("Location").orElse("")).endsWith(confirm);
		assertThat(followed(browser, plain)).contains("unread.json was not deleted: no runtime on this host reads")
			.contains("name=\"force\"");
		assertThat(Files.exists(unread)).isTrue();

		page = page(browser, confirm).body();
		HttpResponse<String> forced = form(browser, confirm,
				"etag=" + encode(etag(page)) + "&force=true&_csrf=" + encode(csrf(page)));
		assertThat(followed(browser, forced)).contains("Deleted unread.json")
			.contains("No runtime reads this directory");
		assertThat(Files.exists(unread)).isFalse();

		String read = "/hooks/" + id(USR) + "/plain.json/delete";
		page = page(browser, read).body();
		assertThat(page).doesNotContain("name=\"force\"");
		HttpResponse<String> deleted = form(browser, read,
				"etag=" + encode(etag(page)) + "&_csrf=" + encode(csrf(page)));
		assertThat(followed(browser, deleted)).contains("Deleted plain.json")
			.contains("podman: At the next container start")
			.contains("crio: Now");
		assertThat(Files.exists(root.resolve(USR.substring(1)).resolve("plain.json"))).isFalse();
	}

	private static String version(String page) {
		Matcher m = Pattern.compile("name=\"version\"[^>]*value=\"([^\"]+)\"").matcher(page);
		assertThat(m.find()).as(page).isTrue();
		return m.group(1);
	}

	private static String history(String dir, String name) {
		return "/history?directory=" + id(dir) + "&name=" + encode(name);
	}

	/** Restores the newest kept version shown on {@code page}, a history page. */
	private HttpResponse<String> restore(HttpClient browser, String page, String dir, String name, String extra)
			throws Exception {
		Matcher etag = Pattern.compile("name=\"etag\"[^>]*value=\"([^\"]+)\"").matcher(page);
		return form(browser, "/history/restore",
				"directory=" + encode(id(dir)) + "&name=" + encode(name) + "&version=" + encode(version(page))
						+ (etag.find() ? "&etag=" + encode(etag.group(1).replace("&quot;", "\"")) : "") + extra
						+ "&_csrf=" + encode(csrf(page)));
	}

	@Test
	@Order(7)
	void theDashboardRestoresIntoADirectoryNoRuntimeReadsOnlyWithForceAndSaysWhoSeesARestore() throws Exception {
		// unread.json (ETC) and plain.json (USR) were deleted by the dashboard above:
		// kept.
		Path unread = root.resolve(ETC.substring(1)).resolve("unread.json");
		assertThat(Files.exists(unread)).isFalse();
		HttpClient browser = signIn();

		String page = page(browser, history(ETC, "unread.json")).body();
		assertThat(page).contains("No runtime on this host reads this directory")
			.contains("name=\"force\"")
			.contains("Restore it anyway (force)");
		HttpResponse<String> plain = restore(browser, page, ETC, "unread.json", "");
		assertThat(followed(browser, plain)).contains("unread.json was not restored: no runtime on this host reads")
			.contains("Restore it anyway (force)")
			.contains("name=\"force\"");
		assertThat(Files.exists(unread)).isFalse();

		page = page(browser, history(ETC, "unread.json")).body();
		HttpResponse<String> forced = restore(browser, page, ETC, "unread.json", "&force=true");
		assertThat(followed(browser, forced)).contains("Restored unread.json")
			.contains("No runtime reads this directory: the file never runs.");
		assertThat(Files.readString(unread)).contains("prestart");

		page = page(browser, history(USR, "plain.json")).body();
		assertThat(page).contains("Restore this version").doesNotContain("name=\"force\"");
		HttpResponse<String> restored = restore(browser, page, USR, "plain.json", "");
		assertThat(followed(browser, restored)).contains("Restored plain.json")
			.contains("podman: At the next container start")
			.contains("crio: Now");
		assertThat(Files.readString(root.resolve(USR.substring(1)).resolve("plain.json"))).contains("prestart");
	}

	@Test
	@Order(8)
	void theOverviewNamesEachDirectoryAsTheHostDoesAndWhereThisServiceReadsIt() throws Exception {
		String overview = page(signIn(), "/").body();
		for (String dir : List.of(USR, ETC)) {
			assertThat(overview).contains("<code class=\"directory__path\">" + dir + "</code>")
				.contains("<code>" + root.resolve(dir.substring(1)) + "</code>");
		}
		assertThat(overview).doesNotContain("<code class=\"directory__path\">" + root);
		// No runtime reads /etc/containers/oci/hooks.d, as the host names it.
		assertThat(overview).containsPattern("(?s)data-unread-directories>.*<code>" + ETC + "</code>");
	}

	@Test
	@Order(9)
	void reloadDetectsTheRuntimesAgain() throws Exception {
		Files.writeString(root.resolve(ContainersConf.ETC.substring(1)),
				"[engine]\nhooks_dir = [\"" + USR + "\", \"" + ETC + "\"]\n");
		assertThat(put(ETC, "mine.json", PRESTART, "").statusCode()).isEqualTo(422);

		HttpResponse<String> reload = this.api.post("/api/v1/reload", "");
		assertThat(reload.statusCode()).isEqualTo(200);

		JsonNode podman = this.api.getJson("/api/v1/profiles").get("profiles").get(0);
		assertThat(podman.get("directories").size()).isEqualTo(2);
		HttpResponse<String> now = put(ETC, "mine.json", PRESTART, "");
		assertThat(now.statusCode()).as(now.body()).isEqualTo(201);
		assertThat(texts(json(now).get("runtimes"), "profile")).containsExactly("podman");
	}

}
