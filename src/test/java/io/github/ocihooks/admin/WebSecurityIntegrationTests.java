package io.github.ocihooks.admin;

import java.io.IOException;
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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole application on a real port, driven by a plain HTTP client the way a browser
 * or {@code curl} would.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class WebSecurityIntegrationTests {

	private static final String PASSWORD = "correct horse battery staple";

	private static final Pattern CSRF_INPUT = Pattern.compile("<input[^>]*name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	private HttpClient browser;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		Path vendor = Files.createDirectories(root.resolve("vendor"));
		Files.writeString(vendor.resolve("a.json"), "{}");
		Files.writeString(vendor.resolve("b.json"), "{}");
		Files.writeString(vendor.resolve("notes.txt"), "not a hook");
		registry.add("hooks.directories", () -> vendor + "," + root.resolve("admin-missing"));
		registry.add("hooks.admin.password", () -> PASSWORD);
	}

	@BeforeEach
	void newBrowser() {
		this.browser = HttpClient.newBuilder()
			.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	@Test
	void healthIsOpen() throws Exception {
		HttpResponse<String> response = get("/actuator/health");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"status\":\"UP\"");
	}

	@Test
	void apiDescriptionIsOpen() throws Exception {
		HttpResponse<String> response = get("/v3/api-docs");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"openapi\"");
	}

	@Test
	void swaggerUiIsOpenAndNeedsNoInlineScript() throws Exception {
		HttpResponse<String> page = get("/swagger-ui/index.html");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>");
		assertThat(get("/swagger-ui/swagger-initializer.js").statusCode()).isEqualTo(200);
	}

	@Test
	void loginPageIsOpenAndHasTheForm() throws Exception {
		HttpResponse<String> response = get("/login");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("<form", "action=\"/login\"", "method=\"post\"", "name=\"username\"",
				"name=\"password\"", "<label for=\"username\"", "<label for=\"password\"");
		assertThat(CSRF_INPUT.matcher(response.body()).find()).isTrue();
		assertThat(response.body()).doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>");
	}

	@Test
	void securityHeadersAreSent() throws Exception {
		HttpResponse<String> response = get("/login");
		assertThat(response.headers().firstValue("Content-Security-Policy")).hasValue(
				"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
						+ "form-action 'self'; base-uri 'self'");
		assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(get("/api/anything").headers().firstValue("Content-Security-Policy")).isPresent();
	}

	@Test
	void staticAssetsAreOpen() throws Exception {
		assertThat(get("/css/app.css").statusCode()).isEqualTo(200);
		assertThat(get("/js/app.js").statusCode()).isEqualTo(200);
		assertThat(get("/img/favicon.svg").statusCode()).isEqualTo(200);
	}

	@Test
	void dashboardRedirectsToLoginWhenSignedOut() throws Exception {
		HttpResponse<String> response = get("/");
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login"));
	}

	@Test
	void apiWithoutCredentialsIsProblemJson401() throws Exception {
		HttpResponse<String> response = get("/api/anything");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"oci-hooks-admin\"");
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).contains("\"type\":\"about:blank\"", "\"title\":\"Unauthorized\"", "\"status\":401",
				"\"detail\":", "\"instance\":\"/api/anything\"");
		assertThat(response.body()).contains("Authentication is required").doesNotContain("refused");
	}

	@Test
	void apiWithWrongCredentialsIs401() throws Exception {
		HttpResponse<String> response = send(request("/api/anything").header("Authorization", basic("admin", "nope")));
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		// Credentials were sent: say they were refused, not that they are missing.
		assertThat(response.body()).contains("The credentials were refused")
			.doesNotContain("Authentication is required");
	}

	@Test
	void apiWithCredentialsIsAuthenticatedAndStateless() throws Exception {
		HttpResponse<String> response = send(
				request("/api/no-such-endpoint").header("Authorization", basic("admin", PASSWORD)));
		assertThat(response.statusCode()).isNotIn(401, 403);
		assertThat(response.headers().allValues("Set-Cookie")).noneMatch((c) -> c.startsWith("JSESSIONID"));
	}

	@Test
	void signInShowsTheDirectoriesThenSignOut() throws Exception {
		HttpResponse<String> signIn = signIn("admin", PASSWORD);
		assertThat(signIn.statusCode()).isEqualTo(302);
		assertThat(signIn.headers().firstValue("Location").orElseThrow()).doesNotContain("error");

		HttpResponse<String> overview = get("/");
		assertThat(overview.statusCode()).isEqualTo(200);
		String html = overview.body();
		Path vendor = root.resolve("vendor");
		Path missing = root.resolve("admin-missing");
		assertThat(html).contains(vendor.toString(), missing.toString());
		assertThat(html.indexOf(vendor.toString())).isLessThan(html.indexOf(missing.toString()));
		assertThat(html).contains("precedence 1 (lowest)", "precedence 2 (highest)");
		String vendorCard = html.substring(html.indexOf(vendor.toString()), html.indexOf(missing.toString()));
		assertThat(vendorCard).contains("Exists", "Writable", ">yes<");
		assertThat(vendorCard).containsPattern("JSON files</dt>\\s*<dd[^>]*>2</dd>");
		String missingCard = html.substring(html.indexOf(missing.toString()));
		assertThat(missingCard).contains("does not exist");
		assertThat(html).contains("precreate", "poststop");
		assertThat(html).contains("action=\"/logout\"");
		assertThat(html).doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>").doesNotContain("style=\"");

		HttpResponse<String> signOut = post("/logout", Map.of("_csrf", csrfToken(html)));
		assertThat(signOut.statusCode()).isEqualTo(302);
		assertThat(signOut.headers().firstValue("Location").orElseThrow()).endsWith("/login?logout");
		assertThat(get("/login?logout").body()).contains("signed out");
		assertThat(get("/").statusCode()).isEqualTo(302);
	}

	@Test
	void wrongPasswordIsRejected() throws Exception {
		HttpResponse<String> signIn = signIn("admin", "wrong");
		assertThat(signIn.statusCode()).isEqualTo(302);
		assertThat(signIn.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
		assertThat(get("/login?error").body()).contains("Wrong user name or password");
		assertThat(get("/").statusCode()).isEqualTo(302);
	}

	@Test
	void loginWithoutCsrfTokenIsRejected() throws Exception {
		get("/login");
		HttpResponse<String> response = post("/login", Map.of("username", "admin", "password", PASSWORD));
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(get("/").statusCode()).isEqualTo(302);
	}

	private HttpResponse<String> signIn(String username, String password) throws Exception {
		HttpResponse<String> page = get("/login");
		Map<String, String> form = new LinkedHashMap<>();
		form.put("username", username);
		form.put("password", password);
		form.put("_csrf", csrfToken(page.body()));
		return post("/login", form);
	}

	private static String csrfToken(String html) {
		Matcher matcher = CSRF_INPUT.matcher(html);
		assertThat(matcher.find()).as("CSRF hidden input in page").isTrue();
		return matcher.group(1);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return send(request(path).GET());
	}

	private HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
		String body = form.entrySet()
			.stream()
			.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

}
