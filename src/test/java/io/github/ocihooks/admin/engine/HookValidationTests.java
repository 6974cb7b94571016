package io.github.ocihooks.admin.engine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the validator (and writes) tell an admin: every problem at once, at its place, in
 * the runtime's words.
 */
class HookValidationTests {

	private static final List<String> PODMAN = List.of("precreate", "poststop");

	private final HookLoader loader = new HookLoader(ExecutableProbe.fileSystem());

	@TempDir
	Path dir;

	private HookValidation.Verdict text(String name, String content) {
		return HookValidation.ofText(this.loader, 0, this.dir.toString(), name,
				content.getBytes(StandardCharsets.UTF_8), PODMAN);
	}

	@Test
	void everyProblemAtOnceEachAtItsField() {
		HookValidation.Verdict v = text("a.json", """
				{"version": "1.0.0",
				 "hook": {"path": "/nonexistent/hook"},
				 "when": {"annotations": {"^a$": "("}, "commands": ["[z-a]"]},
				 "stages": ["prestart", "bogus"]}
				""");
		assertThat(v.valid()).isFalse();
		assertThat(v.errors()).extracting(Problem::code)
			.containsExactly("executable-missing", "invalid-pattern", "invalid-pattern", "unknown-stage");
		assertThat(v.errors()).extracting(Problem::pointer)
			.containsExactly("/hook/path", "/when/annotations/^a$", "/when/commands/0", "/stages/1");
		assertThat(v.errors()).extracting(Problem::line).containsExactly(2, 3, 3, 4);
		assertThat(v.errors()).allMatch(p -> p.column() > 0);
	}

	@Test
	void everyTypeErrorAtOnceTheRuntimesFirstUnchanged() {
		String content = "{\"version\": \"1.0.0\",\n \"hook\": {\"path\": 1, \"args\": \"x\"},\n \"stages\": \"prestart\"}";
		HookValidation.Verdict v = text(null, content);
		assertThat(v.errors()).hasSize(3);
		assertThat(v.errors()).extracting(Problem::pointer).containsExactly("/hook/path", "/hook/args", "/stages");
		assertThat(v.errors().get(0).message())
			.isEqualTo(HookReader.read(content.getBytes(StandardCharsets.UTF_8)).error().message());
		assertThat(v.errors()).extracting(Problem::line).containsExactly(2, 2, 3);
	}

	@Test
	void aMissingExecutableIsOneFindingThatSaysWhatTheRuntimeDoes() {
		HookValidation.Verdict v = text("a.json",
				"{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/nonexistent/x\"}, \"when\": {\"always\": true}, "
						+ "\"stages\": [\"prestart\"]}");
		assertThat(v.errors()).singleElement().satisfies(p -> {
			assertThat(p.code()).isEqualTo("executable-missing");
			assertThat(p.message()).contains("skips this file silently", "does not mask");
		});
		assertThat(v.notes()).extracting(Problem::code).doesNotContain("executable-missing", "skipped");
	}

	@Test
	void aParseErrorNamesNoFileTheCallerDidNotSendAndHasLineAndColumn() {
		HookValidation.Verdict unnamed = text(null, "{\n  \"version\": \"1.0.0\",\n}");
		assertThat(unnamed.errors()).singleElement().satisfies(p -> {
			assertThat(p.message()).startsWith("version check: ").doesNotContain(".json");
			assertThat(p.line()).isEqualTo(3);
			assertThat(p.column()).isPositive();
		});
		HookValidation.Verdict named = text("50-x.json", "{\n  \"version\": \"1.0.0\",\n}");
		assertThat(named.errors().get(0).message())
			.startsWith("parsing hook \"" + this.dir.resolve("50-x.json") + "\": version check: ");
	}

