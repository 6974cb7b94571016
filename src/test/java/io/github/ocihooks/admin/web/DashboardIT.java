package io.github.ocihooks.admin.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.ocihooks.admin.directories.DirectoryIds;
import io.github.ocihooks.admin.support.ColourContrast;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real browser: the machine's Chromium, driven through its
 * chromedriver (nothing is downloaded). The tests run in order on one signed-in browser,
 * like a person working through the pages, and save a screenshot of each page under
 * {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final String PASSWORD = "browser-secret";

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	@TempDir
	static Path root;

	static ChromeDriver browser;

	static Path profile;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		Path vendor = Files.createDirectories(root.resolve("vendor"));
		Path etc = Files.createDirectories(root.resolve("etc"));
		Files.writeString(vendor.resolve("10-base.json"), hook("/bin/true", "\"always\": true", "prestart"));
		Files.writeString(vendor.resolve("gpu.json"),
				hook("/bin/true", "\"annotations\": {\"^com\\\\.example\\\\.gpu$\": \"^true$\"}", "createRuntime"));
		Files.writeString(vendor.resolve("masked.json"), hook("/bin/true", "\"always\": true", "poststart"));
		Files.writeString(etc.resolve("masked.json"), hook("/bin/sh", "\"always\": true", "poststart"));
		// Not even JSON: the runtime refuses every container until it is fixed or
		// removed.
		Files.writeString(etc.resolve("bad.json"),
				"{\n  \"version\": \"1.0.0\",\n  \"hook\": {\"path\": \"/bin/true\"\n");
		registry.add("hooks.directories[0]", vendor::toString);
		registry.add("hooks.directories[1]", etc::toString);
		registry.add("hooks.admin.password", () -> PASSWORD);
		// For the precreate test: the admin may run matched precreate hooks from the
		// preview page.
		registry.add("hooks.precreate.execution-enabled", () -> "true");
	}

	private static String hook(String path, String when, String stage) {
		return "{\n  \"version\": \"1.0.0\",\n  \"hook\": {\"path\": \"" + path + "\"},\n  \"when\": {" + when
				+ "},\n  \"stages\": [\"" + stage + "\"]\n}\n";
	}

	@BeforeAll
	static void startBrowser() throws IOException {
		assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"Browser tests need /usr/bin/chromium and /usr/bin/chromedriver "
						+ "(Debian: apt-get install chromium chromium-driver); skipping them");
		System.setProperty("SE_AVOID_STATS", "true");
		profile = Files.createTempDirectory("dashboard-it-chromium");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--user-data-dir=" + profile, "--window-size=1280,900");
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(CHROMEDRIVER.toString()))
			.usingAnyFreePort()
			.build();
		browser = new ChromeDriver(service, options);
		browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
		Files.createDirectories(SCREENSHOTS);
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	private static String id(String directory) {
		List<String> ids = DirectoryIds.of(List.of(root.resolve("vendor").toString(), root.resolve("etc").toString()));
		return directory.equals("vendor") ? ids.get(0) : ids.get(1);
	}

	private WebDriverWait waiting() {
		return new WebDriverWait(browser, Duration.ofSeconds(10));
	}

	private void open(String path) {
		browser.get(url(path));
		if (browser.getCurrentUrl().contains("/login")) {
			browser.findElement(By.id("username")).sendKeys("admin");
			browser.findElement(By.id("password")).sendKeys(PASSWORD);
			browser.findElement(By.cssSelector("form.form button[type=submit]")).click();
			waiting().until(d -> !d.getCurrentUrl().contains("/login"));
			browser.get(url(path));
		}
	}

	private WebElement find(String css) {
		return browser.findElement(By.cssSelector(css));
	}

	private List<String> texts(String css) {
		return browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
	}

	/** The whole page (up to 4000 px high) as a PNG. */
	private static void screenshot(String name) throws IOException {
		Object height = ((JavascriptExecutor) browser)
			.executeScript("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight);");
		int h = Math.min(4000, Math.max(900, ((Number) height).intValue()));
		browser.manage().window().setSize(new Dimension(1280, h));
		try {
			File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
			Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
		}
		finally {
			browser.manage().window().setSize(new Dimension(1280, 900));
		}
	}

	@Test
	@Order(1)
	void signInAndSeeTheOverview() throws IOException {
		browser.get(url("/"));
		assertThat(browser.getCurrentUrl()).endsWith("/login");
		open("/");
		assertThat(find("h1").getText()).isEqualTo("Overview");
		assertThat(find(".site-header").getText()).contains("admin");
		assertThat(texts(".directory__path")).containsExactly(root.resolve("vendor").toString(),
				root.resolve("etc").toString());
		WebElement banner = find("[data-runtime-error]");
		assertThat(banner.getText()).contains("refuses every container", "bad.json");
		assertThat(find("[data-count=active]").getText()).isEqualTo("3");
		assertThat(find("[data-count=masked]").getText()).isEqualTo("1");
		assertThat(find("[data-count=invalid]").getText()).isEqualTo("1");
		// The runtime card: hooks.directories is set, so one custom profile, refusing
		// every container over bad.json.
		WebElement card = find("[data-runtimes] [data-runtime=custom]");
		assertThat(card.getAttribute("data-verdict")).isEqualTo("REFUSES_EVERY_CONTAINER");
		assertThat(card.findElement(By.cssSelector("[data-verdict]")).getText()).isEqualTo("refuses every container");
		assertThat(card.getText()).contains("bad.json", "MERGED", root.resolve("vendor").toString(),
				root.resolve("etc").toString(), "hooks.directories");
		assertThat(card.findElement(By.cssSelector("[data-verdict]")).getCssValue("background-color"))
			.isNotEqualTo(find("[data-count=active]").getCssValue("background-color"));
		screenshot("overview.png");
	}

	@Test
	@Order(2)
	void filterAndSortTheHooksTable() throws IOException {
		open("/hooks");
		assertThat(texts("[data-hooks-table] tbody td.name a")).containsExactly("10-base.json", "gpu.json",
				"masked.json", "masked.json", "bad.json");
		assertThat(texts("[data-hooks-table] tbody td.order")).startsWith("1", "2", "3");
		screenshot("hooks.png");

		new Select(find("#filter-status")).selectByValue("masked");
		waiting().until(ExpectedConditions.urlContains("status=masked"));
		assertThat(texts("[data-hooks-table] tbody td.name a")).containsExactly("masked.json");
		assertThat(texts("[data-hooks-table] tbody td.directory-cell"))
			.containsExactly(root.resolve("vendor").toString());

		open("/hooks?q=gpu");
		assertThat(texts("[data-hooks-table] tbody td.name a")).containsExactly("gpu.json");

		open("/hooks?sort=name&dir=desc");
		assertThat(texts("[data-hooks-table] tbody td.name a")).first().isEqualTo("masked.json");
		assertThat(find("th[aria-sort=descending]").getText()).containsIgnoringCase("name");
	}

	@Test
	@Order(3)
	void openAHookWithItsProblemsAndTheFileItIsMaskedBy() throws IOException {
		open("/hooks");
		browser.findElement(By.linkText("bad.json")).click();
		assertThat(find("h1").getText()).isEqualTo("bad.json");
		assertThat(find("[data-status]").getText()).isEqualTo("invalid");
		assertThat(find("[data-source]").getText()).contains("\"version\": \"1.0.0\"");

		open("/hooks/" + id("vendor") + "/masked.json");
		assertThat(find("[data-status]").getText()).isEqualTo("masked");
		assertThat(find(".related").getText()).contains("Masked by", root.resolve("etc/masked.json").toString());
		// From the masking file to this one.
		assertThat(texts(".related .diff__remove")).anySatisfy(l -> assertThat(l).contains("/bin/sh"));
		assertThat(texts(".related .diff__add")).anySatisfy(l -> assertThat(l).contains("/bin/true"));
		screenshot("detail.png");
	}

	@Test
	@Order(3)
	void aRefusedContainersPreviewListsNoInjectedHooks() {
		// bad.json (deleted in the next test) makes the runtime refuse every container.
		open("/preview?sample=shell");
		find("[data-preview-submit]").click();
		waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-preview-result]")));
		assertThat(find("[data-preview-result] [data-runtime-error]").getText()).contains("refuse");
		assertThat(find("[data-preview-result]").getText()).doesNotContain("Injected hooks by stage");
		assertThat(browser.findElements(By.cssSelector("[data-stage] [data-injected-file]"))).isEmpty();
		assertThat(find("[data-no-injection]").getText()).contains("refuses this container");
	}

	@Test
	@Order(4)
	void deleteWithConfirmation() {
		open("/hooks/" + id("etc") + "/bad.json");
		browser.findElement(By.linkText("Delete…")).click();
		assertThat(find("h1").getText()).contains("bad.json");
		assertThat(find("[data-replacement]").getText()).contains("Nothing");
		assertThat(find(".card").getText()).contains(root.resolve("etc/bad.json").toString(), "refuse every container");
		find("[data-confirm-delete]").click();
		waiting().until(ExpectedConditions.urlMatches(".*/hooks$"));
		assertThat(find(".flash").getText()).contains("Deleted bad.json");
		assertThat(Files.exists(root.resolve("etc/bad.json"))).isFalse();
		open("/");
		assertThat(browser.findElements(By.cssSelector("[data-runtime-error]"))).isEmpty();
		assertThat(find("[data-runtime-ok]").getText()).contains("can load every hook directory");
	}

	@Test
	@Order(5)
	void collisionsShowTheSameNameInTwoDirectories() throws IOException {
		open("/collisions");
		assertThat(find("#same-name-heading").isDisplayed()).isTrue();
		assertThat(find("body").getText()).contains("masked.json", "The highest-precedence directory wins");
		screenshot("collisions.png");
	}

	@Test
	@Order(6)
	void previewAGpuContainerAndReadTheInjectedOrder() throws IOException {
		open("/preview");
		browser.findElement(By.linkText("GPU annotation")).click();
		assertThat(find("#config").getAttribute("value")).contains("com.example.gpu");
		find("[data-preview-submit]").click();
		waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-preview-result]")));
		assertThat(browser.findElements(By.cssSelector("[data-preview-result] [data-runtime-error]"))).isEmpty();
		assertThat(texts("[data-stage=createRuntime] [data-injected-file]")).containsExactly("10-base.json",
				"gpu.json");
		assertThat(texts("[data-stage=poststart] [data-injected-file]")).containsExactly("masked.json");
		assertThat(find("#hooks-json").getText()).contains("\"createRuntime\"", "/bin/true");
		assertThat(find(".inputs").getText()).contains("com.example.gpu=true").containsIgnoringCase("config");
		// The runtime selector and every runtime side by side (with hooks.directories
		// set: the custom profile).
		assertThat(browser.findElements(By.cssSelector("[data-profile-select] option")))
			.extracting(o -> o.getAttribute("value"))
			.containsExactly("", "custom");
		WebElement column = find("[data-side-by-side] [data-runtime-column=custom]");
		assertThat(column.getText()).contains("custom", "createRuntime: 2", "poststart: 1");
		screenshot("preview.png");

		// The link to this preview, with a button that copies it; opening it shows the
		// same hooks again.
		WebElement copy = find("[data-copy-link]");
		assertThat(copy.isDisplayed()).isTrue();
		String link = find("[data-share-link]").getAttribute("href");
		assertThat(link).isEqualTo(url("/preview?sample=gpu&bindMounts=auto"));
		browser.executeCdpCommand("Browser.grantPermissions", java.util.Map.of("origin", url(""), "permissions",
				List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
		copy.click();
		waiting().until(ExpectedConditions.textToBePresentInElement(copy, "Copied"));
		assertThat(((JavascriptExecutor) browser)
			.executeAsyncScript("navigator.clipboard.readText().then(arguments[arguments.length - 1]);"))
			.isEqualTo(link);
		browser.get(link);
		assertThat(texts("[data-stage=createRuntime] [data-injected-file]")).containsExactly("10-base.json",
				"gpu.json");
		assertThat(texts("[data-stage=poststart] [data-injected-file]")).containsExactly("masked.json");

		// The hook page now tells where it matches, against this session's last preview.
		open("/hooks/" + id("vendor") + "/gpu.json");
		assertThat(find("[data-match]").getText()).contains("matches");

		// A plain shell does not get the GPU hook, and the page says which condition
		// failed.
		open("/preview?sample=shell");
		find("[data-preview-submit]").click();
		waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-preview-result]")));
		assertThat(texts("[data-stage=createRuntime] [data-injected-file]")).containsExactly("10-base.json");
		assertThat(find("[data-preview-result]").getText()).contains("gpu.json", "annotations");
	}

	@Test
	@Order(7)
	void createAHookThroughTheFormAfterAValidationError() throws IOException {
		open("/hooks/new");
		find("#name").sendKeys("30-new.json");
		find("#path").sendKeys("/nonexistent/oci-hook");
		find("#args").sendKeys("oci-hook\nprestart");
		find("#timeout").sendKeys("10");
		find("[data-save]").click();
		waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-validation-errors]")));
		assertThat(find("[data-validation]").getText()).contains("/nonexistent/oci-hook");
		assertThat(find("#path").getAttribute("aria-invalid")).isEqualTo("true");
		assertThat(Files.exists(root.resolve("etc/30-new.json"))).isFalse();
		screenshot("editor.png");

		WebElement path = find("#path");
		path.clear();
		path.sendKeys("/bin/true");
		find("[data-save]").click();
		waiting().until(ExpectedConditions.urlContains("/hooks/" + id("etc") + "/30-new.json"));
		assertThat(find(".flash").getText()).contains("Created 30-new.json");
		assertThat(Files.readString(root.resolve("etc/30-new.json"))).contains("\"/bin/true\"", "\"timeout\": 10");
		assertThat(find("[data-status]").getText()).isEqualTo("active");
	}

	@Test
	@Order(8)
	void saveWithAStaleEtagShowsTheConflict() throws IOException {
		open("/hooks/" + id("etc") + "/30-new.json/edit");
		assertThat(find("#path").getAttribute("value")).isEqualTo("/bin/true");
		// Someone changes the file on disk while the editor is open.
		Files.writeString(root.resolve("etc/30-new.json"), hook("/bin/sh", "\"always\": true", "poststop"));
		WebElement timeout = find("#timeout");
		timeout.clear();
		timeout.sendKeys("20");
		find("[data-save]").click();
		waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-conflict]")));
		assertThat(find("[data-conflict]").getText()).contains("changed on disk since you opened it", "/bin/sh");
		assertThat(find("#timeout").getAttribute("value")).isEqualTo("20");
		assertThat(Files.readString(root.resolve("etc/30-new.json"))).contains("/bin/sh");

		// Saving again, knowingly, replaces it.
		find("[data-save]").click();
		waiting().until(ExpectedConditions.urlMatches(".*/hooks/[^/]+/30-new\\.json$"));
		assertThat(Files.readString(root.resolve("etc/30-new.json"))).contains("\"timeout\": 20");

		// The service's own save is no change "on disk" and makes one snapshot: the
		// watcher, seeing the file again
		// after the debounce, finds nothing new.
		String generation = find("body").getAttribute("data-generation");
		sleep(1500);
		assertThat(find("[data-live-region]").getText()).doesNotContain("changed on disk").doesNotContain("Reload");
		open("/hooks/" + id("etc") + "/30-new.json");
		assertThat(find("body").getAttribute("data-generation")).isEqualTo(generation);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	@Order(9)
	void theOverviewUpdatesLiveWhenFilesChangeOnDisk() throws IOException {
		open("/");
		String before = find("[data-count=active]").getText();
		assertThat(browser.findElements(By.cssSelector("[data-runtime-error]"))).isEmpty();
		// A broken file appears: the page shows the new verdict only, with the new
		// snapshot's number.
		Files.writeString(root.resolve("etc/live-bad.json"), "{ not json");
		waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-runtime-error]")));
		assertThat(browser.findElements(By.cssSelector("[data-runtime-ok]"))).isEmpty();
		assertThat(find("[data-runtime-error]").getText()).contains("live-bad.json");
		assertThat(find("[data-snapshot-meta]").getText()).contains(find("body").getAttribute("data-generation"));
		Files.delete(root.resolve("etc/live-bad.json"));
		waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-runtime-ok]")));
		assertThat(browser.findElements(By.cssSelector("[data-runtime-error]"))).isEmpty();

		Files.writeString(root.resolve("etc/live.json"), hook("/bin/true", "\"always\": true", "poststart"));
		waiting().until(d -> !d.findElement(By.cssSelector("[data-count=active]")).getText().equals(before));
		assertThat(Integer.parseInt(find("[data-count=active]").getText())).isEqualTo(Integer.parseInt(before) + 1);
		assertThat(find("[data-live-region]").getText()).contains("Updated to snapshot");
		assertThat(texts("main h2")).doesNotHaveDuplicates();
	}

	@Test
	@Order(9)
	void unknownAddressesShowTheProjectsOwnErrorPageWithTheFullHeader() {
		open("/no-such-page");
		assertThat(find("h1").getText()).isEqualTo("Not Found");
		assertThat(find("body").getText()).doesNotContain("Whitelabel").contains("There is no page at this address");
		assertThat(texts(".site-nav a")).contains("Overview", "Hooks", "Preview");
		// An encoded slash is refused by the server before the application: still a page,
		// not JSON.
		open("/hooks/" + id("etc") + "/..%2F..%2Fpasswd.json");
		assertThat(find("h1").getText()).isEqualTo("Bad Request");
		assertThat(texts(".site-nav a")).contains("Overview", "Hooks", "Preview");
		assertThat(find("body").getText()).doesNotContain("\"status\"");
		// A deleted file's page links to its history.
		open("/hooks/" + id("etc") + "/bad.json");
		assertThat(find("[data-history-link] a").getAttribute("href")).contains("/history?directory=", "name=bad.json");
	}

	/**
	 * Reads the clipboard in the page (clipboard permission granted through CDP), as JSON
	 * so that carriage returns survive the trip back.
	 */
	private static String clipboard() {
		Object json = ((JavascriptExecutor) browser).executeAsyncScript("var done = arguments[arguments.length - 1];"
				+ "(window.realClipboard || navigator.clipboard).readText()"
				+ ".then(function (t) { done(JSON.stringify(t)); }, function (e) { done(JSON.stringify('read failed: ' + e)); });");
		return JsonMapper.builder().build().readValue(String.valueOf(json), String.class);
	}

	private void allowTheClipboard() {
		browser.executeCdpCommand("Browser.grantPermissions",
				Map.of("origin", url(""), "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
	}

	/** Clicks a Copy button and waits for it to say so. */
	private void copy(String id) {
		WebElement button = find("[data-copy=" + id + "]");
		assertThat(button.isDisplayed()).isTrue();
		button.click();
		waiting().until(d -> "true".equals(button.getAttribute("data-copied")));
		assertThat(button.getText()).isEqualTo("Copied");
		// It says so briefly, then offers to copy again.
		waiting().until(d -> button.getText().equals("Copy"));
	}

	@Test
	@Order(9)
	void copyButtonsCopyTheExactTextAlsoWithoutTheAsyncClipboard() throws IOException {
		// A file as someone else wrote it: a leading blank line, CRLF line ends, no final
		// newline.
		String theirs = "\n{\r\n  \"version\": \"1.0.0\",\r\n  \"hook\": {\"path\": \"/bin/true\"},\r\n"
				+ "  \"when\": {\"always\": true},\r\n  \"stages\": [\"poststop\"]\r\n}";
		Files.writeString(root.resolve("etc/crlf.json"), theirs);
		String page = "/hooks/" + id("etc") + "/crlf.json";
		waiting().until(d -> {
			open(page);
			return !d.findElements(By.cssSelector("[data-source]")).isEmpty();
		});
		allowTheClipboard();
		copy("raw-text");
		assertThat(clipboard()).isEqualTo(theirs);
		assertThat(find("[data-live-region]").getText()).contains("Copied");

		// No secure context (plain HTTP to another host): the selection is copied
		// instead.
		open("/hooks/" + id("etc") + "/30-new.json");
		((JavascriptExecutor) browser).executeScript("window.realClipboard = navigator.clipboard;"
				+ "Object.defineProperty(navigator, 'clipboard', {value: undefined, configurable: true});");
		copy("raw-text");
		assertThat(clipboard()).isEqualTo(Files.readString(root.resolve("etc/30-new.json")));

		// The preview's hooks JSON, as shown.
		open("/preview?sample=gpu");
		find("[data-preview-submit]").click();
		waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-preview-result]")));
		copy("hooks-json");
		assertThat(clipboard()).isEqualTo(find("#hooks-json").getAttribute("textContent")).contains("createRuntime");
		assertThat(find("[data-live-region]").getText()).contains("Copied the hooks JSON");

		// Without JavaScript the button is not there to be pressed; the text still is.
		browser.executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", true));
		try {
			open(page);
			assertThat(find("[data-copy=raw-text]").isDisplayed()).isFalse();
			assertThat(find("[data-source]").getText()).contains("\"version\": \"1.0.0\"");
		}
		finally {
			browser.executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", false));
		}
	}

	@Test
	@Order(9)
	void viewAKeptVersionWholeAndCopyIt() throws IOException {
		// The editor's save in the stale-ETag test replaced the /bin/sh content written
		// on disk.
		String replaced = hook("/bin/sh", "\"always\": true", "poststop");
		open("/history?directory=" + id("etc") + "&name=30-new.json");
		List<WebElement> links = browser.findElements(By.cssSelector("[data-version-link]"));
		assertThat(links).isNotEmpty();
		links.get(links.size() - 1).click();
		waiting().until(ExpectedConditions.urlContains("/history/version?"));
		assertThat(find("h1").getText()).startsWith("Version of 30-new.json saved").endsWith("UTC");
		assertThat(texts("[data-source] .source__number")).containsExactly("1", "2", "3", "4", "5", "6");
		assertThat(browser.findElements(By.cssSelector("[data-source] .source__text")))
			.extracting(e -> e.getAttribute("textContent"))
			.containsExactly(replaced.split("\n"));
		assertThat(find("[data-replaced-by]").getText()).contains("update", "admin");
		assertThat(find("[data-now]").getText()).contains("other content");
		assertThat(find("form.inline-form").getAttribute("data-confirm"))
			.matches("Restore 30-new.json to the version saved \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC\\? "
					+ "The current content is kept in the history.");
		screenshot("version.png");

		// What the script hands to the clipboard, seen by standing in for it.
		((JavascriptExecutor) browser).executeScript("window.copied = null;"
				+ "navigator.clipboard.writeText = function (text) { window.copied = text; return Promise.resolve(); };");
		copy("version-text");
		assertThat(((JavascriptExecutor) browser).executeScript("return window.copied;")).isEqualTo(replaced);
		find("[data-history-link]").click();
		waiting().until(ExpectedConditions.urlContains("/history?"));
	}

	@Test
	@Order(9)
	void filterAndPageTheAuditLog() throws IOException {
		// The state directory is shared with other runs: this run's directory keeps to
		// this run's entries.
		open("/audit?directory=" + id("etc"));
		assertThat(texts("[data-audit-table] tbody td:nth-child(5)"))
			.allSatisfy(file -> assertThat(file).startsWith(root.resolve("etc").toString()));
		new Select(find("#audit-action")).selectByValue("update");
		waiting().until(ExpectedConditions.urlContains("action=update"));
		assertThat(browser.getCurrentUrl()).contains("directory=" + id("etc"));
		List<String> updates = texts("[data-audit-table] [data-action]");
		assertThat(updates).hasSizeGreaterThanOrEqualTo(2).containsOnly("update");
		assertThat(new Select(find("#audit-directory")).getFirstSelectedOption().getAttribute("value"))
			.isEqualTo(id("etc"));
		screenshot("audit.png");

		// One entry a page: the links go back in time and forward again, keeping the
		// filter.
		open("/audit?directory=" + id("etc") + "&action=update&limit=1");
		String newest = find("[data-audit-table] tbody tr").getAttribute("data-seq");
		assertThat(browser.findElements(By.cssSelector("[data-newer]"))).isEmpty();
		find("[data-older]").click();
		waiting().until(ExpectedConditions.urlContains("before=" + newest));
		assertThat(browser.getCurrentUrl()).contains("action=update", "limit=1", "directory=");
		String older = find("[data-audit-table] tbody tr").getAttribute("data-seq");
		assertThat(Long.parseLong(older)).isLessThan(Long.parseLong(newest));
		assertThat(texts("[data-audit-table] [data-action]")).containsExactly("update");
		find("[data-newer]").click();
		waiting().until(ExpectedConditions.urlContains("after=" + older));
		assertThat(find("[data-audit-table] tbody tr").getAttribute("data-seq")).isEqualTo(newest);
	}

	/** The page of the oldest kept version of 30-new.json. */
	private String versionPage() {
		open("/history?directory=" + id("etc") + "&name=30-new.json");
		List<WebElement> links = browser.findElements(By.cssSelector("[data-version-link]"));
		String href = links.get(links.size() - 1).getAttribute("href");
		return href.substring(href.indexOf("/history/version"));
	}

	@Test
	@Order(10)
	void pagesFitAPhoneScreen() throws IOException {
		browser.manage().window().setSize(new Dimension(390, 844));
		try {
			String file = "/hooks/" + id("etc") + "/30-new.json";
			for (String path : List.of("/", "/hooks", "/preview", "/preview?sample=gpu", "/collisions", file,
					file + "/edit", file + "/delete", "/hooks/new",
					"/history?directory=" + id("etc") + "&name=30-new.json", versionPage(), "/audit",
					"/audit?action=update&limit=1&before=999999999", "/no-such-page",
					"/hooks/" + id("etc") + "/gone.json")) {
				open(path);
				Object overflow = ((JavascriptExecutor) browser)
					.executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
				Object culprits = ((JavascriptExecutor) browser)
					.executeScript("var w = document.documentElement.clientWidth, out = [];"
							+ "document.querySelectorAll('body *').forEach(function (e) {"
							+ " var r = e.getBoundingClientRect();"
							+ " if (r.right > w + 1 && !e.closest('.table-wrap')) out.push(e.tagName + '.' + e.className + ' ' + Math.round(r.right)); });"
							+ "return out.slice(0, 8).join(', ');");
				assertThat(((Number) overflow).intValue()).as("horizontal overflow of %s at 390 px: %s", path, culprits)
					.isLessThanOrEqualTo(1);
			}
			open("/");
			File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
			Files.copy(shot.toPath(), SCREENSHOTS.resolve("overview-phone.png"), StandardCopyOption.REPLACE_EXISTING);
		}
		finally {
			browser.manage().window().setSize(new Dimension(1280, 900));
		}
	}

	@Test
	@Order(11)
	void uploadAConfigAndRunAPrecreateHook() throws IOException {
		// A precreate hook as podman runs them: config JSON on stdin, the changed config
		// on stdout. No PATH is set.
		Path script = root.resolve("set-hostname.sh");
		Files.writeString(script, "#!/bin/sh\nexec /bin/sed '1s/^{/{\"hostname\": \"from-precreate\", /'\n");
		assertThat(script.toFile().setExecutable(true)).isTrue();
		Path hookFile = root.resolve("etc/zz-precreate.json");
		Files.writeString(hookFile, "{\n  \"version\": \"1.0.0\",\n  \"hook\": {\"path\": \"" + script
				+ "\", \"args\": [\"" + script
				+ "\"], \"timeout\": 10},\n  \"when\": {\"always\": true},\n  \"stages\": [\"precreate\"]\n}\n");
		Path upload = root.resolve("upload-config.json");
		Files.writeString(upload, "{\"ociVersion\": \"1.0.2\", \"process\": {\"args\": [\"/usr/bin/nvidia-smi\"]}, "
				+ "\"annotations\": {\"com.example.gpu\": \"true\"}}");
		try {
			// The watcher has seen the new hook when the hooks page lists it.
			waiting().until(d -> {
				open("/hooks");
				return d.getPageSource().contains("zz-precreate.json");
			});
			open("/preview");
			find("#config").clear();
			find("#upload").sendKeys(upload.toAbsolutePath().toString());
			WebElement run = find("input[name=runPrecreate]");
			if (!run.isSelected()) {
				run.click();
			}
			find("[data-preview-submit]").click();
			waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-preview-result]")));

			// The uploaded config was the one previewed: its GPU annotation brings in
			// gpu.json.
			assertThat(texts("[data-stage=createRuntime] [data-injected-file]")).contains("gpu.json");
			assertThat(find("#config").getAttribute("value")).contains("nvidia-smi");
			// The precreate hook ran for real and changed the config.
			WebElement precreate = find("section.precreate");
			assertThat(precreate.findElement(By.xpath(".//dt[text()='Exit status']/following-sibling::dd")).getText())
				.isEqualTo("0");
			assertThat(precreate.getText()).doesNotContain("Timed out");
			// Its one change, and nothing else (the injected hooks' timeouts read back
			// equal).
			assertThat(texts("section.precreate .table tbody tr")).singleElement()
				.asString()
				.contains("add", "/hostname");
			assertThat(precreate.getText()).contains("Final config the runtime receives", "from-precreate");
			screenshot("preview-precreate.png");
		}
		finally {
			Files.deleteIfExists(hookFile);
		}
	}

	@Test
	@Order(12)
	void everyPageIsReadableInDarkModeAndUnchangedInLightMode() throws IOException {
		// A broken file, so that the overview shows the red verdict ("refuses every
		// container") too.
		Path broken = root.resolve("etc/zz-dark-broken.json");
		Files.writeString(broken, "{ not json");
		String file = "/hooks/" + id("etc") + "/30-new.json";
		List<String> pages = List.of("/", "/hooks", "/hooks/" + id("vendor") + "/masked.json",
				"/hooks/" + id("etc") + "/zz-dark-broken.json", file + "/edit", file + "/delete", "/hooks/new",
				"/collisions", "/preview?sample=gpu", "/history?directory=" + id("etc") + "&name=30-new.json", "/audit",
				"/fleet", "/no-such-page", "/hooks/" + id("etc") + "/..%2F..%2Fpasswd.json", "/login");
		try {
			waiting().until(d -> {
				open("/");
				return !d.findElements(By.cssSelector("[data-runtime-error]")).isEmpty();
			});
			ColourContrast.emulate(browser, "light");
			open("/");
			// Today's light look: the palette's light values are the colours before dark
			// mode.
			assertThat(ColourContrast.css(ColourContrast.computed(browser, "body", "background-color")))
				.isEqualTo("rgb(245, 247, 250)");
			assertThat(ColourContrast.css(ColourContrast.computed(browser, "body", "color")))
				.isEqualTo("rgb(28, 36, 48)");
			assertThat(ColourContrast.css(ColourContrast.computed(browser, ".site-header", "background-color")))
				.isEqualTo("rgb(17, 24, 39)");
			assertReadable(pages, "light");

			ColourContrast.emulate(browser, "dark");
			List<String> checked = assertReadable(pages, "dark");
			// The status colours were among them: red, amber and green verdicts, pills
			// and alerts.
			assertThat(checked).anyMatch((e) -> e.contains("verdict--refuses_every_container"))
				.anyMatch((e) -> e.contains("pill--invalid"))
				.anyMatch((e) -> e.contains("pill--active"))
				.anyMatch((e) -> e.contains("alert--error"))
				.anyMatch((e) -> e.contains("button--primary"));
			open("/");
			assertThat(find("[data-runtime-error]").getText()).contains("zz-dark-broken.json");
			screenshot("overview-dark.png");
		}
		finally {
			ColourContrast.emulate(browser, null);
			Files.deleteIfExists(broken);
		}
	}

	/**
	 * On each page: body text, verdicts, badges, alerts and buttons at least 4.5:1 on
	 * their backgrounds; in dark mode the body is dark.
	 */
	private List<String> assertReadable(List<String> pages, String scheme) {
		List<String> checked = new java.util.ArrayList<>();
		for (String path : pages) {
			if (path.equals("/login")) {
				browser.get(url(path));
			}
			else {
				open(path);
			}
			if (path.startsWith("/preview")) {
				find("[data-preview-submit]").click();
				waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-verdict]")));
			}
			double body = ColourContrast.luminance(ColourContrast.computed(browser, "body", "background-color"));
			if (scheme.equals("dark")) {
				assertThat(body).as("body background of %s in dark mode", path).isLessThan(0.05);
			}
			else {
				assertThat(body).as("body background of %s in light mode", path).isGreaterThan(0.8);
			}
			List<ColourContrast.Sample> samples = ColourContrast.samples(browser, ColourContrast.TEXT);
			assertThat(samples).as("text on %s", path).isNotEmpty();
			assertThat(samples).as("text under 4.5:1 on %s in %s mode", path, scheme)
				.filteredOn((sample) -> sample.ratio() < 4.5)
				.isEmpty();
			samples.forEach((sample) -> checked.add(sample.element()));
		}
		return checked;
	}

}
