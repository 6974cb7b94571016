package io.github.ocihooks.admin.history;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.ocihooks.admin.support.ApiClient;
import io.github.ocihooks.admin.support.SharedApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit log's filter and paging through {@code GET /api/v1/audit} and the
 * {@code /audit} page, against real files: changes through the API (user admin) and on
 * disk ({@code external}). Each test uses file names of its own, so what other tests of
 * the shared application write does not matter.
 */
class AuditIT extends SharedApplication {

	@LocalServerPort
	int port;

	ApiClient admin;

	String dir;

	@BeforeEach
	void setUp() {
		this.admin = new ApiClient(this.port, "admin", ADMIN_PASSWORD);
		this.dir = this.admin.getJson("/api/v1/directories").get(0).get("id").asString();
	}

	private static String hook(int timeout) {
		return "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/true\", \"timeout\": " + timeout
				+ "}, \"when\": {\"always\": true}, \"stages\": [\"poststart\"]}";
	}

	/** Creates {@code name} through the API, then updates it {@code updates} times. */
	private void createAndUpdate(String name, int updates) {
		String path = "/api/v1/directories/" + this.dir + "/hooks/" + name;
		HttpResponse<String> created = this.admin.send(this.admin.request(path)
			.header("Content-Type", "application/json")
			.header("If-None-Match", "*")
			.PUT(HttpRequest.BodyPublishers.ofString(hook(1)))
			.build());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String etag = created.headers().firstValue("ETag").orElseThrow();
		for (int i = 0; i < updates; i++) {
			HttpResponse<String> updated = this.admin.send(this.admin.request(path)
				.header("Content-Type", "application/json")
				.header("If-Match", etag)
				.PUT(HttpRequest.BodyPublishers.ofString(hook(i + 2)))
				.build());
			assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
			etag = updated.headers().firstValue("ETag").orElseThrow();
		}
	}

	private JsonNode audit(String query) {
		return this.admin.getJson("/api/v1/audit?" + query);
	}

	private static Set<String> values(JsonNode entries, String field) {
		Set<String> out = new HashSet<>();
		entries.forEach(e -> out.add(e.get(field).asString()));
		return out;
	}

	@Test
	void theApiFiltersByDirectoryNameActionUserAndTime() throws Exception {
		createAndUpdate("audit-filter-a.json", 1);
		Files.writeString(ROOT.resolve("etc/audit-filter-b.json"), hook(5));
		this.admin.post("/api/v1/reload", "");
		String location = ROOT.resolve("etc").toAbsolutePath().normalize().toString();

		JsonNode updates = audit("name=audit-filter-a.json&action=update");
		assertThat(updates).hasSize(2);
		assertThat(values(updates, "action")).containsExactly("update");
		assertThat(values(updates, "outcome")).containsExactlyInAnyOrder("pending", "written");
		assertThat(values(updates, "user")).containsExactly("admin");

		// Several actions: repeated or comma-separated, as written in responses or in any
		// case.
		for (String actions : List.of("action=create&action=update", "action=create,update",
				"action=CREATE&action=Update")) {
			assertThat(values(audit("name=audit-filter-a.json&" + actions), "action")).as(actions)
				.containsExactlyInAnyOrder("create", "update");
		}

		JsonNode external = audit("directory=" + this.dir + "&action=external-create&user=external");
		assertThat(values(external, "name")).contains("audit-filter-b.json").doesNotContain("audit-filter-a.json");
		assertThat(values(external, "directory")).containsExactly(location);
		assertThat(values(external, "user")).containsExactly("external");
		assertThat(audit("directory=" + URLEncoder.encode(location, StandardCharsets.UTF_8)
				+ "&name=audit-filter-b.json&action=EXTERNAL_CREATE"))
			.hasSize(1);
		assertThat(audit("directory=/nowhere&name=audit-filter-b.json")).isEmpty();
		assertThat(audit("name=audit-filter-b.json&user=admin")).isEmpty();

		// since includes its instant, until excludes it.
		JsonNode all = audit("name=audit-filter-a.json");
		assertThat(all).hasSize(4);
		JsonNode second = all.get(2);
		String time = URLEncoder.encode(second.get("time").asString(), StandardCharsets.UTF_8);
		List<Long> since = seqs(audit("name=audit-filter-a.json&since=" + time));
		List<Long> until = seqs(audit("name=audit-filter-a.json&until=" + time));
		assertThat(since).contains(second.get("seq").asLong()).doesNotContainAnyElementsOf(until);
		assertThat(since.size() + until.size()).isEqualTo(4);
		assertThat(audit("name=audit-filter-a.json&since=" + URLEncoder
			.encode(Instant.parse(second.get("time").asString()).plusSeconds(3600).toString(), StandardCharsets.UTF_8)))
			.isEmpty();
	}

