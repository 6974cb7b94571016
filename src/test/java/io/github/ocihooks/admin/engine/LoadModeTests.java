package io.github.ocihooks.admin.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.github.ocihooks.admin.engine.TestHooks.hook;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two ways consumers of {@code pkg/hooks} differ: how they call {@code hooks.New}
 * over their directories ({@link LoadMode}) and where {@code prestart} definitions land
 * ({@link PrestartStage}). PER_DIRECTORY follows podman's {@code setupOCIHooks} (v4.3.1
 * {@code libpod/container_internal.go:2105-2146}): {@code hooks.New} and
 * {@code Manager.Hooks} once per directory, first error returns, extension-stage lists
 * copied stage by stage.
 */
class LoadModeTests {

	private static final String ALWAYS = "{\"always\": true}";

	@TempDir
	Path root;

	private static PreviewResult preview(Snapshot snapshot, LoadMode mode, PrestartStage prestart) {
		ContainerConfig config = new ContainerConfig(true, List.of("/bin/sh"), Map.of(), List.of(), false, Map.of());
		return HookPreview.preview(snapshot,
				new PreviewInput(config, Map.of(), false, TestHooks.PODMAN, mode, prestart));
	}

	private static List<String> files(List<PreviewResult.Injected> injected) {
		return injected.stream().map(i -> Path.of(i.directory()).getFileName() + "/" + i.file()).toList();
	}

	@Test
	void theFourArgumentInputKeepsTodaysBehaviour() {
		ContainerConfig config = new ContainerConfig(true, List.of("/bin/sh"), Map.of(), List.of(), false, Map.of());
		PreviewInput input = new PreviewInput(config, Map.of(), false, TestHooks.PODMAN);
		assertThat(input.loadMode()).isEqualTo(LoadMode.MERGED);
		assertThat(input.prestart()).isEqualTo(PrestartStage.CREATE_RUNTIME);
	}

	@Test
	void prestartStaysPrestartWhenTheConsumerSaysSo() {
		Snapshot s = new TestHooks(this.root, 1).write(0, "a.json", hook("/bin/true", ALWAYS, "prestart", "poststart"))
			.snapshot();
		PreviewResult old = preview(s, LoadMode.MERGED, PrestartStage.PRESTART);
		assertThat(old.hooks()).containsOnlyKeys("prestart", "poststart");
		assertThat(old.stages()).containsOnlyKeys("prestart", "poststart");
		PreviewResult current = preview(s, LoadMode.MERGED, PrestartStage.CREATE_RUNTIME);
		assertThat(current.hooks()).containsOnlyKeys("createRuntime", "poststart");
	}

	@Test
	void perDirectoryMasksNothingAndInjectsInDirectoryOrder() {
		TestHooks hooks = new TestHooks(this.root, 2).write(0, "b.json", hook("/bin/true", ALWAYS, "prestart"))
			.write(0, "z.json", hook("/bin/true", ALWAYS, "prestart"))
			.write(1, "a.json", hook("/bin/sh", ALWAYS, "prestart"))
			.write(1, "b.json", hook("/bin/sh", ALWAYS, "prestart"));
		Snapshot s = hooks.snapshot();

		PreviewResult merged = preview(s, LoadMode.MERGED, PrestartStage.PRESTART);
		assertThat(files(merged.stages().get("prestart"))).containsExactly("d1/a.json", "d1/b.json", "d0/z.json");

		PreviewResult perDirectory = preview(s, LoadMode.PER_DIRECTORY, PrestartStage.PRESTART);
		assertThat(files(perDirectory.stages().get("prestart"))).containsExactly("d0/b.json", "d0/z.json", "d1/a.json",
				"d1/b.json");
		assertThat(perDirectory.hooks().get("prestart")).extracting(OciHook::path)
			.containsExactly("/bin/true", "/bin/true", "/bin/sh", "/bin/sh");
		assertThat(perDirectory.evaluations()).extracting(Evaluation::order).containsExactly(0, 1, 2, 3);

		Resolution r = s.resolution(TestHooks.PODMAN, LoadMode.PER_DIRECTORY);
		assertThat(r.loadMode()).isEqualTo(LoadMode.PER_DIRECTORY);
		assertThat(r.managers()).hasSize(2);
		assertThat(r.managers().get(0).directories()).containsExactly(hooks.dir(0).toString());
		assertThat(r.files()).extracting(FileState::status).containsOnly(Status.ACTIVE);
		assertThat(r.files()).allSatisfy(f -> {
			assertThat(f.maskedBy()).isNull();
			assertThat(f.masks()).isEmpty();
		});
		assertThat(TestHooks.state(s, 0, "b.json").status()).isEqualTo(Status.MASKED);
	}

	@Test
	void perDirectoryAMaskedBrokenFileStillRefusesAndStopsBeforeTheNextDirectory() {
		TestHooks hooks = new TestHooks(this.root, 2).write(0, "a.json", "{")
			.write(1, "a.json", hook("/bin/sh", ALWAYS, "prestart"));
		Snapshot s = hooks.snapshot();
		PreviewResult r = preview(s, LoadMode.PER_DIRECTORY, PrestartStage.PRESTART);
		assertThat(r.runtimeError()).isNotNull();
		assertThat(r.runtimeError().phase()).isEqualTo("load");
		assertThat(r.runtimeError().files()).extracting(RuntimeError.FileError::directory)
			.containsExactly(hooks.dir(0).toString());
		assertThat(r.hooks()).isNull();
		assertThat(r.evaluations()).singleElement().satisfies(e -> {
			assertThat(e.evaluated()).isFalse();
			assertThat(e.summary()).contains("before reading this directory");
		});
		Resolution resolution = s.resolution(TestHooks.PODMAN, LoadMode.PER_DIRECTORY);
		FileState broken = resolution.files().get(0);
		assertThat(broken.status()).isEqualTo(Status.INVALID);
		assertThat(broken.blocksRuntime()).isTrue();
		assertThat(broken.maskedBy()).isNull();
		assertThat(broken.problems()).extracting(Problem::code).doesNotContain("masked-but-fatal");
	}

