package io.github.ocihooks.admin.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.github.ocihooks.admin.engine.TestHooks.hook;
import static org.assertj.core.api.Assertions.assertThat;

/** When.Match semantics, from containers/common's when_test.go, through real files. */
class MatchingTests {

	@TempDir
	Path root;

	private PreviewResult preview(String definition, List<String> args, Map<String, String> annotations,
			boolean bindMounts) {
		Snapshot s = new TestHooks(this.root, 1).write(0, "h.json", definition).snapshot();
		return TestHooks.preview(s, args, annotations, bindMounts);
	}

	private boolean matches(String definition, List<String> args, Map<String, String> annotations, boolean bind) {
		PreviewResult r = preview(definition, args, annotations, bind);
		assertThat(r.runtimeError()).isNull();
		boolean explained = r.evaluations().get(0).matched();
		// The same decision without explanations (what explain=false serves).
		Snapshot s = new TestHooks(this.root, 1).snapshot();
		ContainerConfig config = new ContainerConfig(args != null, (args != null) ? args : List.of(), annotations,
				List.of(), false, Map.of());
		PreviewResult fast = HookPreview.preview(s, new PreviewInput(config, annotations, bind, s.extensionStages()),
				false);
		assertThat(fast.evaluations()).isEmpty();
		boolean injected = fast.stages()
			.values()
			.stream()
			.flatMap(List::stream)
			.anyMatch(i -> "h.json".equals(i.file()));
		assertThat(injected).isEqualTo(explained);
		return explained;
	}

	@Test
	void noConditionNeverMatches() {
		assertThat(matches(hook("/bin/sh", "{}", "prestart"), List.of("/bin/sh"), Map.of(), true)).isFalse();
		assertThat(matches("{\"hook\": \"/bin/sh\", \"stages\": [\"prestart\"]}", List.of("/bin/sh"), Map.of(), true))
			.isFalse();
	}

	@Test
	void alwaysFalseNeverMatchesEvenWithMatchingCommands() {
		assertThat(matches(hook("/bin/sh", "{\"always\": false, \"commands\": [\".*\"]}", "prestart"),
				List.of("/bin/sh"), Map.of(), false))
			.isFalse();
	}

