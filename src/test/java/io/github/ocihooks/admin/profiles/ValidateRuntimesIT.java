package io.github.ocihooks.admin.profiles;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.github.ocihooks.admin.support.ApiClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The validator warns where a file would break a runtime that reads its directory, with
 * explicit profiles and nothing detected: podman 4.9.4 reads {@code /srv/hooks/shared}
 * and {@code /srv/hooks/podman} and accepts {@code precreate}; CRI-O 1.30.2 reads
 * {@code /srv/hooks/shared} only and accepts no extension stage. The same warnings in
 * {@code POST /api/v1/hooks/validate} and the editor's live validation (its endpoint, and
 * the page in a real Chromium when one is installed); a {@code PUT} still writes such a
 * file and its answer says which runtime refuses it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "hooks.watch.mode=off")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ValidateRuntimesIT {

	private static final String PASSWORD = "validate-runtimes-secret";

	private static final String SHARED = "/srv/hooks/shared";

	private static final String PODMAN_ONLY = "/srv/hooks/podman";

	private static final String UNREAD = "/etc/containers/oci/hooks.d";

	private static final String PRECREATE = "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/sh\"}, "
			+ "\"when\": {\"always\": true}, \"stages\": [\"prestart\", \"precreate\"]}";

	private static final String PRESTART = "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/sh\"}, "
			+ "\"when\": {\"always\": true}, \"stages\": [\"prestart\"]}";

	private static final Pattern CSRF_INPUT = Pattern.compile("<input[^>]*name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	ApiClient api;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("hooks.host-root", () -> {
			new FakeHost(root).dir(SHARED).dir(PODMAN_ONLY);
			return root.toString();
		});
		registry.add("hooks.detection.enabled", () -> "false");
		registry.add("hooks.profiles[0].id", () -> "podman");
		registry.add("hooks.profiles[0].kind", () -> "PODMAN");
		registry.add("hooks.profiles[0].version", () -> "4.9.4");
		registry.add("hooks.profiles[0].directories[0]", () -> SHARED);
		registry.add("hooks.profiles[0].directories[1]", () -> PODMAN_ONLY);
		registry.add("hooks.profiles[0].extension-stages[0]", () -> "precreate");
		registry.add("hooks.profiles[0].extension-stages[1]", () -> "poststop");
		registry.add("hooks.profiles[1].id", () -> "crio");
		registry.add("hooks.profiles[1].kind", () -> "CRIO");
		registry.add("hooks.profiles[1].version", () -> "1.30.2");
		registry.add("hooks.profiles[1].directories[0]", () -> SHARED);
		registry.add("hooks.admin.password", () -> PASSWORD);
	}

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port, "admin", PASSWORD);
	}

	private static String location(String hostPath) {
		return root.resolve(hostPath.substring(1)).toString();
	}

	private String id(String hostPath) {
		for (JsonNode d : this.api.getJson("/api/v1/directories")) {
			if (Path.of(d.get("path").asString()).equals(Path.of(location(hostPath)))) {
				return d.get("id").asString();
			}
		}
		throw new AssertionError("no directory " + hostPath);
	}

	private JsonNode validate(String body) {
		HttpResponse<String> response = this.api.post("/api/v1/hooks/validate", body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return ApiClient.JSON.readTree(response.body());
	}

	private static List<JsonNode> refusals(JsonNode answer) {
		List<JsonNode> out = new ArrayList<>();
		answer.get("warnings").forEach((w) -> {
			if (w.get("code").asString().equals("refused-by-runtime")) {
				out.add(w);
			}
		});
		return out;
	}

	private static List<String> texts(JsonNode array, String field) {
		List<String> out = new ArrayList<>();
		array.forEach((n) -> out.add(n.get(field).isNull() ? null : n.get(field).asString()));
		return out;
	}

	@Test
	@Order(1)
	void aPrecreateStageInADirectoryCrioReadsIsAWarningNamingCrioAtTheStage() {
		// No directory: the default target, the one both runtimes read.
		JsonNode answer = validate("{\"definition\": " + PRECREATE + ", \"name\": \"50-gpu.json\"}");

		assertThat(answer.get("valid").asBoolean()).isTrue();
		assertThat(answer.get("writable").asBoolean()).isTrue();
		List<JsonNode> refusals = refusals(answer);
		assertThat(refusals).hasSize(1);
		JsonNode warning = refusals.get(0);
		assertThat(warning.get("severity").asString()).isEqualTo("WARNING");
		assertThat(warning.get("pointer").asString()).isEqualTo("/definition/stages/1");
		assertThat(warning.get("message").asString())
			.startsWith("CRI-O 1.30.2 (profile crio) reads " + location(SHARED))
			.contains("accepts no extension stages")
			.contains("fail to start at its next restart (and it skips the file until then)");

		JsonNode runtimes = answer.get("runtimes");
		assertThat(texts(runtimes, "profile")).containsExactly("podman", "crio");
		assertThat(texts(runtimes, "kind")).containsExactly("PODMAN", "CRIO");
		assertThat(texts(runtimes, "reads")).containsExactly("true", "true");
		assertThat(texts(runtimes, "accepts")).containsExactly("true", "false");
		assertThat(texts(runtimes, "verdict")).containsExactly("WORKS", "FAILS_TO_START");
		assertThat(runtimes.get(1).get("consequence").asString()).isEqualTo(warning.get("message").asString());
		assertThat(runtimes.get(0).get("consequence").asString()).contains("podman 4.9.4 (profile podman)")
			.contains("loads this file");
	}

	@Test
	@Order(2)
	void rawTextGetsTheWarningAtTheLineAndColumnOfTheStage() {
		String text = "{\n  \"version\": \"1.0.0\",\n  \"hook\": {\"path\": \"/bin/sh\"},\n"
				+ "  \"when\": {\"always\": true},\n  \"stages\": [\"prestart\", \"precreate\"]\n}\n";
		JsonNode answer = validate(
				"{\"raw\": " + ApiClient.JSON.writeValueAsString(text) + ", \"directory\": \"" + id(SHARED) + "\"}");

		assertThat(answer.get("valid").asBoolean()).isTrue();
		List<JsonNode> refusals = refusals(answer);
		assertThat(refusals).hasSize(1);
		assertThat(refusals.get(0).get("pointer").asString()).isEqualTo("/raw");
		assertThat(refusals.get(0).get("line").asInt()).isEqualTo(5);
		assertThat(refusals.get(0).get("column").asInt()).isEqualTo(26);
		assertThat(refusals.get(0).get("message").asString()).contains("CRI-O 1.30.2 (profile crio)");
	}

	@Test
	@Order(3)
	void noWarningWhereEveryRuntimeThatReadsTheDirectoryAcceptsTheFile() {
		JsonNode podmanOnly = validate(
				"{\"definition\": " + PRECREATE + ", \"directory\": \"" + id(PODMAN_ONLY) + "\"}");
		assertThat(refusals(podmanOnly)).isEmpty();
		assertThat(podmanOnly.get("warnings").size()).isZero();
		assertThat(texts(podmanOnly.get("runtimes"), "reads")).containsExactly("true", "false");
		assertThat(texts(podmanOnly.get("runtimes"), "accepts")).containsExactly("true", null);
		assertThat(podmanOnly.get("runtimes").get(1).get("consequence").asString()).contains("does not read");

		JsonNode prestart = validate("{\"definition\": " + PRESTART + "}");
		assertThat(refusals(prestart)).isEmpty();
		assertThat(texts(prestart.get("runtimes"), "accepts")).containsExactly("true", "true");
	}

	@Test
	@Order(4)
	void aDirectoryNoRuntimeReadsIsSaidOnce() {
		JsonNode answer = validate("{\"definition\": " + PRECREATE + ", \"directory\": \"" + location(UNREAD) + "\"}");
		assertThat(refusals(answer)).isEmpty();
		assertThat(texts(answer.get("warnings"), "code")).containsExactly("unread-directory");
		assertThat(answer.get("warnings").get(0).get("pointer").asString()).isEqualTo("/directory");
		assertThat(answer.get("warnings").get(0).get("message").asString()).startsWith("No runtime reads directory");
		assertThat(texts(answer.get("runtimes"), "reads")).containsExactly("false", "false");
	}

	@Test
	@Order(5)
	void theEditorsLiveValidationGivesTheSameWarning() {
		Session session = new Session();
		session.signIn();
		String page = session.get("/hooks/new").body();
		Matcher csrf = CSRF_INPUT.matcher(page);
		assertThat(csrf.find()).as("CSRF token on the editor page").isTrue();
		Map<String, String> form = new LinkedHashMap<>();
		form.put("_csrf", csrf.group(1));
		form.put("directoryId", id(SHARED));
		form.put("name", "50-gpu.json");
		form.put("creating", "true");
		form.put("mode", "raw");
		form.put("raw", PRECREATE);
		HttpResponse<String> response = session.post("/hooks/validate", form);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

		JsonNode result = ApiClient.JSON.readTree(response.body());
		assertThat(result.get("valid").asBoolean()).isTrue();
		assertThat(result.get("warnings").size()).isEqualTo(1);
		assertThat(result.get("warnings").get(0).get("pointer").asString()).isEqualTo("/stages/1");
		assertThat(result.get("warnings").get(0).get("field").asString()).isEqualTo("stages");
		assertThat(result.get("warnings").get(0).get("message").asString())
			.startsWith("CRI-O 1.30.2 (profile crio) reads " + location(SHARED))
			.contains("fail to start at its next restart");
	}

	@Test
	@Order(6)
	void aSyncPlanCarriesTheSameWarningForTheFile() {
		HttpResponse<String> response = this.api.post("/api/v1/directories/" + id(SHARED) + "/sync?dryRun=true",
				"{\"hooks\": {\"50-gpu.json\": " + PRECREATE + ", \"10-plain.json\": " + PRESTART + "}}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

		List<JsonNode> refusals = refusals(ApiClient.JSON.readTree(response.body()));
		assertThat(refusals).hasSize(1);
		assertThat(refusals.get(0).get("file").asString()).isEqualTo("50-gpu.json");
		assertThat(refusals.get(0).get("pointer").asString()).isEqualTo("/stages/1");
		assertThat(refusals.get(0).get("message").asString()).startsWith("CRI-O 1.30.2 (profile crio)");
	}

	@Test
	@Order(7)
	void theEditorShowsTheWarningAsYouTickPrecreate() throws Exception {
		Path chromium = Path.of("/usr/bin/chromium");
		Path chromedriver = Path.of("/usr/bin/chromedriver");
		assumeTrue(Files.isExecutable(chromium) && Files.isExecutable(chromedriver),
				"Browser checks need /usr/bin/chromium and /usr/bin/chromedriver; skipping");
		System.setProperty("SE_AVOID_STATS", "true");
		Path profile = Files.createTempDirectory("validate-runtimes-chromium");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--no-first-run", "--user-data-dir=" + profile, "--window-size=1280,900");
		ChromeDriver browser = new ChromeDriver(
				new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
					.usingAnyFreePort()
					.build(),
				options);
		try {
			WebDriverWait waiting = new WebDriverWait(browser, Duration.ofSeconds(10));
			browser.get("http://127.0.0.1:" + this.port + "/hooks/new");
			browser.findElement(By.id("username")).sendKeys("admin");
			browser.findElement(By.id("password")).sendKeys(PASSWORD);
			browser.findElement(By.cssSelector("form.form button[type=submit]")).click();
			waiting.until((d) -> !d.getCurrentUrl().contains("/login"));
			browser.get("http://127.0.0.1:" + this.port + "/hooks/new");
			browser.findElement(By.id("name")).sendKeys("60-gpu.json");
			browser.findElement(By.id("path")).sendKeys("/bin/sh");
			new Select(browser.findElement(By.id("always"))).selectByValue("true");
			browser.findElement(By.cssSelector("input[name=stages][value=precreate]")).click();

			waiting.until((d) -> d.findElement(By.cssSelector("[data-validation]")).getText().contains("CRI-O"));
			String shown = browser.findElement(By.cssSelector("[data-validation] .alert--warning")).getText();
			// The new hook's form starts with prestart ticked: precreate is the second
			// stage.
			assertThat(shown).contains("/stages/1: CRI-O 1.30.2 (profile crio) reads " + location(SHARED))
				.contains("fail to start at its next restart");
			assertThat(browser.findElement(By.cssSelector("[data-validation] .alert--ok")).getText())
				.startsWith("Valid");
		}
		finally {
			browser.quit();
		}
	}

	@Test
	@Order(8)
	void aPutOfSuchAFileStillWritesItAndSaysWhichRuntimeRefusesIt() {
		HttpResponse<String> put = this.api
			.send(this.api.request("/api/v1/directories/" + id(SHARED) + "/hooks/50-gpu.json")
				.header("Content-Type", "application/json")
				.header("If-None-Match", "*")
				.PUT(HttpRequest.BodyPublishers.ofString(PRECREATE))
				.build());
		assertThat(put.statusCode()).as(put.body()).isEqualTo(201);

		JsonNode runtimes = ApiClient.JSON.readTree(put.body()).get("runtimes");
		assertThat(texts(runtimes, "profile")).containsExactly("podman", "crio");
		assertThat(texts(runtimes, "accepts")).containsExactly("true", "false");
		assertThat(texts(runtimes, "verdict")).containsExactly("WORKS", "FAILS_TO_START");
		assertThat(runtimes.get(1).get("consequence").asString()).startsWith("CRI-O 1.30.2 (profile crio)")
			.contains("fail to start at its next restart");
	}

	/** A dashboard session: form sign-in, cookies kept. */
	private final class Session {

		private final HttpClient http = HttpClient.newBuilder()
			.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
			.build();

		void signIn() {
			Matcher csrf = CSRF_INPUT.matcher(get("/login").body());
			assertThat(csrf.find()).isTrue();
			HttpResponse<String> response = post("/login",
					Map.of("username", "admin", "password", PASSWORD, "_csrf", csrf.group(1)));
			assertThat(response.statusCode()).isEqualTo(302);
			assertThat(response.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
		}

		HttpResponse<String> get(String path) {
			return send(HttpRequest.newBuilder(uri(path)).GET().build());
		}

		HttpResponse<String> post(String path, Map<String, String> form) {
			String body = form.entrySet()
				.stream()
				.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
						+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
				.collect(Collectors.joining("&"));
			return send(HttpRequest.newBuilder(uri(path))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build());
		}

		private URI uri(String path) {
			return URI.create("http://127.0.0.1:" + ValidateRuntimesIT.this.port + path);
		}

		private HttpResponse<String> send(HttpRequest request) {
			try {
				return this.http.send(request, HttpResponse.BodyHandlers.ofString());
			}
			catch (java.io.IOException ex) {
				throw new IllegalStateException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

}