	@Test
	void perDirectoryABrokenSecondDirectoryRefusesAfterTheFirstWasMatched() {
		TestHooks hooks = new TestHooks(this.root, 2).write(0, "a.json", hook("/bin/sh", ALWAYS, "prestart"))
			.write(1, "b.json", hook("/bin/sh", ALWAYS, "midstart"));
		Snapshot s = hooks.snapshot();
		PreviewResult r = preview(s, LoadMode.PER_DIRECTORY, PrestartStage.PRESTART);
		assertThat(r.runtimeError().message()).contains("unknown stage \"midstart\"");
		assertThat(r.runtimeError().files()).extracting(RuntimeError.FileError::name).containsExactly("b.json");
		assertThat(r.evaluations()).extracting(Evaluation::evaluated).containsExactly(true);
		assertThat(s.resolution(TestHooks.PODMAN, LoadMode.PER_DIRECTORY).loadError()).isNotNull();
	}

	@Test
	void perDirectoryAMissingExecutableIsSkippedInItsDirectoryOnly() {
		TestHooks hooks = new TestHooks(this.root, 2).write(0, "a.json", hook("/bin/true", ALWAYS, "prestart"))
			.write(1, "a.json", hook("/nonexistent/hook", ALWAYS, "prestart"));
		PreviewResult r = preview(hooks.snapshot(), LoadMode.PER_DIRECTORY, PrestartStage.PRESTART);
		assertThat(r.runtimeError()).isNull();
		assertThat(files(r.stages().get("prestart"))).containsExactly("d0/a.json");
	}

	@Test
	void perDirectoryALaterDirectoryReplacesAnExtensionStageListStageByStage() {
		TestHooks hooks = new TestHooks(this.root, 2).write(0, "a.json", hook("/bin/true", ALWAYS, "precreate"))
			.write(0, "b.json", hook("/bin/true", ALWAYS, "poststop", "prestart"))
			.write(1, "c.json", hook("/bin/sh", ALWAYS, "precreate"));
		Snapshot s = hooks.snapshot();
		PreviewResult r = preview(s, LoadMode.PER_DIRECTORY, PrestartStage.PRESTART);
		assertThat(r.extensionStageHooks()).containsOnlyKeys("precreate", "poststop");
		assertThat(r.extensionStageHooks().get("precreate")).extracting(OciHook::path).containsExactly("/bin/sh");
		assertThat(r.extensionStageHooks().get("poststop")).extracting(OciHook::path).containsExactly("/bin/true");
		assertThat(files(r.stages().get("precreate"))).containsExactly("d1/c.json");
		assertThat(files(r.stages().get("poststop"))).containsExactly("d0/b.json");
		assertThat(r.evaluations().get(0).summary()).contains("precreate hook is dropped");
		assertThat(r.evaluations().get(1).summary()).doesNotContain("dropped");

		PreviewResult merged = preview(s, LoadMode.MERGED, PrestartStage.PRESTART);
		assertThat(merged.extensionStageHooks().get("precreate")).hasSize(2);
	}

	@Test
	void noneInjectsNothingAndReadsNothing() {
		TestHooks hooks = new TestHooks(this.root, 2).write(0, "a.json", "{")
			.write(1, "b.json", hook("/bin/sh", ALWAYS, "prestart"));
		Snapshot s = hooks.snapshot();
		OciHook existing = new OciHook("/bin/echo", null, null, null);
		ContainerConfig config = new ContainerConfig(true, List.of("/bin/sh"), Map.of(), List.of(), true,
				Map.of("poststart", List.of(existing)));
		PreviewResult r = HookPreview.preview(s,
				new PreviewInput(config, Map.of(), true, TestHooks.PODMAN, LoadMode.NONE, PrestartStage.PRESTART));
		assertThat(r.runtimeError()).isNull();
		assertThat(r.hooks()).containsOnlyKeys("poststart");
		assertThat(r.extensionStageHooks()).isNull();
		assertThat(r.evaluations()).isEmpty();
		assertThat(r.problems()).isEmpty();
		Resolution resolution = s.resolution(TestHooks.PODMAN, LoadMode.NONE);
		assertThat(resolution.files()).extracting(FileState::status).containsOnly(Status.IGNORED);
		assertThat(resolution.managers()).isEmpty();
		assertThat(resolution.loadError()).isNull();
	}

	@Test
	void snapshotCachesOneResolutionPerStagesAndMode() {
		Snapshot s = new TestHooks(this.root, 1).write(0, "a.json", hook("/bin/sh", ALWAYS, "prestart")).snapshot();
		assertThat(s.resolution(TestHooks.PODMAN, LoadMode.MERGED)).isSameAs(s.resolution());
		Resolution perDirectory = s.resolution(TestHooks.PODMAN, LoadMode.PER_DIRECTORY);
		assertThat(s.resolution(List.of("poststop", "precreate"), LoadMode.PER_DIRECTORY)).isSameAs(perDirectory);
		assertThat(s.resolution(List.of(), LoadMode.PER_DIRECTORY)).isNotSameAs(perDirectory);
		assertThat(s.resolution(TestHooks.PODMAN, LoadMode.NONE)).isNotSameAs(perDirectory);
	}

}
