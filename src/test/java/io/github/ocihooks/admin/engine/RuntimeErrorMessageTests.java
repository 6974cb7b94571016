package io.github.ocihooks.admin.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.ocihooks.admin.conformance.ConformanceVectors;
import io.github.ocihooks.admin.conformance.ConformanceVectors.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime's error text, word for word: podman prints it ("Error: setting up OCI
 * Hooks: ..."), so the service must say the same. Every reference vector that expects a
 * refusal (the conformance set and, when present, the real-world set) is run through the
 * engine and its message compared with the reference's, directories substituted. Go's
 * JSON syntax errors ({@link GoJsonScanner}) are the main part: real files are broken by
 * hand. Wording that changed between Go releases (type errors, regexp errors) is compared
 * with the reference's Go release: before 1.22 (its regexp words {@code (?<=} as
 * {@code invalid or unsupported Perl syntax: `(?<`}, not as Go 1.22's
 * {@code invalid named capture}), with the classic {@code encoding/json} wording
 * ({@code cannot unmarshal number into} a string); modelled as Go 1.21, the last release
 * before 1.22.
 */
class RuntimeErrorMessageTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final GoRelease REFERENCE_GO = GoRelease.of(1, 21);

	@TempDir
	Path root;

	@Test
	void everyRefusalSaysWhatTheReferenceSays() throws Exception {
		List<Vector> vectors = new ArrayList<>(ConformanceVectors.load());
		ConformanceVectors.VectorSet realworld = ConformanceVectors.realworld();
		if (realworld.present()) {
			vectors.addAll(realworld.load());
		}
		List<Path> dirs = List.of(this.root.resolve("d0"), this.root.resolve("d1"), this.root.resolve("d2"));
		List<String> mismatches = new ArrayList<>();
		int compared = 0;
		for (Vector vector : vectors) {
			JsonNode expect = vector.node().get("expect");
			if (!expect.path("runtimeError").asBoolean() || !expect.has("message")) {
				continue;
			}
			ConformanceVectors.layOut(vector, dirs);
			JsonNode request = ConformanceVectors.request(vector);
			List<String> ext = new ArrayList<>();
			request.get("extensionStages").forEach(n -> ext.add(n.asString()));
			Snapshot snapshot = new Snapshot(1, java.time.Instant.now(),
					new HookLoader(ExecutableProbe.fileSystem()).scan(dirs.stream().map(Path::toString).toList()),
					List.of("precreate", "poststop"));
			ContainerConfig config = ContainerConfig
				.parse(GoJson.parse(JSON.writeValueAsString(request.get("config"))));
			Map<String, String> annotations = new LinkedHashMap<>();
			request.get("annotations").properties().forEach(e -> annotations.put(e.getKey(), e.getValue().asString()));
			PreviewResult result = HookPreview.preview(snapshot,
					new PreviewInput(config, annotations, request.get("hasBindMounts").asBoolean(), ext,
							LoadMode.MERGED, PrestartStage.CREATE_RUNTIME, REFERENCE_GO),
					false);
			String expected = expect.get("message").asString();
			for (int i = 0; i < dirs.size(); i++) {
				expected = expected.replace("<dir" + i + ">", dirs.get(i).toString());
			}
			compared++;
			String got = (result.runtimeError() != null) ? result.runtimeError().message() : null;
			if (!expected.equals(got)) {
				mismatches.add(vector.id() + ":\n  reference: " + expected + "\n  engine:    " + got);
			}
		}
		System.out.println("runtime error messages: " + (compared - mismatches.size()) + " of " + compared
				+ " word for word (" + REFERENCE_GO + ")");
		assertThat(mismatches).isEmpty();
	}

}
