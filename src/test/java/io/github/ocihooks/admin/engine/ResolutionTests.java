package io.github.ocihooks.admin.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.github.ocihooks.admin.engine.TestHooks.hook;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loading directories as hooks.New / ReadDir do: precedence, masking, and which errors
 * refuse every container.
 */
class ResolutionTests {

	private static final String ALWAYS = "{\"always\": true}";

	@TempDir
	Path root;

	@Test
	void missingDirectoriesAreFineAndNonJsonNamesIgnored() {
		TestHooks hooks = new TestHooks(this.root, 2).write(1, "a.json", hook("/bin/sh", ALWAYS, "prestart"))
			.write(1, "README", "not a hook")
			.write(1, "b.JSON", "{")
			.write(1, "c.json.bak", "{");
		Snapshot s = hooks.snapshot();
		assertThat(s.directories().get(0).exists()).isFalse();
		assertThat(s.resolution().loadError()).isNull();
		assertThat(TestHooks.state(s, 1, "b.JSON").status()).isEqualTo(Status.IGNORED);
		assertThat(TestHooks.state(s, 1, "b.JSON").problems().get(0).message()).contains("lower case");
		assertThat(s.resolution().injectionOrder()).extracting(FileState::name).containsExactly("a.json");
	}

	@Test
	void aDirectoryThatIsAFileRefusesEveryContainer() throws Exception {
		TestHooks hooks = new TestHooks(this.root, 1);
		Files.writeString(hooks.dir(0), "not a directory");
		assertThat(hooks.snapshot().resolution().loadError().message()).contains("not a directory");
	}

	@Test
	void higherDirectoryMasksTheSameName() {
		TestHooks hooks = new TestHooks(this.root, 2).write(0, "a.json", hook("/bin/true", ALWAYS, "prestart"))
			.write(1, "a.json", hook("/bin/sh", ALWAYS, "poststart"));
		Snapshot s = hooks.snapshot();
		assertThat(TestHooks.state(s, 0, "a.json").status()).isEqualTo(Status.MASKED);
		assertThat(TestHooks.state(s, 0, "a.json").maskedBy()).isEqualTo(hooks.dir(1).toString());
		assertThat(TestHooks.state(s, 1, "a.json").masks()).containsExactly(hooks.dir(0).toString());
		PreviewResult r = TestHooks.preview(s, List.of("/bin/sh"), Map.of(), false);
		assertThat(r.hooks()).containsOnlyKeys("poststart");
	}

	@Test
	void aMissingExecutableIsSkippedAndDoesNotMask() {
		TestHooks hooks = new TestHooks(this.root, 2).write(0, "a.json", hook("/bin/true", ALWAYS, "prestart"))
			.write(1, "a.json", hook("/nonexistent/hook", ALWAYS, "poststart"));
		Snapshot s = hooks.snapshot();
		assertThat(s.resolution().loadError()).isNull();
		FileState skipped = TestHooks.state(s, 1, "a.json");
		assertThat(skipped.status()).isEqualTo(Status.SKIPPED);
		assertThat(skipped.problems()).extracting(Problem::code).contains("executable-missing", "does-not-mask");
		assertThat(TestHooks.state(s, 0, "a.json").status()).isEqualTo(Status.ACTIVE);
		assertThat(TestHooks.preview(s, List.of("/bin/sh"), Map.of(), false).hooks().get("createRuntime"))
			.extracting(OciHook::path)
			.containsExactly("/bin/true");
	}

	@Test
	void aFirstMissingExecutableHidesTheDirectorysOtherErrors() {
		// ReadDir chains errors so that only the first stays visible to errors.Is(err,
		// os.ErrNotExist).
		TestHooks hooks = new TestHooks(this.root, 1).write(0, "a.json", hook("/nonexistent/hook", ALWAYS, "prestart"))
			.write(0, "b.json", "{")
			.write(0, "c.json", hook("/bin/sh", ALWAYS, "prestart"));
		Snapshot s = hooks.snapshot();
		assertThat(s.resolution().loadError()).isNull();
		FileState broken = TestHooks.state(s, 0, "b.json");
		assertThat(broken.status()).isEqualTo(Status.INVALID);
		assertThat(broken.blocksRuntime()).isFalse();
		assertThat(broken.problems()).extracting(Problem::code).contains("error-ignored");
		assertThat(s.resolution().injectionOrder()).extracting(FileState::name).containsExactly("c.json");
	}

