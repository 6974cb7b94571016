package io.github.ocihooks.admin.api;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.github.ocihooks.admin.conformance.ConformanceVectors;
import io.github.ocihooks.admin.engine.ExecutableProbe;
import io.github.ocihooks.admin.engine.HookFile;
import io.github.ocihooks.admin.engine.HookLoader;
import io.github.ocihooks.admin.engine.HookReader;
import io.github.ocihooks.admin.engine.Problem;
import io.github.ocihooks.admin.engine.Resolution;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published JSON Schema of the 1.0.0 format stays in step with the engine: every hook
 * file of the conformance vectors that the engine accepts in canonical form (schema
 * 1.0.0, exact keys) validates against the schema, and every file the schema accepts is
 * one the engine reads without a type or structure error.
 */
class HookSchemaTests {

	private static final Set<String> STRICT = Set.of("unknown-key", "key-case", "duplicate-key");

	@Test
	void schemaAndEngineAgreeOnTheVectorsFiles() throws Exception {
		Schema schema;
		try (InputStream in = getClass().getResourceAsStream("/schema/hook-1.0.0.json")) {
			schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
		}
		JsonMapper json = JsonMapper.builder().build();
		HookLoader loader = new HookLoader(ExecutableProbe.fileSystem());
		int engineValid = 0;
		int schemaValid = 0;
		List<String> disagreements = new ArrayList<>();
		for (ConformanceVectors.Vector vector : ConformanceVectors.load()) {
			List<String> stages = new ArrayList<>();
			vector.node().get("extensionStages").forEach(s -> stages.add(s.asString()));
			for (JsonNode dir : vector.node().get("dirs")) {
				for (Map.Entry<String, JsonNode> file : dir.properties()) {
					String text = file.getValue().asString();
					if (text.startsWith("<<")) {
						continue;
					}
					byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
					HookReader.Result read = HookReader.read(bytes);
					JsonNode tree;
					try {
						tree = json.readTree(text);
					}
					catch (RuntimeException ex) {
						continue;
					}
					boolean schemaOk = schema.validate(tree).isEmpty();
					boolean strict = read.ok() && !read.definition().legacy()
							&& read.notes().stream().map(Problem::code).noneMatch(STRICT::contains);
					HookFile checked = loader.check(0, "/etc/containers/oci/hooks.d", file.getKey(), bytes);
					boolean engineOk = strict && Resolution.errorOf(checked, stages) == null;
					if (engineOk) {
						engineValid++;
						if (!schemaOk) {
							disagreements.add(vector.id() + "/" + file.getKey() + ": engine accepts, schema refuses: "
									+ schema.validate(tree));
						}
					}
					// JSON Schema cannot tell 10 from 1e1 or 1.0; Go's int can (its
					// schema says so).
					if (schemaOk && !hasNonIntegerLiteral(text)) {
						schemaValid++;
						boolean readable = read.ok() && !read.definition().hook().path().isEmpty()
								&& read.definition().stages() != null;
						if (!readable) {
							disagreements.add(vector.id() + "/" + file.getKey()
									+ ": schema accepts, engine cannot read it: " + read.error());
						}
					}
				}
			}
		}
		assertThat(disagreements).isEmpty();
		assertThat(engineValid).as("files the engine accepts").isGreaterThan(100);
		assertThat(schemaValid).isGreaterThanOrEqualTo(engineValid);
	}

	private static boolean hasNonIntegerLiteral(String text) {
		try {
			return hasNonInteger(io.github.ocihooks.admin.engine.GoJson.parse(text));
		}
		catch (io.github.ocihooks.admin.engine.GoJson.SyntaxException ex) {
			return false;
		}
	}

	private static boolean hasNonInteger(io.github.ocihooks.admin.engine.GoJson.Value v) {
		if (v instanceof io.github.ocihooks.admin.engine.GoJson.JNumber n) {
			return n.literal().matches(".*[.eE].*");
		}
		if (v instanceof io.github.ocihooks.admin.engine.GoJson.JArray a) {
			return a.elements().stream().anyMatch(HookSchemaTests::hasNonInteger);
		}
		if (v instanceof io.github.ocihooks.admin.engine.GoJson.JObject o) {
			return o.members().stream().anyMatch(m -> hasNonInteger(m.value()));
		}
		return false;
	}

}
