package io.github.ocihooks.admin.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.github.ocihooks.admin.conformance.ConformanceVectors;
import io.github.ocihooks.admin.conformance.ConformanceVectors.Vector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conformance vectors straight through the engine (no HTTP): fast feedback on parity.
 * The same vectors also run through the HTTP API in {@code ConformanceIT}. The real-world
 * set runs too when {@code ../shared/realworld} is there (skipped, saying so on the
 * console, when it is not).
 */
class EngineConformanceTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final ConformanceVectors.Tally tally = new ConformanceVectors.Tally();

	private static final ConformanceVectors.Tally realworld = new ConformanceVectors.Tally();

	@TempDir
	static Path root;

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
		List<Path> dirs = List.of(root.resolve("r0"), root.resolve("r1"), root.resolve("r2"));
		return ConformanceVectors.realworld()
			.loadOrSkip()
			.stream()
			.map(v -> DynamicTest.dynamicTest(v.id(), () -> run(v, dirs, realworld)));
	}

	private static void run(Vector vector, List<Path> dirs, ConformanceVectors.Tally tally) throws Exception {
		ConformanceVectors.layOut(vector, dirs);
		JsonNode request = ConformanceVectors.request(vector);
		List<String> ext = new ArrayList<>();
		request.get("extensionStages").forEach(n -> ext.add(n.asString()));
		List<DirectoryScan> scans = new HookLoader(ExecutableProbe.fileSystem())
			.scan(dirs.stream().map(Path::toString).toList());
		Snapshot snapshot = new Snapshot(1, java.time.Instant.now(), scans, List.of("precreate", "poststop"));
		ContainerConfig config = ContainerConfig.parse(GoJson.parse(JSON.writeValueAsString(request.get("config"))));
		java.util.Map<String, String> annotations = new java.util.LinkedHashMap<>();
		request.get("annotations").properties().forEach(e -> annotations.put(e.getKey(), e.getValue().asString()));
		PreviewInput input = new PreviewInput(config, annotations, request.get("hasBindMounts").asBoolean(), ext);
		PreviewResult result = HookPreview.preview(snapshot, input);
		// The unexplained preview (explain=false) must decide exactly the same.
		PreviewResult unexplained = HookPreview.preview(snapshot, input, false);
		assertThat(unexplained.hooks()).as(vector.id()).isEqualTo(result.hooks());
		assertThat(unexplained.extensionStageHooks()).as(vector.id()).isEqualTo(result.extensionStageHooks());
		assertThat(unexplained.runtimeError()).as(vector.id()).isEqualTo(result.runtimeError());
		assertThat(unexplained.stages()).as(vector.id()).isEqualTo(result.stages());
		assertThat(unexplained.evaluations()).as(vector.id()).isEmpty();
		java.util.Map<String, Object> response = new java.util.LinkedHashMap<>();
		response.put("hooks", result.hooks());
		response.put("extensionStageHooks", result.extensionStageHooks());
		response.put("runtimeError", result.runtimeError());
		String diff = ConformanceVectors.compare(vector, JSON.valueToTree(response));
		tally.record(vector, diff);
		assertThat(diff).as(vector.id()).isNull();
	}

	@AfterAll
	static void report() {
		tally.print("engine conformance");
		realworld.print("engine realworld");
	}

}