	@Test
	void anyOtherFirstErrorRefusesEveryContainerWithTheChainedMessage() {
		TestHooks hooks = new TestHooks(this.root, 1).write(0, "a.json", "{")
			.write(0, "b.json", hook("/nonexistent/hook", ALWAYS, "prestart"));
		RuntimeError error = hooks.snapshot().resolution().loadError();
		assertThat(error.phase()).isEqualTo("load");
		assertThat(error.message()).isEqualTo("stat /nonexistent/hook: no such file or directory: parsing hook \""
				+ hooks.dir(0).resolve("a.json") + "\": version check: unexpected end of JSON input");
		assertThat(error.files()).extracting(RuntimeError.FileError::name).containsExactly("a.json", "b.json");
	}

	@Test
	void aBrokenFileMaskedByAHigherOneStillRefusesContainers() {
		TestHooks hooks = new TestHooks(this.root, 2).write(0, "a.json", "{\"version\": \"9\"}")
			.write(1, "a.json", hook("/bin/sh", ALWAYS, "prestart"));
		Snapshot s = hooks.snapshot();
		assertThat(s.resolution().loadError()).isNotNull();
		assertThat(TestHooks.state(s, 0, "a.json").problems()).extracting(Problem::code).contains("masked-but-fatal");
		assertThat(TestHooks.preview(s, List.of("/bin/sh"), Map.of(), false).hooks()).isNull();
	}

	@Test
	void stageNamesDependOnTheExtensionStages() {
		TestHooks hooks = new TestHooks(this.root, 1).write(0, "a.json", hook("/bin/sh", ALWAYS, "precreate"));
		Snapshot s = hooks.snapshot();
		assertThat(s.resolution().loadError()).isNull();
		assertThat(s.resolution(List.of()).loadError().message()).isEqualTo("unknown stage \"precreate\"");
		assertThat(s.resolution(List.of()).loadError().files().get(0).name()).isEqualTo("a.json");
	}

	@Test
	void danglingLinksAreSkippedSilentlyButDirectoriesAndLoopsAreErrors() throws Exception {
		TestHooks hooks = new TestHooks(this.root, 1).write(0, "z.json", hook("/bin/sh", ALWAYS, "prestart"));
		Files.createSymbolicLink(hooks.dir(0).resolve("a.json"), Path.of("/nonexistent/target.json"));
		Snapshot s = hooks.snapshot();
		assertThat(s.resolution().loadError()).isNull();
		assertThat(TestHooks.state(s, 0, "a.json").status()).isEqualTo(Status.SKIPPED);

		Files.createDirectory(hooks.dir(0).resolve("d.json"));
		RuntimeError error = hooks.snapshot().resolution().loadError();
		assertThat(error).isNotNull();
		assertThat(error.message()).contains("is a directory");
	}

	@Test
	void orderIsTheLowerCasedNameByCodePoint() {
		TestHooks hooks = new TestHooks(this.root, 1);
		for (String name : List.of("b.json", "A.json", "\uD83D\uDE00.json", "\uFF21.json", "\u00C9a.json", "Z.json")) {
			hooks.write(0, name, hook("/bin/sh", ALWAYS, "prestart"));
		}
		// U+1F600 sorts after U+FF41 by code point, though its UTF-16 units (D83D) sort
		// before.
		assertThat(hooks.snapshot().resolution().injectionOrder()).extracting(FileState::name)
			.containsExactly("A.json", "b.json", "Z.json", "\u00C9a.json", "\uFF21.json", "\uD83D\uDE00.json");
	}

	@Test
	void namesEqualWhenLowerCasedAreFlagged() {
		TestHooks hooks = new TestHooks(this.root, 1).write(0, "a.json", hook("/bin/sh", ALWAYS, "prestart"))
			.write(0, "A.json", hook("/bin/true", ALWAYS, "prestart"));
		Snapshot s = hooks.snapshot();
		assertThat(TestHooks.state(s, 0, "a.json").problems()).extracting(Problem::code).contains("case-collision");
		assertThat(TestHooks.state(s, 0, "A.json").problems()).extracting(Problem::code).contains("case-collision");
	}

	@Test
	void executableErrorsOtherThanNotExistAreFatal() {
		// stat("/bin/sh/x") fails with ENOTDIR, which errors.Is does not equate with
		// os.ErrNotExist.
		TestHooks hooks = new TestHooks(this.root, 1).write(0, "a.json", hook("/bin/sh/x", ALWAYS, "prestart"));
		assertThat(hooks.snapshot().resolution().loadError().message()).contains("not a directory");
	}

}