	@ParameterizedTest
	@CsvSource({ "true,true", "false,false" })
	void hasBindMountsTrueFollowsTheContainer(boolean container, boolean expected) {
		assertThat(matches(hook("/bin/sh", "{\"hasBindMounts\": true}", "prestart"), List.of("/bin/sh"), Map.of(),
				container))
			.isEqualTo(expected);
		assertThat(matches("{\"hook\": \"/bin/sh\", \"hasbindmounts\": true, \"stages\": [\"prestart\"]}",
				List.of("/bin/sh"), Map.of(), container))
			.isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "true", "false" })
	void hasBindMountsFalseNeverMatches(boolean container) {
		assertThat(matches(hook("/bin/sh", "{\"hasBindMounts\": false}", "prestart"), List.of("/bin/sh"), Map.of(),
				container))
			.isFalse();
	}

	@Test
	void annotationsAndNeedsEveryPairOrNeedsOne() {
		String and = hook("/bin/sh", "{\"annotations\": {\"^a$\": \"^b$\", \"^c$\": \"^d$\"}}", "prestart");
		assertThat(matches(and, List.of("/bin/sh"), Map.of("a", "b", "c", "d"), false)).isTrue();
		assertThat(matches(and, List.of("/bin/sh"), Map.of("a", "b"), false)).isFalse();
		String or = "{\"hook\": \"/bin/sh\", \"annotations\": [\"^b$\", \"^d$\"], \"stages\": [\"prestart\"]}";
		assertThat(matches(or, List.of("/bin/sh"), Map.of("x", "d"), false)).isTrue();
		assertThat(matches(or, List.of("/bin/sh"), Map.of("x", "e"), false)).isFalse();
		// Legacy annotations patterns match values only: a key named like the pattern
		// does not count.
		assertThat(matches(or, List.of("/bin/sh"), Map.of("b", "e"), false)).isFalse();
	}

	@Test
	void annotationPatternsAreUnanchoredAndKeyAndValueMustMatchTheSameAnnotation() {
		String def = hook("/bin/sh", "{\"annotations\": {\"gpu\": \"true\"}}", "prestart");
		assertThat(matches(def, List.of("/bin/sh"), Map.of("com.example.gpu", "xtruex"), false)).isTrue();
		assertThat(matches(def, List.of("/bin/sh"), Map.of("gpu", "no", "other", "true"), false)).isFalse();
		Evaluation e = preview(def, List.of("/bin/sh"), Map.of("gpu", "no"), false).evaluations().get(0);
		assertThat(e.conditions().get(0).detail()).contains("no value matches");
	}

	@Test
	void commandsDecideAndAreSkippedWithoutProcess() {
		String def = hook("/bin/sh", "{\"commands\": [\"^/bin/sh$\"]}", "prestart");
		assertThat(matches(def, List.of("/bin/sh", "a"), Map.of(), false)).isTrue();
		assertThat(matches(def, List.of("/bin/shell"), Map.of(), false)).isFalse();
		assertThat(matches(def, List.of("a", "/bin/sh"), Map.of(), false)).as("only args[0]").isFalse();
		assertThat(matches(def, null, Map.of(), false)).as("process unset").isFalse();
		// Without process, commands are skipped, so "always" alone decides.
		assertThat(matches(hook("/bin/sh", "{\"always\": true, \"commands\": [\"^x$\"]}", "prestart"), null, Map.of(),
				false))
			.isTrue();
	}

	@Test
	void legacyCommandsDecideEvenAfterOtherConditionsFailed() {
		String def = "{\"hook\": \"/bin/sh\", \"hasbindmounts\": true, \"cmds\": [\"sh$\"], \"stages\": [\"prestart\"]}";
		assertThat(matches(def, List.of("/bin/sh"), Map.of(), false)).isTrue();
		assertThat(matches(def, List.of("/bin/bash"), Map.of(), true)).as("bind mounts decide first").isTrue();
		assertThat(matches(def, List.of("/bin/true"), Map.of(), false)).isFalse();
	}

	@Test
	void emptyProcessArgsWithCommandsFailsTheContainer() {
		PreviewResult r = preview(hook("/bin/sh", "{\"commands\": [\".*\"]}", "prestart"), List.of(), Map.of(), false);
		assertThat(r.runtimeError().phase()).isEqualTo("match");
		assertThat(r.runtimeError().message())
			.isEqualTo("matching hook \"h.json\": process.args must have at least one entry");
		assertThat(r.hooks()).isNull();
	}

	@Test
	void injectionKeepsConfigHooksFirstMapsPrestartAndRepeatsStages() {
		Snapshot s = new TestHooks(this.root, 1)
			.write(0, "a.json",
					hook("/bin/sh", "{\"always\": true}", "prestart", "poststart", "poststart", "precreate"))
			.snapshot();
		ContainerConfig config = new ContainerConfig(true, List.of("/bin/sh"), Map.of(), List.of(), true,
				Map.of("poststart", List.of(new OciHook("/usr/bin/existing", null, null, null))));
		PreviewResult r = HookPreview.preview(s, new PreviewInput(config, Map.of(), false, TestHooks.PODMAN));
		assertThat(r.hooks().get("createRuntime")).extracting(OciHook::path).containsExactly("/bin/sh");
		assertThat(r.hooks().get("poststart")).extracting(OciHook::path)
			.containsExactly("/usr/bin/existing", "/bin/sh", "/bin/sh");
		assertThat(r.hooks()).doesNotContainKey("precreate");
		assertThat(r.extensionStageHooks()).containsOnlyKeys("precreate");
		assertThat(r.stages().get("poststart")).extracting(PreviewResult.Injected::origin)
			.containsExactly("config", "file", "file");
	}

	@Test
	void aMatchOnlyForExtensionStagesStillCreatesTheHooksObject() {
		PreviewResult r = preview(hook("/bin/sh", "{\"always\": true}", "poststop"), List.of("/bin/sh"), Map.of(),
				false);
		assertThat(r.hooks()).isEmpty();
		assertThat(r.extensionStageHooks().get("poststop")).hasSize(1);
		PreviewResult none = preview(hook("/bin/sh", "{\"always\": false}", "poststop"), List.of("/bin/sh"), Map.of(),
				false);
		assertThat(none.hooks()).isNull();
		assertThat(none.extensionStageHooks()).isNull();
	}

	@Test
	void explanationsNameTheDecidingCondition() {
		Evaluation e = preview(
				hook("/bin/sh", "{\"always\": true, \"hasBindMounts\": true, \"commands\": [\"sh\"]}", "prestart"),
				List.of("/bin/sh"), Map.of(), false)
			.evaluations()
			.get(0);
		assertThat(e.matched()).isFalse();
		assertThat(e.decidedBy()).isEqualTo(Evaluation.DecidedBy.HAS_BIND_MOUNTS);
		assertThat(e.decidedBy().wire()).isEqualTo("hasBindMounts");
		assertThat(e.conditions()).extracting(Evaluation.Condition::result).containsExactly(true, false, null);
		assertThat(e.summary()).contains("no bind mounts");
	}

}
