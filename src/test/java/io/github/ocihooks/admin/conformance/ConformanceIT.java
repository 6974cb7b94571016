package io.github.ocihooks.admin.conformance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import io.github.ocihooks.admin.conformance.ConformanceVectors.Vector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every reference vector (the repository's {@code conformance/vectors.jsonl}, and
 * {@code ../shared/realworld} when it is there), through the running service as an admin
 * would meet it: three configured directories, emptied and refilled per vector,
 * {@code POST /api/v1/reload}, then {@code POST /api/v1/preview}, explained and with
 * {@code explain=false}. Prints "conformance: N passed, M failed" (and "realworld: ...")
 * on the build's console.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConformanceIT {

	private static final String PASSWORD = "conformance-secret";

	@TempDir
	static Path root;

	private static final ConformanceVectors.Tally tally = new ConformanceVectors.Tally();

	private static final ConformanceVectors.Tally realworld = new ConformanceVectors.Tally();

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void directories(DynamicPropertyRegistry registry) {
		for (int i = 0; i < 3; i++) {
			int index = i;
			registry.add("hooks.directories[" + i + "]", () -> root.resolve("d" + index).toString());
		}
		registry.add("hooks.admin.password", () -> PASSWORD);
	}

	@TestFactory
	Stream<DynamicTest> vectors() throws Exception {
		List<Path> dirs = List.of(root.resolve("d0"), root.resolve("d1"), root.resolve("d2"));
		return ConformanceVectors.conformance()
			.load()
			.stream()
			.map(v -> DynamicTest.dynamicTest(v.id(), () -> run(v, dirs, tally)));
	}

	@TestFactory
	Stream<DynamicTest> realworldVectors() throws Exception {
		List<Path> dirs = List.of(root.resolve("d0"), root.resolve("d1"), root.resolve("d2"));
		return ConformanceVectors.realworld()
			.loadOrSkip()
			.stream()
			.map(v -> DynamicTest.dynamicTest(v.id(), () -> run(v, dirs, realworld)));
	}

	private void run(Vector vector, List<Path> dirs, ConformanceVectors.Tally tally) throws Exception {
		ConformanceVectors.layOut(vector, dirs);
		HttpResponse<String> reload = post("/api/v1/reload", "");
		assertThat(reload.statusCode()).as("reload").isEqualTo(200);
		HttpResponse<String> preview = post("/api/v1/preview",
				ConformanceVectors.JSON.writeValueAsString(ConformanceVectors.request(vector)));
		assertThat(preview.statusCode()).as("preview: %s", preview.body()).isEqualTo(200);
		JsonNode response = ConformanceVectors.JSON.readTree(preview.body());
		String diff = ConformanceVectors.compare(vector, response);
		if (diff == null) {
			// Pipelines ask for the result alone (explain=false), which skips the
			// explanations: same answer required.
			HttpResponse<String> lean = post("/api/v1/preview?explain=false",
					ConformanceVectors.JSON.writeValueAsString(ConformanceVectors.request(vector)));
			assertThat(lean.statusCode()).as("preview?explain=false: %s", lean.body()).isEqualTo(200);
			String leanDiff = ConformanceVectors.compare(vector, ConformanceVectors.JSON.readTree(lean.body()));
			diff = (leanDiff != null) ? "with explain=false: " + leanDiff : null;
		}
		tally.record(vector, diff);
		assertThat(diff).as(vector.id()).isNull();
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		String auth = Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Authorization", "Basic " + auth)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@AfterAll
	static void report() {
		tally.print("conformance");
		realworld.print("realworld");
	}

}
