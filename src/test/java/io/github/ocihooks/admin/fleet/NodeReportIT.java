package io.github.ocihooks.admin.fleet;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.ocihooks.admin.support.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/v1/node}: the report a hub polls, with its ETag and 304. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "hooks.watch.mode=off", "hooks.fleet.node-name=node-under-test" })
class NodeReportIT {

	static final String HOOK = "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/sh\"}, "
			+ "\"when\": {\"always\": true}, \"stages\": [\"prestart\"]}";

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("hooks.directories[0]", () -> root.resolve("usr").toString());
		registry.add("hooks.directories[1]", () -> root.resolve("etc").toString());
		registry.add("hooks.admin.password", () -> "node-secret");
	}

	@Test
	void reportsTheSetWithAnEtagAndAnswers304UntilSomethingChanges() throws Exception {
		Files.createDirectories(root.resolve("usr"));
		Files.createDirectories(root.resolve("etc"));
		Files.writeString(root.resolve("usr/10-a.json"), HOOK);
		Files.writeString(root.resolve("etc/10-a.json"), HOOK.replace("prestart", "poststart"));
		Files.writeString(root.resolve("etc/20-broken.json"), "{");
		ApiClient api = new ApiClient(this.port, "admin", "node-secret");
		api.post("/api/v1/reload", "");

		HttpResponse<String> first = api.get("/api/v1/node");
		assertThat(first.statusCode()).isEqualTo(200);
		String etag = first.headers().firstValue("ETag").orElseThrow();
		JsonNode report = ApiClient.JSON.readTree(first.body());
		assertThat(report.get("node").asString()).isEqualTo("node-under-test");
		assertThat(report.get("setHash").asString()).hasSize(64);
		assertThat(report.get("profiles").isArray()).isTrue();
		assertThat(report.get("profiles").size()).as("one custom profile: hooks.directories is set").isEqualTo(1);
		assertThat(report.get("profiles").get(0).get("profile").asString()).isEqualTo("custom");
		assertThat(report.get("profiles").get(0).get("verdict").asString()).isEqualTo("REFUSES_EVERY_CONTAINER");
		assertThat(report.get("profiles").get(0).get("refusesEveryContainer").asBoolean()).isTrue();
		assertThat(report.get("verdict").get("refusesEveryContainer").asBoolean()).isTrue();
		assertThat(report.get("verdict").get("runtimeError").get("message").asString()).contains("20-broken.json");
		JsonNode etc = report.get("directories").get(1);
		assertThat(etc.get("writable").asBoolean()).isTrue();
		assertThat(etc.get("files").get("10-a.json").get("status").asString()).isEqualTo("active");
		assertThat(etc.get("files").get("20-broken.json").get("status").asString()).isEqualTo("invalid");
		assertThat(report.get("directories").get(0).get("files").get("10-a.json").get("status").asString())
			.isEqualTo("masked");

		HttpResponse<String> again = api.send(api.request("/api/v1/node").header("If-None-Match", etag).GET().build());
		assertThat(again.statusCode()).isEqualTo(304);

		// The same content again (a reload that finds nothing new) keeps the hash; a
		// change moves it.
		String hash = report.get("setHash").asString();
		Files.delete(root.resolve("etc/20-broken.json"));
		api.post("/api/v1/reload", "");
		HttpResponse<String> changed = api
			.send(api.request("/api/v1/node").header("If-None-Match", etag).GET().build());
		assertThat(changed.statusCode()).isEqualTo(200);
		JsonNode after = ApiClient.JSON.readTree(changed.body());
		assertThat(after.get("setHash").asString()).isNotEqualTo(hash);
		assertThat(after.get("verdict").get("refusesEveryContainer").asBoolean()).isFalse();

		JsonNode set = api.getJson("/api/v1/node/set");
		assertThat(set.get("setHash").asString()).isEqualTo(after.get("setHash").asString());
		assertThat(set.get("files").size()).isEqualTo(1);
		assertThat(set.get("files").get(0).get("precedence").asInt()).isEqualTo(1);
	}

}
