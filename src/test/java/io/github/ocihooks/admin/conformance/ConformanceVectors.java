package io.github.ocihooks.admin.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The reference vectors: the repository's own set
 * ({@code src/test/resources/conformance/vectors.jsonl}, or {@code $CONFORMANCE_VECTORS})
 * and, when it is there, the real-world set of {@code ../shared/realworld/vectors.jsonl}
 * (other projects' files, kept outside the repository; {@code $REALWORLD_VECTORS}
 * overrides). Loading, laying out their directories, and comparing results as the
 * vectors' README says.
 */
public final class ConformanceVectors {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String RESOURCE = "/conformance/vectors.jsonl";

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

	/**
	 * One file of vectors.
	 *
	 * @param label what the console line calls it ({@code conformance},
	 * {@code realworld})
	 * @param location where it is read from (a file, or the test resource's URL)
	 * @param required whether a missing file fails the suite; an optional one is skipped,
	 * saying so
	 */
	public record VectorSet(String label, URI location, boolean required) {

		/** Whether the vectors are there to run. */
		public boolean present() {
			if (!"file".equals(this.location.getScheme())) {
				return true;
			}
			return Files.isRegularFile(Path.of(this.location));
		}

		public String where() {
			return "file".equals(this.location.getScheme()) ? Path.of(this.location).toString()
					: this.location.toString();
		}

		public List<Vector> load() throws IOException {
			if (!present()) {
				throw new IllegalStateException(this.label + " vectors not found at " + where());
			}
			List<Vector> vectors = new ArrayList<>();
			try (InputStream in = this.location.toURL().openStream()) {
				String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
				for (String line : text.split("\n")) {
					if (line.isBlank()) {
						continue;
					}
					JsonNode node = JSON.readTree(line);
					vectors.add(new Vector(node.get("id").asString(), node));
				}
			}
			return vectors;
		}

		/**
		 * The vectors, or, for an optional set that is missing, a line on the console
		 * ("... not found at ...: skipped") and an aborted (skipped) test.
		 */
		public List<Vector> loadOrSkip() throws IOException {
			if (!this.required && !present()) {
				ConsoleSummary.println(this.label + " vectors not found at " + where() + ": skipped");
				Assumptions.abort(this.label + " vectors not found at " + where());
			}
			return load();
		}

	}

	/**
	 * The repository's own vectors (data this project produced), or
	 * {@code $CONFORMANCE_VECTORS}.
	 */
	public static VectorSet conformance() {
		String env = System.getenv("CONFORMANCE_VECTORS");
		if (env != null && !env.isBlank()) {
			return new VectorSet("conformance", Path.of(env).toAbsolutePath().toUri(), true);
		}
		URL resource = ConformanceVectors.class.getResource(RESOURCE);
		if (resource == null) {
			throw new IllegalStateException("Test resource " + RESOURCE + " is missing from the test class path");
		}
		try {
			return new VectorSet("conformance", resource.toURI(), true);
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Real-world situations: {@code $REALWORLD_VECTORS}, else
	 * {@code ../shared/realworld/vectors.jsonl} beside the project (its directory is
	 * {@code basedir}, which surefire and failsafe set). Optional.
	 */
	public static VectorSet realworld() {
		String env = System.getenv("REALWORLD_VECTORS");
		if (env != null && !env.isBlank()) {
			return new VectorSet("realworld", Path.of(env).toAbsolutePath().toUri(), true);
		}
		Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
		Path file = base.resolve("../shared/realworld/vectors.jsonl").toAbsolutePath().normalize();
		return new VectorSet("realworld", file.toUri(), false);
	}

	/** The repository's own vectors. */
	public static List<Vector> load() throws IOException {
		return conformance().load();
	}

	/**
	 * Empties the directories and writes the vector's {@code dirs[i]} into directory i.
	 */
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
	 * Compares a preview response with the vector's expectation; returns null when they
	 * agree, else what differs.
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
	 * Passes and failures of one run, printed as "{@code <label>: N passed, M failed}"
	 * with each failure below it (the line {@code .ci/run} shows).
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

		/**
		 * Prints the counts on the build's console (and in the test's report file),
		 * failures below.
		 */
		public synchronized void print(String label) {
			if (this.passed + this.failures.size() == 0) {
				return;
			}
			ConsoleSummary.println(label + ": " + this.passed + " passed, " + this.failures.size() + " failed");
			this.failures.forEach(f -> ConsoleSummary.println("  FAILED " + f));
		}

	}

}
