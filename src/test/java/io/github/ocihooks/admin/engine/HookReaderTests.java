package io.github.ocihooks.admin.engine;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading hook file content with Go's JSON rules; cases from containers/common's
 * read_test.go and hook tests.
 */
class HookReaderTests {

	private static HookReader.Result read(String json) {
		return HookReader.read(json.getBytes(StandardCharsets.UTF_8));
	}

	private static HookDefinition ok(String json) {
		HookReader.Result r = read(json);
		assertThat(r.error()).as("error for %s", json).isNull();
		return r.definition();
	}

	private static String error(String json) {
		HookReader.Result r = read(json);
		assertThat(r.error()).as("expected an error for %s", json).isNotNull();
		return r.error().message();
	}

	@Test
	void readsTheReferenceGoodBytes() {
		HookDefinition d = ok(
				"{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/a/b/c\"}, \"when\": {\"always\": true}, "
						+ "\"stages\": [\"prestart\"]}");
		assertThat(d.hook()).isEqualTo(new OciHook("/a/b/c", null, null, null));
		assertThat(d.when().always()).isTrue();
		assertThat(d.when().or()).isFalse();
		assertThat(d.stages()).containsExactly("prestart");
	}

	@Test
	void reportsErrorsWithTheReferenceWording() {
		assertThat(error("{")).isEqualTo("version check: unexpected end of JSON input");
		assertThat(error("")).isEqualTo("version check: unexpected end of JSON input");
		assertThat(error("{\"version\": \"-1\"}")).isEqualTo("unrecognized hook version: \"-1\"");
		assertThat(error("{\"version\": \"1.0.0\", \"hook\": \"not-a-string\"}"))
			.isEqualTo("1.0.0: json: cannot unmarshal string into Go struct field Hook.hook of type specs.Hook");
		assertThat(error("\"x\"")).startsWith("version check: json: cannot unmarshal string into Go value");
	}

	@Test
	void rejectsWhatGoRejectsOutsideTheValue() {
		assertThat(error("\uFEFF{\"version\": \"1.0.0\"}")).contains("invalid character 'ï'");
		assertThat(error("{\"version\": \"1.0.0\"} x")).contains("after top-level value");
		assertThat(error("{\"version\": \"1.0.0\",}")).startsWith("version check:");
		assertThat(error("{\"version\": \"1.0.0\"} {}")).contains("after top-level value");
		assertThat(error("{/*c*/\"version\": \"1.0.0\"}")).startsWith("version check:");
		assertThat(error("{'version': '1.0.0'}")).startsWith("version check:");
	}

	@Test
	void nestingIsLimitedAsInGo() {
		String deepOk = "{\"x\": " + "[".repeat(9_000) + "]".repeat(9_000) + ", \"hook\": \"/bin/sh\", \"stages\": []}";
		assertThat(read(deepOk).ok()).isTrue();
		String tooDeep = "{\"x\": " + "[".repeat(10_001) + "]".repeat(10_001) + "}";
		assertThat(error(tooDeep)).contains("exceeded max depth");
	}

	@Test
	void matchesKeysCaseInsensitivelyWithGoFolding() {
		HookDefinition d = ok("{\"VERSION\": \"1.0.0\", \"Hoo\u212A\": {\"PATH\": \"/bin/sh\"}, "
				+ "\"when\": {\"hasbindmounts\": true}, \"\u017Ftages\": [\"poststop\"]}");
		assertThat(d.hook().path()).isEqualTo("/bin/sh");
		assertThat(d.when().hasBindMounts()).isTrue();
		assertThat(d.stages()).containsExactly("poststop");
		HookReader.Result r = read("{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/sh\"}, \"Stages\": []}");
		assertThat(r.notes()).extracting(Problem::code).contains("key-case");
		assertThat(r.notes()).filteredOn(p -> p.code().equals("key-case"))
			.extracting(Problem::pointer)
			.containsExactly("/Stages");
	}

	@Test
	void unknownKeysAreIgnoredButNoted() {
		HookReader.Result r = read(
				"{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/sh\", \"timout\": 5}, \"stages\": [], \"x\": [1]}");
		assertThat(r.ok()).isTrue();
		assertThat(r.definition().hook().timeout()).isNull();
		assertThat(r.notes()).filteredOn(p -> p.code().equals("unknown-key"))
			.extracting(Problem::pointer)
			.containsExactly("/hook/timout", "/x");
		assertThat(r.notes().get(0).message()).contains("did you mean \"timeout\"");
	}