	private static List<Long> seqs(JsonNode entries) {
		List<Long> out = new ArrayList<>();
		entries.forEach(e -> out.add(e.get("seq").asLong()));
		return out;
	}

	@Test
	void badFilterValuesAre400ProblemsThatSayWhatIsValid() {
		HttpResponse<String> action = this.admin.get("/api/v1/audit?action=modify");
		JsonNode problem = problem(action);
		assertThat(problem.get("errors").get(0).get("parameter").asString()).isEqualTo("action");
		assertThat(problem.get("detail").asString()).contains("\"modify\"", "create", "update", "external-create",
				"create-directory", "fleet-rollout-end");

		for (String parameter : List.of("since", "until")) {
			JsonNode time = problem(this.admin.get("/api/v1/audit?" + parameter + "=yesterday"));
			assertThat(time.get("errors").get(0).get("parameter").asString()).isEqualTo(parameter);
			assertThat(time.get("detail").asString()).contains("ISO-8601");
		}
		assertThat(problem(this.admin.get("/api/v1/audit?before=0")).get("errors").get(0).get("parameter").asString())
			.isEqualTo("before");
		assertThat(problem(this.admin.get("/api/v1/audit?before=9&after=2")).get("errors")
			.get(0)
			.get("parameter")
			.asString()).isEqualTo("after");
		assertThat(problem(this.admin.get("/api/v1/audit?before=x")).get("errors").get(0).get("parameter").asString())
			.isEqualTo("before");
	}

	private static JsonNode problem(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		JsonNode problem = ApiClient.JSON.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo("urn:oci-hooks-admin:problem:invalid-request");
		return problem;
	}

	private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

	private static final Pattern PREV = Pattern.compile("<([^>]+)>; rel=\"prev\"");

	private static String link(HttpResponse<String> response, Pattern rel) {
		Matcher m = rel.matcher(response.headers().firstValue("Link").orElse(""));
		return m.find() ? m.group(1) : null;
	}

	@Test
	void theApiPagesNewestFirstWithLinksThatStayPutWhileEntriesArrive() {
		createAndUpdate("audit-paged.json", 3);
		JsonNode unpaged = audit("name=audit-paged.json");
		assertThat(unpaged).hasSize(8);
		assertThat(seqs(unpaged)).isSortedAccordingTo((a, b) -> Long.compare(b, a));

		HttpResponse<String> first = this.admin.get("/api/v1/audit?name=audit-paged.json&limit=3");
		assertThat(link(first, PREV)).isNull();
		List<Long> seen = new ArrayList<>(seqs(ApiClient.JSON.readTree(first.body())));
		String next = link(first, NEXT);
		assertThat(next).startsWith("/api/v1/audit?")
			.contains("name=audit-paged.json", "limit=3", "before=" + seen.get(2));
		HttpResponse<String> second = this.admin.get(next);
		String secondBody = second.body();
		assertThat(link(second, PREV)).contains("after=" + ApiClient.JSON.readTree(secondBody).get(0).get("seq"));

		HttpResponse<String> page = second;
		while (true) {
			seen.addAll(seqs(ApiClient.JSON.readTree(page.body())));
			String older = link(page, NEXT);
			if (older == null) {
				break;
			}
			page = this.admin.get(older);
		}
		assertThat(seen).isEqualTo(seqs(unpaged));

		// New entries arrive: the second page answers the same; the first page now has a
		// newer one.
		createAndUpdate("audit-paged-later.json", 0);
		this.admin.send(this.admin.request("/api/v1/directories/" + this.dir + "/hooks/audit-paged.json")
			.header("If-Match", "\"" + unpaged.get(0).get("sha256After").asString() + "\"")
			.DELETE()
			.build());
		assertThat(this.admin.get(next).body()).isEqualTo(secondBody);
		String newer = link(second, PREV);
		HttpResponse<String> back = this.admin.get(newer);
		assertThat(seqs(ApiClient.JSON.readTree(back.body()))).isEqualTo(seen.subList(0, 3));
		assertThat(link(back, PREV)).as("the delete arrived since").isNotNull();
	}

