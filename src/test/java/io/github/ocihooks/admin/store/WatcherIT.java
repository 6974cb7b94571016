package io.github.ocihooks.admin.store;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
 * Changes made on disk by others show up in the API without a reload. The waits are
 * generous bounds for a busy CI machine, not a speed claim (speed is the benchmark's).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WatcherIT {

	private static final String PASSWORD = "watch-secret";

	private static final Duration WITHIN = Duration.ofSeconds(10);

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	ApiClient api;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("hooks.directories[0]", () -> root.resolve("usr").toString());
		// Does not exist at start: created by a test.
		registry.add("hooks.directories[1]", () -> root.resolve("etc/later").toString());
		registry.add("hooks.admin.password", () -> PASSWORD);
	}

	@BeforeEach
	void setUp() throws Exception {
		Files.createDirectories(root.resolve("usr"));
		this.api = new ApiClient(this.port, "admin", PASSWORD);
	}

	private static String hook(String path) {
		return "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"" + path + "\"}, \"when\": {\"always\": true}, "
				+ "\"stages\": [\"prestart\"]}";
	}

	private static JsonNode find(JsonNode list, String name) {
		for (JsonNode h : list.get("hooks")) {
			if (h.get("name").asString().equals(name)) {
				return h;
			}
		}
		return null;
	}

	@Test
	void writtenChangedRenamedAndRemovedFilesShowUpWithoutAReload() throws Exception {
		Path dir = root.resolve("usr");
		Files.writeString(dir.resolve("w.json"), hook("/bin/sh"));
		this.api.awaitJson("/api/v1/hooks", WITHIN,
				l -> find(l, "w.json") != null && find(l, "w.json").get("status").asString().equals("active"));

		Files.writeString(dir.resolve("w.json"), hook("/nonexistent/x"));
		this.api.awaitJson("/api/v1/hooks", WITHIN,
				l -> find(l, "w.json") != null && find(l, "w.json").get("status").asString().equals("skipped"));

		Files.move(dir.resolve("w.json"), dir.resolve("renamed.json"));
		this.api.awaitJson("/api/v1/hooks", WITHIN, l -> find(l, "w.json") == null && find(l, "renamed.json") != null);

		Files.delete(dir.resolve("renamed.json"));
		this.api.awaitJson("/api/v1/hooks", WITHIN, l -> find(l, "renamed.json") == null);
	}

	@Test
	void aBurstOfFilesIsAHandfulOfReloads() throws Exception {
		Path dir = root.resolve("usr");
		long before = this.api.getJson("/api/v1/hooks").get("generation").asLong();
		for (int i = 0; i < 200; i++) {
			Files.writeString(dir.resolve(String.format("burst-%03d.json", i)), hook("/bin/true"));
		}
		JsonNode after = this.api.awaitJson("/api/v1/hooks", Duration.ofSeconds(10), l -> {
			int n = 0;
			for (JsonNode h : l.get("hooks")) {
				n += h.get("name").asString().startsWith("burst-") ? 1 : 0;
			}
			return n == 200;
		});
		// Let any trailing refresh land, then count.
		Thread.sleep(700);
		long generations = this.api.getJson("/api/v1/hooks").get("generation").asLong() - before;
		assertThat(generations).as("reloads for 200 files").isBetween(1L, 6L);
		assertThat(after.get("runtimeError").isNull()).isTrue();
		for (int i = 0; i < 200; i++) {
			Files.delete(dir.resolve(String.format("burst-%03d.json", i)));
		}
		this.api.awaitJson("/api/v1/hooks", Duration.ofSeconds(10), l -> {
			for (JsonNode h : l.get("hooks")) {
				if (h.get("name").asString().startsWith("burst-")) {
					return false;
				}
			}
			return true;
		});
	}

	@Test
	void aDirectoryCreatedAfterStartIsPickedUp() throws Exception {
		Path later = root.resolve("etc/later");
		Files.createDirectories(later);
		Files.writeString(later.resolve("late.json"), hook("/bin/sh"));
		JsonNode list = this.api.awaitJson("/api/v1/hooks", Duration.ofSeconds(10), l -> find(l, "late.json") != null);
		assertThat(find(list, "late.json").get("precedence").asInt()).isEqualTo(1);
	}

	@Test
	void listingsCarryTheGenerationAsETag() throws Exception {
		// Another test's clean-up (files deleted on disk) may still be landing as a
		// reload: a 200 is right only when the generation moved in between, so retry
		// then, and never accept a 200 that carries the same ETag.
		for (int attempt = 0; attempt < 10; attempt++) {
			HttpResponse<String> first = this.api.get("/api/v1/hooks");
			String etag = first.headers().firstValue("ETag").orElseThrow();
			assertThat(etag).matches("\"g\\d+\"");
			HttpResponse<String> again = this.api
				.send(this.api.request("/api/v1/hooks").header("If-None-Match", etag).GET().build());
			if (again.statusCode() == 304) {
				return;
			}
			assertThat(again.statusCode()).isEqualTo(200);
			assertThat(again.headers().firstValue("ETag").orElseThrow()).as("a 200 to If-None-Match")
				.isNotEqualTo(etag);
			Thread.sleep(300);
		}
		throw new AssertionError("the listing never answered 304 to its own ETag");
	}

	@Test
	void theEventStreamDeliversASnapshotAfterAnExternalChange() throws Exception {
		HttpResponse<InputStream> stream = this.api.http()
			.send(this.api.request("/api/v1/events").header("Accept", "text/event-stream").GET().build(),
					HttpResponse.BodyHandlers.ofInputStream());
		assertThat(stream.statusCode()).isEqualTo(200);
		BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
		CompletableFuture<String> watched = CompletableFuture.supplyAsync(() -> {
			try {
				String line;
				String event = null;
				while ((line = reader.readLine()) != null) {
					if (line.startsWith("event:")) {
						event = line.substring(6).trim();
					}
					else if (line.startsWith("data:") && "snapshot".equals(event) && line.contains("\"watch\"")) {
						return line;
					}
				}
				return null;
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		Thread.sleep(100);
		Files.writeString(root.resolve("usr").resolve("evented.json"), "{");
		String data = watched.get(5, TimeUnit.SECONDS);
		assertThat(data).contains("\"generation\"").contains("\"runtimeError\"");
		stream.body().close();
		Files.delete(root.resolve("usr").resolve("evented.json"));
		this.api.awaitJson("/api/v1/hooks", Duration.ofSeconds(10), l -> l.get("runtimeError").isNull());
	}

}