	@Test
	void repeatedKeysReplaceScalarsAndArraysButMergeObjects() {
		HookDefinition d = ok("{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/sh\"}, "
				+ "\"when\": {\"always\": true, \"annotations\": {\"a\": \"1\"}}, "
				+ "\"when\": {\"commands\": [\"x\"], \"annotations\": {\"b\": \"2\"}}, "
				+ "\"stages\": [\"prestart\"], \"stages\": [\"poststart\"], \"hook\": {\"timeout\": 3}}");
		assertThat(d.when().always()).isTrue();
		assertThat(d.when().commands()).containsExactly("x");
		assertThat(d.when().annotations()).isEqualTo(Map.of("a", "1", "b", "2"));
		assertThat(d.stages()).containsExactly("poststart");
		assertThat(d.hook()).isEqualTo(new OciHook("/bin/sh", null, null, 3L));
	}

	@Test
	void nullFollowsGoRules() {
		// null: pointers, slices and maps become nil; strings and structs stay; null
		// elements become "".
		assertThat(ok("{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/sh\", \"args\": [\"a\", null]}, "
				+ "\"when\": {\"always\": true, \"always\": null}, \"stages\": [null]}"))
			.satisfies(d -> {
				assertThat(d.hook().args()).containsExactly("a", "");
				assertThat(d.when().always()).isNull();
				assertThat(d.stages()).containsExactly("");
			});
		assertThat(ok("{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/sh\"}, \"hook\": {\"path\": null}, "
				+ "\"when\": null, \"stages\": [\"prestart\"], \"stages\": null}"))
			.satisfies(d -> {
				assertThat(d.hook().path()).isEqualTo("/bin/sh");
				assertThat(d.when().isEmpty()).isTrue();
				assertThat(d.stages()).isNull();
			});
		assertThat(ok("{\"version\": \"1.0.0\", \"version\": null, \"hook\": {\"path\": \"/x\"}, "
				+ "\"when\": {\"annotations\": {\"k\": null}}, \"stages\": []}")
			.when()
			.annotations()).isEqualTo(Map.of("k", ""));
	}