	@Test
	void legacyContentIsValidWhicheverWayItIsSentWithTheConvertedText() throws Exception {
		String legacy = "{\"version\": \"0.1.0\", \"hook\": \"/bin/true\", \"arguments\": [\"x\"], "
				+ "\"cmds\": [\"^/bin/sh$\"], \"stages\": [\"prestart\"]}";
		HookValidation.Verdict raw = text(null, legacy);
		HookValidation.Verdict value = HookValidation.ofValue(this.loader, 0, this.dir.toString(), null,
				GoJson.parse(legacy), PODMAN);
		for (HookValidation.Verdict v : List.of(raw, value)) {
			assertThat(v.valid()).isTrue();
			assertThat(v.notes()).extracting(Problem::code).contains("legacy-schema");
			assertThat(v.converted()).contains("\"version\": \"1.0.0\"", "\"commands\"", "\"args\"");
			HookReader.Result back = HookReader.read(v.converted().getBytes(StandardCharsets.UTF_8));
			assertThat(back.definition().hook()).isEqualTo(v.definition().hook());
			assertThat(back.definition().when().commands()).isEqualTo(v.definition().when().commands());
		}
		// Any-of over two kinds of condition has no single 1.0.0 equivalent: no text is
		// offered.
		HookValidation.Verdict both = text(null, "{\"hook\": \"/bin/true\", \"cmds\": [\"sh\"], "
				+ "\"hasbindmounts\": true, \"stages\": [\"prestart\"]}");
		assertThat(both.valid()).isTrue();
		assertThat(both.converted()).isNull();
	}

	@Test
	void unanchoredAnnotationPatternsGetTheAnchoredEscapedSuggestion() {
		HookValidation.Verdict v = text("a.json", "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/true\"}, "
				+ "\"when\": {\"annotations\": {\"com.example.gpu\": \"true\"}}, \"stages\": [\"prestart\"]}");
		List<Problem> warnings = v.notes().stream().filter(p -> p.code().equals("unanchored-pattern")).toList();
		assertThat(warnings).hasSize(2);
		assertThat(warnings.get(0).message()).contains("xcom.example.gpux", "\"^com\\\\.example\\\\.gpu$\"",
				"matches any character");
		assertThat(warnings.get(1).message()).contains("\"untrue\"", "\"^true$\"");
		assertThat(warnings).allMatch(p -> p.pointer().equals("/when/annotations/com.example.gpu"));
	}

	@Test
	void anchoredOrIntentionallyBroadPatternsAreLeftAlone() {
		for (String annotations : List.of("{\"^com\\\\.example\\\\.gpu$\": \"^true$\"}", "{\".*\": \".*\"}",
				"{\"^io\\\\.kubernetes\\\\..*\": \".*gpu.*\"}", "{\"^a$\": \"^(true|1|yes)$\"}")) {
			HookValidation.Verdict v = text("a.json", "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/true\"}, "
					+ "\"when\": {\"annotations\": " + annotations + "}, \"stages\": [\"prestart\"]}");
			assertThat(v.notes()).as(annotations).extracting(Problem::code).doesNotContain("unanchored-pattern");
		}
		assertThat(Advice.unanchored("value", "true|1", "/p").message()).contains("\"^(true|1)$\"");
	}

	@Test
	void aParseErrorBlocksTheRuntimeEvenWhenMaskedUnlessAMissingExecutableComesFirst() throws Exception {
		Path low = Files.createDirectories(this.dir.resolve("low"));
		Path high = Files.createDirectories(this.dir.resolve("high"));
		Files.writeString(high.resolve("50-x.json"), "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/true\"}, "
				+ "\"when\": {\"always\": true}, \"stages\": [\"prestart\"]}");
		List<DirectoryScan> scans = this.loader.scan(List.of(low.toString(), high.toString()));
		HookFile broken = this.loader.check(0, low.toString(), "50-x.json", "{".getBytes(StandardCharsets.UTF_8));
		assertThat(HookValidation.blocksRuntime(scans, broken, PODMAN)).isTrue();

		Files.writeString(low.resolve("10-missing.json"), "{\"version\": \"1.0.0\", \"hook\": {\"path\": "
				+ "\"/nonexistent/x\"}, \"when\": {\"always\": true}, \"stages\": [\"prestart\"]}");
		scans = this.loader.scan(List.of(low.toString(), high.toString()));
		assertThat(HookValidation.blocksRuntime(scans, broken, PODMAN)).isFalse();
	}

	@Test
	void lineAndColumnZeroAreLeftOutOfJson() {
		String json = JsonMapper.builder()
			.build()
			.writeValueAsString(Problem.of(Severity.WARNING, "x", "/when", 0, "m"));
		assertThat(json).doesNotContain("\"line\"").doesNotContain("\"column\"");
		String located = JsonMapper.builder()
			.build()
			.writeValueAsString(Problem.of(Severity.WARNING, "x", "/when", 0, "m").located("/raw", 3, 7));
		assertThat(located).contains("\"line\":3", "\"column\":7");
	}

}
