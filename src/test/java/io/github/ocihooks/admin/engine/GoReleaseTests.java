package io.github.ocihooks.admin.engine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What differs with the Go release a consumer was built with ({@link GoRelease}). */
class GoReleaseTests {

	private static final GoRelease GO_119 = GoRelease.of(1, 19);

	private static final GoRelease GO_122 = GoRelease.of(1, 22);

	@TempDir
	Path root;

	@Test
	void parsesGoVersionStrings() {
		assertThat(GoRelease.parse("go1.19.8")).contains(GO_119);
		assertThat(GoRelease.parse("1.22")).contains(GO_122);
		assertThat(GoRelease.parse("go1.21rc2")).contains(GoRelease.of(1, 21));
		assertThat(GoRelease.parse("latest")).contains(GoRelease.LATEST);
		assertThat(GoRelease.parse("go2.0")).isEmpty();
		assertThat(GoRelease.parse("gcc 12")).isEmpty();
		assertThat(GoRelease.parse(null)).isEmpty();
		assertThat(GO_119.name()).isEqualTo("go1.19");
		assertThat(GO_119.acceptsAngleNamedGroups()).isFalse();
		assertThat(GO_122.acceptsAngleNamedGroups()).isTrue();
		assertThat(GoRelease.LATEST.acceptsAngleNamedGroups()).isTrue();
	}

	@Test
	void namedGroupsWithAngleBracketsOnlyFromGo122() throws Exception {
		assertThat(CompiledWhen.compile("(?<cmd>true)", "invalid command", "/when/commands/0", GO_122)).isNotNull();
		assertThat(CompiledWhen.compile("(?<cmd>true)", "invalid command", "/when/commands/0")).isNotNull();
		assertThatThrownBy(() -> CompiledWhen.compile("(?<cmd>true)", "invalid command", "/when/commands/0", GO_119))
			.hasMessage("invalid command \"(?<cmd>true)\": error parsing regexp: invalid or unsupported Perl syntax: "
					+ "`(?<`");
		// The Python form, a class holding "(?<", an escaped paren: the same in every
		// release.
		for (String same : List.of("(?P<cmd>true)", "[(?<]", "\\(?<", "\\Q(?<x>\\E")) {
			assertThat(CompiledWhen.compile(same, "invalid command", "/when/commands/0", GO_119)).as(same).isNotNull();
		}
	}

	@Test
	void lookbehindIsWordedAsItsReleaseWordsIt() {
		assertThatThrownBy(() -> CompiledWhen.compile("(?<=/)sh", "invalid command", "/c", GO_119)).hasMessage(
				"invalid command \"(?<=/)sh\": error parsing regexp: invalid or unsupported Perl syntax: `(?<`");
		assertThatThrownBy(() -> CompiledWhen.compile("(?<=/)sh", "invalid command", "/c", GO_122))
			.hasMessage("invalid command \"(?<=/)sh\": error parsing regexp: invalid named capture: `(?<=/)sh`");
	}

	@Test
	void anEarlierErrorWinsOverTheAngleGroup() {
		// Go parses left to right: the bad escape comes first, even though the group is
		// unbalanced here.
		assertThatThrownBy(() -> CompiledWhen.compile("(a\\8(?<x>y)", "invalid command", "/c", GO_119))
			.hasMessage("invalid command \"(a\\\\8(?<x>y)\": error parsing regexp: invalid escape sequence: `\\8`");
		assertThatThrownBy(() -> CompiledWhen.compile("a**(?<x>y)", "invalid command", "/c", GO_119)).hasMessage(
				"invalid command \"a**(?<x>y)\": error parsing regexp: invalid nested repetition operator: " + "`**`");
	}

	@Test
	void typeErrorsNameTheNumberOnlyForNumericTargetsInClassicGo() {
		String file = "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/sh\"}, \"when\": {\"annotations\": "
				+ "{\"a\": 1}}, \"stages\": [\"prestart\"]}";
		assertThat(HookReader.read(file.getBytes(StandardCharsets.UTF_8), GO_119).error().message()).isEqualTo(
				"1.0.0: json: cannot unmarshal number into Go struct field When.when.annotations of type string");
		assertThat(HookReader.read(file.getBytes(StandardCharsets.UTF_8)).error().message()).isEqualTo(
				"1.0.0: json: cannot unmarshal number 1 into Go struct field When.when.annotations of type string");
		String timeout = "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/sh\", \"timeout\": 1e1}, "
				+ "\"when\": {\"always\": true}, \"stages\": [\"prestart\"]}";
		assertThat(HookReader.read(timeout.getBytes(StandardCharsets.UTF_8), GO_119).error().message())
			.isEqualTo("1.0.0: json: cannot unmarshal number 1e1 into Go struct field Hook.hook.timeout of type int");
	}

	@Test
	void oneSnapshotAnswersForEachConsumersGoRelease() {
		TestHooks hooks = new TestHooks(this.root, 1).write(0, "named.json",
				TestHooks.hook("/bin/sh", "{\"commands\": [\"(?<cmd>sh)\"]}", "prestart"));
		Snapshot snapshot = hooks.snapshot();
		ContainerConfig config = new ContainerConfig(true, List.of("sh"), Map.of(), List.of(), false, Map.of());
		PreviewResult newer = HookPreview.preview(snapshot, new PreviewInput(config, Map.of(), false, TestHooks.PODMAN,
				LoadMode.MERGED, PrestartStage.PRESTART, GO_122));
		PreviewResult older = HookPreview.preview(snapshot, new PreviewInput(config, Map.of(), false, TestHooks.PODMAN,
				LoadMode.MERGED, PrestartStage.PRESTART, GO_119));
		PreviewResult byDefault = HookPreview.preview(snapshot,
				new PreviewInput(config, Map.of(), false, TestHooks.PODMAN, LoadMode.MERGED, PrestartStage.PRESTART));
		assertThat(newer.runtimeError()).isNull();
		assertThat(newer.hooks()).containsKey("prestart");
		assertThat(byDefault.hooks()).isEqualTo(newer.hooks());
		assertThat(older.runtimeError()).isNotNull();
		assertThat(older.runtimeError().message()).isEqualTo(
				"invalid command \"(?<cmd>sh)\": error parsing regexp: " + "invalid or unsupported Perl syntax: `(?<`");
		// The snapshot itself (the default consumer) is unchanged, and each release's
		// resolution is kept.
		assertThat(snapshot.resolution().loadError()).isNull();
		assertThat(snapshot.resolution(TestHooks.PODMAN, LoadMode.MERGED, GO_119))
			.isSameAs(snapshot.resolution(TestHooks.PODMAN, LoadMode.MERGED, GO_119));
		assertThat(snapshot.resolution(TestHooks.PODMAN, LoadMode.MERGED, GO_119).files().get(0).status())
			.isEqualTo(Status.INVALID);
	}

	@Test
	void aMissingExecutableStaysAMissingExecutableInEveryRelease() {
		TestHooks hooks = new TestHooks(this.root, 1).write(0, "gone.json",
				TestHooks.hook("/nonexistent/hook", "{\"commands\": [\"(?<cmd>sh)\"]}", "prestart"));
		Resolution older = hooks.snapshot().resolution(TestHooks.PODMAN, LoadMode.MERGED, GO_119);
		assertThat(older.loadError()).isNull();
		assertThat(older.files().get(0).file().kind()).isEqualTo(HookFile.Kind.EXECUTABLE_MISSING);
	}

}