	@ParameterizedTest
	@ValueSource(strings = { "1.5", "1e1", "1.0", "9223372036854775808", "\"5\"", "true", "[5]" })
	void timeoutMustBeAGoInt(String timeout) {
		assertThat(error("{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/sh\", \"timeout\": " + timeout
				+ "}, \"stages\": []}"))
			.startsWith("1.0.0: json: cannot unmarshal ")
			.endsWith("into Go struct field Hook.hook.timeout of type int");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "-5|-5", "0|0", "-0|0", "9223372036854775807|9223372036854775807" })
	void timeoutAcceptsAny64BitInteger(String literal, long expected) {
		assertThat(ok("{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/sh\", \"timeout\": " + literal
				+ "}, \"stages\": []}")
			.hook()
			.timeout()).isEqualTo(expected);
	}

	@Test
	void noTypeCoercion() {
		assertThat(
				error("{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/sh\"}, \"when\": {\"always\": \"true\"}}"))
			.isEqualTo("1.0.0: json: cannot unmarshal string into Go struct field When.when.always of type bool");
		assertThat(error("{\"version\": \"1.0.0\", \"when\": {\"annotations\": {\"a\": 1}}}")).contains("number");
		assertThat(error("{\"version\": 1}")).startsWith("version check:");
		assertThat(error("{\"version\": \"1.0.0\", \"stages\": \"prestart\"}")).contains("[]string");
	}

	@Test
	void versionSelectsTheReader() {
		assertThat(ok("{\"hook\": \"/bin/sh\", \"stages\": []}").sourceVersion()).isEmpty();
		assertThat(ok("{\"version\": \"0.1.0\", \"hook\": \"/bin/sh\", \"stages\": []}").legacy()).isTrue();
		assertThat(error("{\"version\": \"2.0.0\"}")).isEqualTo("unrecognized hook version: \"2.0.0\"");
		assertThat(error("{\"version\": \"1.0\"}")).isEqualTo("unrecognized hook version: \"1.0\"");
		// The last "version" decides, whatever its case.
		assertThat(
				ok("{\"version\": \"1.0.0\", \"VERSION\": \"0.1.0\", \"hook\": \"/bin/sh\", \"stages\": []}").legacy())
			.isTrue();
		// null at the top: no version, so legacy, which needs "hook".
		assertThat(error("null")).isEqualTo(": missing required property: hook");
	}

	@Test
	void legacyIsConvertedAsTheReferenceDoes() {
		HookDefinition d = ok("{\"hook\": \"/usr/libexec/oci/hooks.d/x\", \"arguments\": [\"-v\"], \"stage\": "
				+ "[\"prestart\"], \"cmd\": [\"^/bin/sh$\"], \"annotation\": [\"^a$\", \"^b$\"], \"hasbindmounts\": true}");
		assertThat(d.hook().args()).containsExactly("/usr/libexec/oci/hooks.d/x", "-v");
		assertThat(d.stages()).containsExactly("prestart");
		assertThat(d.when().commands()).containsExactly("^/bin/sh$");
		assertThat(d.when().annotations()).isEqualTo(Map.of(".*", "^a$|^b$"));
		assertThat(d.when().hasBindMounts()).isTrue();
		assertThat(d.when().or()).isTrue();
		assertThat(ok("{\"hook\": \"/x\", \"arguments\": [], \"stages\": []}").hook().args()).containsExactly("/x");
		assertThat(ok("{\"hook\": \"/x\", \"stages\": []}").hook().args()).isNull();
		assertThat(ok("{\"hook\": \"/x\", \"annotations\": [], \"stages\": []}").when().annotations())
			.isEqualTo(Map.of(".*", ""));
	}

	@Test
	void legacyConflictsAndMissingProperties() {
		assertThat(error("{\"hook\": \"/x\", \"stage\": [], \"stages\": []}"))
			.isEqualTo(": cannot set both 'stage' and 'stages'");
		assertThat(error("{\"version\": \"0.1.0\", \"hook\": \"/x\", \"stages\": [], \"cmd\": [], \"cmds\": []}"))
			.isEqualTo("0.1.0: cannot set both 'cmd' and 'cmds'");
		assertThat(error("{\"hook\": \"/x\", \"stages\": [], \"annotation\": [], \"annotations\": []}"))
			.isEqualTo(": cannot set both 'annotation' and 'annotations'");
		assertThat(error("{\"stages\": []}")).isEqualTo(": missing required property: hook");
		assertThat(error("{\"hook\": \"/x\"}")).isEqualTo(": missing required property: stages");
		assertThat(error("{\"hook\": \"/x\", \"stages\": null, \"stage\": null}"))
			.isEqualTo(": missing required property: stages");
	}

	@Test
	void problemsPointAtTheOffendingValue() {
		HookReader.Result r = read("{\n  \"version\": \"1.0.0\",\n  \"hook\": {\n    \"path\": \"/bin/sh\",\n"
				+ "    \"timeout\": \"5\"\n  }\n}");
		assertThat(r.error().pointer()).isEqualTo("/hook/timeout");
		assertThat(r.error().line()).isEqualTo(5);
	}

	@Test
	void adviceForSurprisingButAcceptedDefinitions() {
		List<Problem> notes = Advice
			.about(ok("{\"version\": \"1.0.0\", \"hook\": {\"path\": \"bin/x\", \"timeout\": 0}, "
					+ "\"when\": {\"hasBindMounts\": false}, \"stages\": []}"));
		assertThat(notes).extracting(Problem::code).contains("never-matches", "timeout", "relative-path");
		assertThat(Advice.about(ok("{\"hook\": \"/x\", \"stages\": []}"))).extracting(Problem::code)
			.contains("missing-version", "never-matches");
		assertThat(Advice
			.about(ok("{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/x\"}, \"when\": {}, \"stages\": []}")))
			.extracting(Problem::code)
			.containsExactly("never-matches");
		assertThat(
				Advice.about(ok("{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/x\"}, \"when\": {\"always\": true}, "
						+ "\"stages\": []}")))
			.isEmpty();
	}

}
