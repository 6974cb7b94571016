package io.github.ocihooks.admin.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The reference vectors of {@code ../shared/conformance/vectors.jsonl} (or {@code $CONFORMANCE_VECTORS}): loading,
 * laying out their directories, and comparing results as that folder's README says.
 */
public final class ConformanceVectors {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private ConformanceVectors() {
	}

	public record Vector(String id, JsonNode node) {

		JsonNode expect() {
			return this.node.get("expect");
		}

		@Override
		public String toString() {
			return this.id;
		}

	}

	public static Path location() {
		String env = System.getenv("CONFORMANCE_VECTORS");
		if (env != null && !env.isBlank()) {
			return Path.of(env);
		}
		return Path.of("..", "shared", "conformance", "vectors.jsonl").toAbsolutePath().normalize();
	}

	public static List<Vector> load() throws IOException {
		Path file = location();
		if (!Files.isRegularFile(file)) {
			throw new IllegalStateException("Conformance vectors not found at " + file
					+ ": the suite needs ../shared/conformance/vectors.jsonl (or set CONFORMANCE_VECTORS)");
		}
		List<Vector> vectors = new ArrayList<>();
		for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
			if (line.isBlank()) {
				continue;
			}
			JsonNode node = JSON.readTree(line);
			vectors.add(new Vector(node.get("id").asString(), node));
		}
		return vectors;
	}

	/** Empties the directories and writes the vector's {@code dirs[i]} into directory i. */
	public static void layOut(Vector vector, List<Path> directories) throws IOException {
		for (Path dir : directories) {
			clear(dir);
			Files.createDirectories(dir);
		}
		JsonNode dirs = vector.node().get("dirs");
		for (int i = 0; i < dirs.size(); i++) {
			Path dir = directories.get(i);
			for (Map.Entry<String, JsonNode> e : dirs.get(i).properties()) {
				Path target = dir.resolve(e.getKey());
				String text = e.getValue().asString();
				if (text.equals("<<directory>>")) {
					Files.createDirectories(target);
				}
				else if (text.startsWith("<<symlink:") && text.endsWith(">>")) {
					Files.createSymbolicLink(target, Path.of(text.substring(10, text.length() - 2)));
				}
				else {
					Files.writeString(target, text, StandardCharsets.UTF_8);
				}
			}
		}
	}

	private static void clear(Path dir) throws IOException {
		if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		try (Stream<Path> walk = Files.walk(dir)) {
			for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
				if (!p.equals(dir)) {
					Files.delete(p);
				}
			}
		}
	}

	/** The preview request for a vector. */
	public static ObjectNode request(Vector vector) {
		ObjectNode body = JsonNodeFactory.instance.objectNode();
		body.set("config", vector.node().get("config"));
		body.set("annotations", vector.node().get("annotations"));
		body.set("hasBindMounts", vector.node().get("hasBindMounts"));
		body.set("extensionStages", vector.node().get("extensionStages"));
		return body;
	}

	/**
	 * Compares a preview response with the vector's expectation; returns null when they agree, else what differs.
	 */
	public static String compare(Vector vector, JsonNode response) {
		JsonNode expect = vector.expect();
		boolean expectError = expect.get("runtimeError").asBoolean();
		JsonNode runtimeError = response.get("runtimeError");
		boolean gotError = runtimeError != null && !runtimeError.isNull();
		if (expectError != gotError) {
			return "runtimeError: expected " + (expectError ? "an error (" + expect.get("message") + ")" : "none")
					+ " but got " + (gotError ? runtimeError : "none");
		}
		if (expectError) {
			return null;
		}
		JsonNode wantHooks = normalize(expect.get("hooks"));
		JsonNode gotHooks = normalize(response.get("hooks"));
		if (!Objects.equals(wantHooks, gotHooks)) {
			return "hooks: expected " + wantHooks + " but got " + gotHooks;
		}
		JsonNode wantExt = normalize(expect.get("extensionStageHooks"));
		JsonNode gotExt = normalize(response.get("extensionStageHooks"));
		if (!Objects.equals(wantExt, gotExt)) {
			return "extensionStageHooks: expected " + wantExt + " but got " + gotExt;
		}
		return null;
	}

	/** Stage to hooks, without empty stages, hooks without empty args/env. */
	static ObjectNode normalize(JsonNode byStage) {
		ObjectNode out = JsonNodeFactory.instance.objectNode();
		if (byStage == null || byStage.isNull()) {
			return out;
		}
		for (Map.Entry<String, JsonNode> e : byStage.properties()) {
			if (e.getValue() == null || e.getValue().isNull() || e.getValue().isEmpty()) {
				continue;
			}
			ArrayNode hooks = JsonNodeFactory.instance.arrayNode();
			for (JsonNode hook : e.getValue()) {
				ObjectNode h = JsonNodeFactory.instance.objectNode();
				h.set("path", hook.get("path"));
				for (String list : List.of("args", "env")) {
					JsonNode v = hook.get(list);
					if (v != null && !v.isNull() && !v.isEmpty()) {
						h.set(list, v);
					}
				}
				JsonNode timeout = hook.get("timeout");
				if (timeout != null && !timeout.isNull()) {
					h.put("timeout", timeout.asLong());
				}
				hooks.add(h);
			}
			out.set(e.getKey(), hooks);
		}
		return out;
	}

	/**
	 * Passes and failures of one run, printed as "{@code <label>: N passed, M failed}" with each failure below it (the
	 * line {@code .ci/run} shows).
	 */
	public static final class Tally {

		private final List<String> failures = new ArrayList<>();

		private int passed;

		/** Counts one vector: passed when {@code diff} is null. */
		public synchronized void record(Vector vector, String diff) {
			if (diff == null) {
				this.passed++;
			}
			else {
				this.failures.add(vector.id() + ": " + diff);
			}
		}

		public synchronized void print(String label) {
			System.out.println(label + ": " + this.passed + " passed, " + this.failures.size() + " failed");
			this.failures.forEach(f -> System.out.println("  FAILED " + f));
		}

	}

}
