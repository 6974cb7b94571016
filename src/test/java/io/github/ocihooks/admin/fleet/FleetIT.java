package io.github.ocihooks.admin.fleet;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.ocihooks.admin.support.ApiClient;
import io.github.ocihooks.admin.support.ColourContrast;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * A hub (this test's application context) and three real node services (the packaged jar,
 * separate processes on loopback ports, each with its own directories). node-2 accepts no
 * writes to its {@code etc} directory ({@code hooks.writable-directories} names only its
 * {@code usr} one). The nodes are started once for the class, in parallel; the tests run
 * in order because the last one stops a node.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "hooks.watch.mode=off", "hooks.fleet.enabled=true", "hooks.fleet.poll-interval=1h",
				"hooks.fleet.timeout=2s", "hooks.fleet.max-concurrent=2", "hooks.fleet.node-name=hub",
				"hooks.users[0].name=viewer", "hooks.users[0].password={noop}viewer-pw", "hooks.users[0].role=VIEWER" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetIT {

	static final String GPU = "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/sh\", \"args\": [\"sh\", \"-c\", "
			+ "\"true\"]}, \"when\": {\"annotations\": {\"^com\\\\.example\\\\.gpu$\": \"^true$\"}}, "
			+ "\"stages\": [\"prestart\"]}\n";

	static final String ALWAYS = "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/true\"}, "
			+ "\"when\": {\"always\": true}, \"stages\": [\"poststop\"]}\n";

	@TempDir
	static Path root;

	static NodeJars jars = new NodeJars();

	static List<NodeJars.Node> nodes = new ArrayList<>();

	@LocalServerPort
	int port;

	@BeforeAll
	static void startNodes() throws Exception {
		for (int i = 1; i <= 3; i++) {
			Path dir = root.resolve("node-" + i);
			Files.createDirectories(dir.resolve("etc"));
			Files.writeString(dir.resolve("etc/10-gpu.json"), GPU);
			Files.writeString(dir.resolve("etc/20-always.json"), ALWAYS);
			List<String> extra = (i == 2) ? List.of("--hooks.writable-directories[0]=" + dir.resolve("usr"))
					: List.of();
			nodes.add(jars.start("node-" + i, dir, extra));
		}
		jars.awaitUp(Duration.ofMinutes(3));
	}

	@AfterAll
	static void stopNodes() throws Exception {
		jars.close();
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("hooks.directories[0]", () -> root.resolve("hub/usr").toString());
		registry.add("hooks.directories[1]", () -> root.resolve("hub/etc").toString());
		registry.add("hooks.admin.password", () -> "hub-secret");
		registry.add("hooks.fleet.password", () -> NodeJars.PASSWORD);
		for (int i = 0; i < 3; i++) {
			int n = i;
			registry.add("hooks.fleet.members[" + i + "]", () -> nodes.get(n).url().toString());
		}
	}

	ApiClient hub() {
		return new ApiClient(this.port, "admin", "hub-secret");
	}

	static ApiClient node(NodeJars.Node node) {
		return new ApiClient(node.port, "admin", NodeJars.PASSWORD);
	}

	JsonNode refresh() {
		HttpResponse<String> r = hub().post("/api/v1/fleet/refresh", "");
		assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
		return ApiClient.JSON.readTree(r.body());
	}

	static JsonNode row(JsonNode drift, String name) {
		for (JsonNode row : drift.get("hooks")) {
			if (row.get("name").asString().equals(name)) {
				return row;
			}
		}
		throw new AssertionError("no row " + name + " in " + drift);
	}

	@Test
	@Order(1)
	void driftIsDetectedAfterAFileChangesOnOneNode() throws Exception {
		refresh();
		JsonNode same = hub().getJson("/api/v1/fleet/drift");
		assertThat(same.get("groups").size()).as(same.toString()).isEqualTo(1);
		assertThat(same.get("reachable").asInt()).isEqualTo(3);
		assertThat(row(same, "10-gpu.json").get("uniform").asBoolean()).isTrue();

		// Nothing changed: every node answers 304.
		JsonNode again = refresh();
		assertThat(again.get("unchanged").asInt()).isEqualTo(3);
		assertThat(again.get("changed").asInt()).isZero();

		// One file changes on node-2's disk.
		Files.writeString(nodes.get(1).etc.resolve("10-gpu.json"), GPU.replace("\"true\"", "\"exit 0\""));
		node(nodes.get(1)).post("/api/v1/reload", "");
		JsonNode changed = refresh();
		assertThat(changed.get("changed").asInt()).isEqualTo(1);
		JsonNode drift = hub().getJson("/api/v1/fleet/drift");
		assertThat(drift.get("groups").size()).isEqualTo(2);
		JsonNode majority = drift.get("groups").get(0);
		JsonNode odd = drift.get("groups").get(1);
		assertThat(majority.get("nodes").toString()).contains("node-1", "node-3");
		assertThat(odd.get("nodes").toString()).contains("node-2").doesNotContain("node-1");
		JsonNode gpu = row(drift, "10-gpu.json");
		assertThat(gpu.get("uniform").asBoolean()).isFalse();
		assertThat(gpu.get("cells").get(majority.get("id").asString()).asString()).isEqualTo("SAME");
		assertThat(gpu.get("cells").get(odd.get("id").asString()).asString()).isEqualTo("DIFFERENT");
		assertThat(row(drift, "20-always.json").get("uniform").asBoolean()).isTrue();
		// Drifting rows come first.
		assertThat(drift.get("hooks").get(0).get("name").asString()).isEqualTo("10-gpu.json");

		// A broken file on node-3 makes it refuse every container: listed at the top.
		Files.writeString(nodes.get(2).etc.resolve("30-broken.json"), "{\"version\": ");
		node(nodes.get(2)).post("/api/v1/reload", "");
		refresh();
		JsonNode broken = hub().getJson("/api/v1/fleet/drift");
		assertThat(broken.get("refusing").toString()).contains("node-3");
		assertThat(broken.get("groups").size()).isEqualTo(3);
		JsonNode brokenRow = row(broken, "30-broken.json");
		assertThat(brokenRow.get("cells").toString()).contains("BROKEN", "MISSING");
		Files.delete(nodes.get(2).etc.resolve("30-broken.json"));
		node(nodes.get(2)).post("/api/v1/reload", "");
		refresh();
	}

	@Test
	@Order(2)
	void fleetPreviewAnswersOncePerGroup() {
		refresh();
		HttpResponse<String> r = hub().post("/api/v1/fleet/preview",
				"{\"config\": {\"process\": {\"args\": [\"/bin/sh\"]}, \"annotations\": {\"com.example.gpu\": \"true\"}}}");
		assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
		JsonNode groups = ApiClient.JSON.readTree(r.body()).get("groups");
		assertThat(groups.size()).isEqualTo(2);
		for (JsonNode g : groups) {
			assertThat(g.get("error").isNull()).as(g.toString()).isTrue();
			JsonNode prestart = g.get("hooks").get("createRuntime");
			assertThat(prestart.size()).isEqualTo(1);
			String args = prestart.get(0).get("args").toString();
			if (g.get("group").get("nodes").toString().contains("node-2")) {
				assertThat(args).contains("exit 0");
			}
			else {
				assertThat(args).contains("\"true\"");
			}
			assertThat(g.get("extensionStageHooks").get("poststop").get(0).get("path").asString())
				.isEqualTo("/bin/true");
		}
		// Bad input is problem+json.
		HttpResponse<String> bad = hub().post("/api/v1/fleet/preview", "{\"config\": 5}");
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(bad.headers().firstValue("Content-Type").orElseThrow()).contains("application/problem+json");
	}

	static String sha(Path file) throws Exception {
		return io.github.ocihooks.admin.engine.HookLoader.sha256(Files.readAllBytes(file));
	}

	JsonNode awaitRollout(String id) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (true) {
			JsonNode r = hub().getJson("/api/v1/fleet/rollouts/" + id);
			if (!r.get("status").asString().equals("RUNNING")) {
				return r;
			}
			assertThat(System.nanoTime()).as("rollout " + id + " still running: " + r).isLessThan(deadline);
			Thread.sleep(200);
		}
	}

	static final String DESIRED = "{\"hooks\": {\"10-gpu.json\": " + GPU.replace("\"true\"", "\"rolled-out\"")
			+ ", \"40-new.json\": {\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/sh\"}, "
			+ "\"when\": {\"commands\": [\"^/usr/bin/java$\"]}, \"stages\": [\"poststart\"]}}}";

	@Test
	@Order(3)
	void aRolloutWhoseSecondWaveHitsAReadOnlyDirectoryStopsAndRestoresTheFirstWave() throws Exception {
		refresh();
		NodeJars.Node n1 = nodes.get(0);
		NodeJars.Node n3 = nodes.get(2);
		String gpu1 = sha(n1.etc.resolve("10-gpu.json"));
		String always1 = sha(n1.etc.resolve("20-always.json"));
		String gpu3 = sha(n3.etc.resolve("10-gpu.json"));

		// Only ADMIN may start a rollout; a VIEWER still reads the fleet.
		ApiClient viewer = new ApiClient(this.port, "viewer", "viewer-pw");
		assertThat(viewer.get("/api/v1/fleet/drift").statusCode()).isEqualTo(200);
		assertThat(viewer.post("/api/v1/fleet/rollouts", "{\"directory\": \"highest\", \"desired\": " + DESIRED + "}")
			.statusCode()).isEqualTo(403);
		// Bad input is problem+json with a pointer.
		HttpResponse<String> bad = hub().post("/api/v1/fleet/rollouts", "{\"desired\": " + DESIRED + "}");
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(bad.body()).contains("/directory");
		HttpResponse<String> unknown = hub().post("/api/v1/fleet/rollouts",
				"{\"directory\": \"highest\", \"desired\": " + DESIRED + ", \"nodes\": [\"nope\"]}");
		assertThat(unknown.statusCode()).isEqualTo(400);

		HttpResponse<String> started = hub().post("/api/v1/fleet/rollouts", "{\"directory\": \"highest\", "
				+ "\"desired\": " + DESIRED + ", \"nodes\": [\"node-1\", \"node-2\", \"node-3\"], \"percentage\": 33}");
		assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
		JsonNode rollout = awaitRollout(ApiClient.JSON.readTree(started.body()).get("id").asString());
		assertThat(rollout.get("waves").toString()).isEqualTo("[[\"node-1\"],[\"node-2\"],[\"node-3\"]]");
		assertThat(rollout.get("status").asString()).as(rollout.toString()).isEqualTo("FAILED_RESTORED");
		assertThat(rollout.get("failedNode").asString()).isEqualTo("node-2");
		List<String> steps = new ArrayList<>();
		for (JsonNode step : rollout.get("steps")) {
			steps.add(step.get("node").asString() + " " + step.get("action").asString() + " "
					+ (step.get("name").isNull() ? "-" : step.get("name").asString()) + " "
					+ (step.get("ok").asBoolean() ? "ok" : "failed"));
		}
		assertThat(steps).as(rollout.toString())
			.containsSubsequence("node-1 PLAN - ok", "node-1 APPLY 10-gpu.json ok", "node-1 APPLY 20-always.json ok",
					"node-1 APPLY 40-new.json ok", "node-1 VERIFY - ok", "node-2 PLAN - failed", "node-2 STOP - failed",
					"node-1 RESTORE 40-new.json ok", "node-1 RESTORE 20-always.json ok",
					"node-1 RESTORE 10-gpu.json ok");
		assertThat(steps).noneMatch(s -> s.startsWith("node-3"));
		assertThat(steps).noneMatch(s -> s.startsWith("node-2 APPLY"));

		// node-1 holds exactly what it held before, byte for byte; node-3 was never
		// touched.
		assertThat(sha(n1.etc.resolve("10-gpu.json"))).isEqualTo(gpu1);
		assertThat(sha(n1.etc.resolve("20-always.json"))).isEqualTo(always1);
		assertThat(n1.etc.resolve("40-new.json")).doesNotExist();
		assertThat(sha(n3.etc.resolve("10-gpu.json"))).isEqualTo(gpu3);
		assertThat(n3.etc.resolve("40-new.json")).doesNotExist();

		// Audited on the hub and on the node.
		String hubAudit = hub().get("/api/v1/audit?limit=100").body();
		assertThat(hubAudit).contains("fleet-rollout-start", "fleet-rollout-apply", "fleet-rollout-stop",
				"fleet-rollout-restore", "failed_restored");
		String nodeAudit = node(n1).get("/api/v1/audit?limit=100").body();
		assertThat(nodeAudit).contains("\"action\":\"create\"", "\"action\":\"restore\"", "40-new.json");

		// Without the read-only node the same rollout succeeds, and a dry run writes
		// nothing.
		HttpResponse<String> dry = hub().post("/api/v1/fleet/rollouts", "{\"directory\": \"highest\", \"desired\": "
				+ DESIRED + ", \"nodes\": [\"node-1\", \"node-3\"], \"dryRun\": true}");
		JsonNode planned = awaitRollout(ApiClient.JSON.readTree(dry.body()).get("id").asString());
		assertThat(planned.get("status").asString()).isEqualTo("PLANNED");
		assertThat(planned.get("steps").get(0).get("plan").get("40-new.json").asString()).isEqualTo("create");
		assertThat(n1.etc.resolve("40-new.json")).doesNotExist();
		HttpResponse<String> ok = hub().post("/api/v1/fleet/rollouts",
				"{\"directory\": \"highest\", \"desired\": " + DESIRED + ", \"nodes\": [\"node-1\", \"node-3\"]}");
		JsonNode succeeded = awaitRollout(ApiClient.JSON.readTree(ok.body()).get("id").asString());
		assertThat(succeeded.get("status").asString()).as(succeeded.toString()).isEqualTo("SUCCEEDED");
		assertThat(n1.etc.resolve("40-new.json")).exists();
		assertThat(n3.etc.resolve("20-always.json")).doesNotExist();
		assertThat(Files.readString(n3.etc.resolve("10-gpu.json"))).contains("rolled-out");
		refresh();
		JsonNode drift = hub().getJson("/api/v1/fleet/drift");
		JsonNode row = row(drift, "40-new.json");
		assertThat(row.get("cells").toString()).contains("SAME", "MISSING");

		// The same set as a MachineConfig, taken from node-1 as the template.
		HttpResponse<String> mc = hub().post("/api/v1/fleet/machine-config", "{\"template\": \"node-1\"}");
		assertThat(mc.statusCode()).as(mc.body()).isEqualTo(200);
		JsonNode files = ApiClient.JSON.readTree(mc.body()).get("spec").get("config").get("storage").get("files");
		assertThat(files.size()).isEqualTo(2);
		assertThat(files.get(0).get("path").asString()).isEqualTo("/etc/containers/oci/hooks.d/10-gpu.json");
		assertThat(files.get(0).get("mode").asInt()).isEqualTo(0644);
	}

	/**
	 * A signed-in browser session (form login, CSRF tokens, cookies), as the dashboard is
	 * used.
	 */
	final class Browser {

		final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
			.cookieHandler(new java.net.CookieManager())
			.build();

		HttpResponse<String> get(String path) throws Exception {
			return this.http
				.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
					.build(), HttpResponse.BodyHandlers.ofString());
		}

		HttpResponse<String> post(String path, String csrfFrom, java.util.Map<String, String> form) throws Exception {
			java.util.Map<String, String> all = new java.util.LinkedHashMap<>(form);
			java.util.regex.Matcher m = java.util.regex.Pattern
				.compile("<input[^>]*name=\"_csrf\"[^>]*value=\"([^\"]+)\"")
				.matcher(csrfFrom);
			assertThat(m.find()).as("CSRF token").isTrue();
			all.put("_csrf", m.group(1));
			String body = all.entrySet()
				.stream()
				.map(e -> java.net.URLEncoder.encode(e.getKey(), java.nio.charset.StandardCharsets.UTF_8) + "="
						+ java.net.URLEncoder.encode(e.getValue(), java.nio.charset.StandardCharsets.UTF_8))
				.collect(java.util.stream.Collectors.joining("&"));
			return this.http
				.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.ofString());
		}

		Browser signIn(String user, String password) throws Exception {
			HttpResponse<String> r = post("/login", get("/login").body(),
					java.util.Map.of("username", user, "password", password));
			assertThat(r.statusCode()).isEqualTo(302);
			assertThat(r.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
			return this;
		}

	}

	@Test
	@Order(4)
	void pagesShowDriftPreviewAndRollouts() throws Exception {
		refresh();
		Browser viewer = new Browser().signIn("viewer", "viewer-pw");
		HttpResponse<String> page = viewer.get("/fleet");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("Drift", "node-1", "node-2", "node-3", "40-new.json", "drift-cell--missing",
				"drift-cell--same", "href=\"/fleet\"");
		HttpResponse<String> form = viewer.get("/fleet/preview");
		assertThat(form.statusCode()).isEqualTo(200);
		HttpResponse<String> preview = viewer.post("/fleet/preview", form.body(), java.util.Map.of("config",
				"{\"process\": {\"args\": [\"/bin/sh\"]}, \"annotations\": {\"com.example.gpu\": \"true\"}}"));
		assertThat(preview.statusCode()).isEqualTo(200);
		assertThat(preview.body()).contains("createRuntime", "rolled-out", "exit 0");
		HttpResponse<String> bad = viewer.post("/fleet/preview", form.body(), java.util.Map.of("config", "{"));
		assertThat(bad.body()).contains("field-error");
		String id = hub().getJson("/api/v1/fleet/rollouts").get(0).get("id").asString();
		HttpResponse<String> rollout = viewer.get("/fleet/rollouts/" + id);
		assertThat(rollout.statusCode()).isEqualTo(200);
		assertThat(rollout.body()).contains("succeeded", "node-1", "verify");
	}

	@Test
	@Order(5)
	void driftMatrixInABrowserFitsAPhoneAndScrollsInItsCard() throws Exception {
		Path chromium = Path.of("/usr/bin/chromium");
		Path chromedriver = Path.of("/usr/bin/chromedriver");
		org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(chromium) && Files.isExecutable(chromedriver),
				"Browser check of /fleet needs /usr/bin/chromium and /usr/bin/chromedriver; skipped");
		// A node whose runtime refuses every container, so that the page shows it at the
		// top.
		Files.writeString(nodes.get(2).etc.resolve("05-broken.json"), "{\"version\": \"1.0.0\", \"hook\": 7}");
		node(nodes.get(2)).post("/api/v1/reload", "");
		refresh();
		System.setProperty("SE_AVOID_STATS", "true");
		Path profile = Files.createTempDirectory("fleet-it-chromium");
		org.openqa.selenium.chrome.ChromeOptions options = new org.openqa.selenium.chrome.ChromeOptions();
		options.setBinary(chromium.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--user-data-dir=" + profile, "--window-size=1400,900");
		org.openqa.selenium.chrome.ChromeDriverService service = new org.openqa.selenium.chrome.ChromeDriverService.Builder()
			.usingDriverExecutable(chromedriver.toFile())
			.usingAnyFreePort()
			.build();
		org.openqa.selenium.chrome.ChromeDriver browser = new org.openqa.selenium.chrome.ChromeDriver(service, options);
		try {
			String base = "http://127.0.0.1:" + this.port;
			browser.get(base + "/fleet");
			browser.findElement(org.openqa.selenium.By.id("username")).sendKeys("viewer");
			browser.findElement(org.openqa.selenium.By.id("password")).sendKeys("viewer-pw");
			browser.findElement(org.openqa.selenium.By.cssSelector("form.form button[type=submit]")).click();
			new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10))
				.until(d -> !d.getCurrentUrl().contains("/login"));
			browser.get(base + "/fleet");
			String alert = browser.findElement(org.openqa.selenium.By.cssSelector(".alert--error")).getText();
			assertThat(alert).contains("refuse every container", "node-3", "05-broken.json");
			assertThat(browser.findElements(org.openqa.selenium.By.cssSelector(".drift__table tbody tr")).size())
				.isGreaterThanOrEqualTo(3);
			Object height = browser.executeScript("return document.documentElement.scrollHeight;");
			browser.manage()
				.window()
				.setSize(new org.openqa.selenium.Dimension(1400,
						Math.min(3000, Math.max(900, ((Number) height).intValue()))));
			Path shots = Path.of("target", "screenshots");
			Files.createDirectories(shots);
			Files.copy(browser.getScreenshotAs(org.openqa.selenium.OutputType.FILE).toPath(),
					shots.resolve("fleet-drift.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			// 390 px: the page does not scroll sideways; the matrix scrolls inside its
			// card.
			browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
			browser.get(base + "/fleet");
			Object pageOverflow = browser
				.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
			assertThat(((Number) pageOverflow).intValue()).as("page overflow at 390 px").isLessThanOrEqualTo(1);
			Object cardRight = browser
				.executeScript("return document.querySelector('.drift').getBoundingClientRect().right;");
			assertThat(((Number) cardRight).doubleValue()).isLessThanOrEqualTo(391);
			Files.copy(browser.getScreenshotAs(org.openqa.selenium.OutputType.FILE).toPath(),
					shots.resolve("fleet-drift-phone.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			// Dark mode: the matrix's colours (same, different, missing, broken) stay
			// readable.
			ColourContrast.emulate(browser, "dark");
			browser.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 900));
			browser.get(base + "/fleet");
			assertThat(ColourContrast.luminance(ColourContrast.computed(browser, "body", "background-color")))
				.isLessThan(0.05);
			List<ColourContrast.Sample> dark = ColourContrast.samples(browser,
					ColourContrast.TEXT + ", .drift__label, .drift__count, .drift__name code");
			assertThat(dark).anyMatch((sample) -> sample.element().contains("drift-cell--different"))
				.anyMatch((sample) -> sample.element().contains("drift-cell--same"));
			assertThat(dark).as("text under 4.5:1 on /fleet in dark mode")
				.filteredOn((sample) -> sample.ratio() < 4.5)
				.isEmpty();
			Files.copy(browser.getScreenshotAs(org.openqa.selenium.OutputType.FILE).toPath(),
					shots.resolve("fleet-drift-dark.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		}
		finally {
			browser.quit();
			Files.delete(nodes.get(2).etc.resolve("05-broken.json"));
			node(nodes.get(2)).post("/api/v1/reload", "");
		}
	}

	@Test
	@Order(9)
	void aNodeStoppedMidwayIsMarkedUnreachable() throws Exception {
		refresh();
		nodes.get(2).stop();
		long t0 = System.nanoTime();
		JsonNode round = refresh();
		long tookMillis = (System.nanoTime() - t0) / 1_000_000;
		assertThat(round.get("failed").asInt()).isEqualTo(1);
		assertThat(tookMillis).as("the round must not wait longer than the timeout on any one node").isLessThan(10_000);
		JsonNode list = hub().getJson("/api/v1/fleet/nodes");
		JsonNode stopped = null;
		for (JsonNode n : list.get("nodes")) {
			if (n.get("name").asString().equals("node-3")) {
				stopped = n;
			}
			else {
				assertThat(n.get("status").asString()).isEqualTo("REACHABLE");
			}
		}
		assertThat(stopped).isNotNull();
		assertThat(stopped.get("status").asString()).isEqualTo("UNREACHABLE");
		assertThat(stopped.get("lastSeen").isNull()).isFalse();
		assertThat(stopped.get("error").asString()).isNotBlank();
		// Its last known state stays visible.
		assertThat(stopped.get("setHash").asString()).hasSize(64);
		assertThat(hub().getJson("/api/v1/fleet/drift").get("unreachable").toString()).contains("node-3");
	}

}