	/** Signs in through the login form; returns a cookie-keeping client. */
	private HttpClient signIn() throws Exception {
		HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
		String page = browser
			.send(HttpRequest.newBuilder(URI.create(base() + "/login")).build(), HttpResponse.BodyHandlers.ofString())
			.body();
		Matcher m = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
		assertThat(m.find()).isTrue();
		HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(base() + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers
				.ofString("username=admin&password=" + ADMIN_PASSWORD + "&_csrf=" + m.group(1)))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
		return browser;
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

	private String page(HttpClient browser, String path) throws Exception {
		HttpResponse<String> response = browser.send(HttpRequest.newBuilder(URI.create(base() + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

	private static final Pattern ROW = Pattern.compile("<tr data-seq=\"(\\d+)\">(.*?)</tr>", Pattern.DOTALL);

	private static List<String> rows(String html) {
		List<String> out = new ArrayList<>();
		Matcher m = ROW.matcher(html);
		while (m.find()) {
			out.add(m.group(1));
		}
		return out;
	}

	private static String href(String html, String marker) {
		Matcher m = Pattern.compile("href=\"([^\"]+)\"[^>]*" + marker).matcher(html);
		return m.find() ? m.group(1).replace("&amp;", "&") : null;
	}

	@Test
	void theAuditPageFiltersWithAFormAndPagesWithLinksThatKeepTheFilter() throws Exception {
		createAndUpdate("audit-page.json", 2);
		HttpClient browser = signIn();
		String address = "/audit?name=audit-page.json&action=update&user=admin&limit=2";
		String first = page(browser, address);
		// The form shows the filter it was given (GET: the address is the bookmark).
		assertThat(first).contains("method=\"get\"")
			.containsPattern("id=\"audit-name\"[^>]*value=\"audit-page.json\"")
			.containsPattern("<option value=\"update\" selected=\"selected\">update</option>")
			.containsPattern("id=\"audit-user\"[^>]*value=\"admin\"");
		JsonNode updates = audit("name=audit-page.json&action=update");
		assertThat(updates).hasSize(4);
		assertThat(rows(first)).containsExactly(updates.get(0).get("seq").asString(),
				updates.get(1).get("seq").asString());
		assertThat(first).doesNotContain("data-newer");

		String older = href(first, "data-older");
		assertThat(older).startsWith("/audit?")
			.contains("name=audit-page.json", "action=update", "user=admin", "limit=2",
					"before=" + updates.get(1).get("seq").asString());
		String second = page(browser, older);
		assertThat(rows(second)).containsExactly(updates.get(2).get("seq").asString(),
				updates.get(3).get("seq").asString());
		assertThat(second).doesNotContain("data-older");
		String newer = href(second, "data-newer");
		assertThat(newer).contains("name=audit-page.json", "action=update", "user=admin", "limit=2", "after=");
		assertThat(rows(page(browser, newer))).isEqualTo(rows(first));

		// A time the page cannot read is said on the page, not a server error.
		assertThat(page(browser, "/audit?since=soon")).contains("data-audit-invalid")
			.contains("&quot;soon&quot; is not a valid since");
		// The time fields take what the form sends (UTC, no offset) and show an instant
		// so.
		assertThat(page(browser, "/audit?name=audit-page.json&since=2020-01-02T03:04:05Z"))
			.containsPattern("id=\"audit-since\"[^>]*value=\"2020-01-02T03:04:05\"");
	}

}
