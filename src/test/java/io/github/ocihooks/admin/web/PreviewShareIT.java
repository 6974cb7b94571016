package io.github.ocihooks.admin.web;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The preview page's share link, against a real server: a preview posted through the form
 * (CSRF token, multipart, as a browser sends it) offers a link whose GET answers with the
 * same injected hooks, without running precreate hooks; a config too large for a link and
 * wrong link parameters get the page with the reason, not a 414, 500 or stack trace.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "hooks.watch.mode=off")
class PreviewShareIT {

	private static final String PASSWORD = "share-secret";

	private static final Pattern CSRF_INPUT = Pattern.compile("<input[^>]*name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private static final Pattern SHARE_LINK = Pattern.compile("href=\"([^\"]+)\"[^>]*data-share-link");

	private static final Pattern INJECTED = Pattern
		.compile("data-stage=\"([^\"]+)\"|data-injected-file>([^<]+)<|data-runtime-column=\"([^\"]+)\"");

	private static final Pattern HOOKS_JSON = Pattern.compile("<pre class=\"code\" id=\"hooks-json\">([^<]*)</pre>");

	private static final Pattern FORM_ERROR = Pattern.compile("<p[^>]*id=\"form-error\"[^>]*>([^<]*)<");

	private static final Pattern INPUTS = Pattern.compile("<dl class=\"inputs\">.*?</dl>", Pattern.DOTALL);

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	private HttpClient browser;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		Path etc = Files.createDirectories(root.resolve("etc"));
		// A precreate hook that leaves a mark when it runs, and passes the config
		// through.
		Path script = root.resolve("mark.sh");
		Files.writeString(script, "#!/bin/sh\n/bin/touch " + root.resolve("precreate-ran") + "\nexec /bin/cat\n");
		assertThat(script.toFile().setExecutable(true)).isTrue();
		Files.writeString(etc.resolve("10-always.json"), hook("/bin/true", "\"always\": true", "prestart"));
		Files.writeString(etc.resolve("20-gpu.json"),
				hook("/bin/true", "\"annotations\": {\"^com\\\\.example\\\\.gpu$\": \"^true$\"}", "createRuntime"));
		Files.writeString(etc.resolve("30-bind.json"), hook("/bin/true", "\"hasBindMounts\": true", "poststart"));
		Files.writeString(etc.resolve("40-precreate.json"), hook(script.toString(), "\"always\": true", "precreate"));
		registry.add("hooks.directories[0]", etc::toString);
		registry.add("hooks.state-dir", () -> root.resolve("state").toString());
		registry.add("hooks.admin.password", () -> "{noop}" + PASSWORD);
		registry.add("hooks.precreate.execution-enabled", () -> "true");
	}

	private static String hook(String path, String when, String stage) {
		return "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"" + path + "\", \"timeout\": 10}, \"when\": {" + when
				+ "}, \"stages\": [\"" + stage + "\"]}";
	}

	@BeforeEach
	void signIn() throws Exception {
		this.browser = HttpClient.newBuilder()
			.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		String login = get("/login").body();
		HttpResponse<String> signIn = send(request("/login").header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers
				.ofString("username=admin&password=" + PASSWORD + "&_csrf=" + csrf(login))));
		assertThat(signIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
	}

	@Test
	void aPastedConfigsLinkShowsTheSameHooksWithoutRunningPrecreateHooks() throws Exception {
		String config = "{\r\n  \"ociVersion\": \"1.0.2\",\r\n  \"process\": {\"args\": [\"/usr/bin/nvidia-smi\"]},\r\n"
				+ "  \"mounts\": [{\"destination\": \"/data\", \"type\": \"bind\", \"source\": \"/srv\"}],\r\n"
				+ "  \"annotations\": {\"com.example.other\": \"ünïcødé & <tags>\"}\r\n}\r\n";
		Map<String, String> form = new LinkedHashMap<>();
		form.put("config", config);
		form.put("annotations", "com.example.gpu=true\r\ncom.example.note=a+b&c");
		form.put("hasBindMounts", "auto");
		form.put("profile", "");
		form.put("runPrecreate", "true");
		HttpResponse<String> posted = postPreview(form);
		assertThat(posted.statusCode()).isEqualTo(200);
		assertThat(Files.exists(root.resolve("precreate-ran"))).as("the POST ran the precreate hook").isTrue();
		assertThat(posted.body()).contains("Precreate hooks run", "without running precreate hooks");
		assertThat(injected(posted.body())).contains("10-always.json", "20-gpu.json", "30-bind.json");
		String link = shareLink(posted.body());
		assertThat(link).startsWith("/preview?config=")
			.contains("&annotation=com.example.gpu%3Dtrue&annotation=com.example.note%3Da%2Bb%26c&bindMounts=auto");

		Files.delete(root.resolve("precreate-ran"));
		HttpResponse<String> shared = get(link);
		assertThat(shared.statusCode()).isEqualTo(200);
		assertSamePreview(shared.body(), posted.body());
		assertThat(Files.exists(root.resolve("precreate-ran"))).as("a GET never runs precreate hooks").isFalse();
		assertThat(shared.body()).doesNotContain("Precreate hooks run");
		// The form holds the same inputs again, for a change and another preview.
		assertThat(shared.body()).contains("ünïcødé &amp; &lt;tags&gt;",
				"com.example.gpu=true\ncom.example.note=a+b&amp;c");
		assertThat(shareLink(shared.body())).isEqualTo(link);
	}

	@Test
	void aSampleIsLinkedByNameWithTheRuntimeAndBindMounts() throws Exception {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("config", PreviewSamples.ALL.get("bind").config().replace("\n", "\r\n"));
		form.put("annotations", "");
		form.put("hasBindMounts", "no");
		form.put("profile", "custom");
		form.put("sample", "bind");
		HttpResponse<String> posted = postPreview(form);
		String link = shareLink(posted.body());
		assertThat(link).isEqualTo("/preview?sample=bind&bindMounts=no&profile=custom");
		// hasBindMounts=no although the sample mounts /srv/data: 30-bind.json does not
		// match.
		assertThat(injected(posted.body())).contains("10-always.json").doesNotContain("30-bind.json");

		HttpResponse<String> shared = get(link);
		assertThat(shared.statusCode()).isEqualTo(200);
		assertSamePreview(shared.body(), posted.body());
	}

	@Test
	void aConfigTooLargeForALinkIsPreviewedAndSaysWhyThereIsNoLink() throws Exception {
		Random random = new Random(7);
		StringBuilder config = new StringBuilder("{\"ociVersion\": \"1.0.2\", \"annotations\": {");
		for (int i = 0; i < 400; i++) {
			config.append(i > 0 ? ", " : "")
				.append("\"k")
				.append(i)
				.append("\": \"")
				.append(random.nextLong())
				.append("\"");
		}
		config.append("}}");
		HttpResponse<String> posted = postPreview(Map.of("config", config.toString(), "hasBindMounts", "auto"));
		assertThat(posted.statusCode()).isEqualTo(200);
		assertThat(injected(posted.body())).contains("10-always.json");
		assertThat(posted.body()).doesNotContain("data-share-link")
			.containsPattern("data-share-too-large[^>]*>No link for this preview: its inputs take \\d+ characters");

		// A link with a config over the limit (but under the server's own request-line
		// limit) gets the page and the reason.
		HttpResponse<String> tooLong = get("/preview?bindMounts=auto&config=" + "A".repeat(6000));
		assertThat(tooLong.statusCode()).isEqualTo(400);
		assertThat(tooLong.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
		assertThat(formError(tooLong.body())).contains("6000 characters long", "at most " + PreviewLink.MAX_LENGTH,
				"Paste or upload the config instead");
		// Over the server's request-line limit, the server's own page says so.
		HttpResponse<String> huge = get("/preview?bindMounts=auto&config=" + "A".repeat(12000));
		assertThat(huge.statusCode()).isEqualTo(400);
		assertThat(huge.body()).contains("longer than the server accepts", "share a larger config as a file")
			.doesNotContain("encoded slash");
	}

	@Test
	void wrongLinkParametersGetThePageWithTheReason() throws Exception {
		Map<String, String> wrong = new LinkedHashMap<>();
		wrong.put("/preview?sample=nope&bindMounts=auto", "sample \"nope\", which does not exist");
		wrong.put("/preview?config=%25%25not-base64&bindMounts=auto", "not base64url");
		wrong.put("/preview?config=" + PreviewLink.encode(PreviewSamples.ALL.get("gpu").config()).substring(0, 40),
				"cut short");
		wrong.put("/preview?sample=gpu&bindMounts=maybe", "auto, yes or no");
		wrong.put("/preview?sample=gpu&profile=nope", "No runtime profile \"nope\"");
		wrong.put("/preview?config=" + PreviewLink.encode("{not json"), "not valid JSON");
		wrong.put("/preview?sample=gpu&annotation=novalue", "not key=value");
		wrong.put("/preview?profile=custom", "no config");
		for (Map.Entry<String, String> e : wrong.entrySet()) {
			HttpResponse<String> page = get(e.getKey());
			assertThat(page.statusCode()).as(e.getKey()).isEqualTo(400);
			assertThat(page.body()).as(e.getKey())
				.contains("<h1>Preview</h1>")
				.doesNotContain("data-preview-result", "Exception", "at io.github");
			assertThat(formError(page.body())).as(e.getKey()).contains(e.getValue());
		}
		// A sample alone still only fills in the form (the sample buttons).
		HttpResponse<String> sample = get("/preview?sample=gpu");
		assertThat(sample.statusCode()).isEqualTo(200);
		assertThat(sample.body()).contains("com.example.gpu").doesNotContain("data-preview-result");
	}

	@Test
	void postingStillNeedsTheCsrfToken() throws Exception {
		HttpResponse<String> forged = send(
				request("/preview").header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString("config=%7B%7D&hasBindMounts=auto")));
		assertThat(forged.statusCode()).isEqualTo(403);
	}

	private static void assertSamePreview(String shared, String posted) {
		assertThat(shared).contains("data-preview-result");
		assertThat(injected(shared)).isNotEmpty().isEqualTo(injected(posted));
		assertThat(group(HOOKS_JSON, shared)).isNotBlank().isEqualTo(group(HOOKS_JSON, posted));
		assertThat(group(INPUTS, shared)).isEqualTo(group(INPUTS, posted));
	}

	/** Per runtime column and stage, the files injected, in order. */
	private static List<String> injected(String html) {
		List<String> items = new ArrayList<>();
		Matcher m = INJECTED.matcher(html);
		while (m.find()) {
			items.add((m.group(1) != null) ? "stage " + m.group(1)
					: (m.group(2) != null) ? m.group(2) : "runtime " + m.group(3));
		}
		return items;
	}

	private static String group(Pattern pattern, String html) {
		Matcher m = pattern.matcher(html);
		assertThat(m.find()).as(pattern.pattern()).isTrue();
		return (m.groupCount() > 0) ? m.group(1) : m.group();
	}

	private static String shareLink(String html) {
		return group(SHARE_LINK, html).replace("&amp;", "&");
	}

	private static String formError(String html) {
		return group(FORM_ERROR, html).replace("&quot;", "\"");
	}

	private static String csrf(String html) {
		return group(CSRF_INPUT, html);
	}

	/** The preview form as a browser posts it: multipart, with the page's CSRF token. */
	private HttpResponse<String> postPreview(Map<String, String> fields) throws Exception {
		Map<String, String> all = new LinkedHashMap<>(fields);
		all.put("_csrf", csrf(get("/preview").body()));
		String boundary = "----preview" + System.nanoTime();
		StringBuilder body = new StringBuilder();
		for (Map.Entry<String, String> e : all.entrySet()) {
			body.append("--")
				.append(boundary)
				.append("\r\nContent-Disposition: form-data; name=\"")
				.append(e.getKey())
				.append("\"\r\n\r\n")
				.append(e.getValue())
				.append("\r\n");
		}
		body.append("--").append(boundary).append("--\r\n");
		return send(request("/preview").header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
	}

	private HttpResponse<String> get(String path) throws Exception {
		return send(request(path).GET());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.browser.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

}
