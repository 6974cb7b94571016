package io.github.ocihooks.admin.runtimes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.ocihooks.admin.engine.ExecutableProbe;
import io.github.ocihooks.admin.engine.HookFile;
import io.github.ocihooks.admin.engine.HookLoader;
import io.github.ocihooks.admin.engine.LoadMode;
import io.github.ocihooks.admin.engine.PrestartStage;
import io.github.ocihooks.admin.engine.Problem;
import io.github.ocihooks.admin.engine.Severity;
import io.github.ocihooks.admin.engine.Snapshot;
import io.github.ocihooks.admin.profiles.DirectorySource;
import io.github.ocihooks.admin.profiles.Finding;
import io.github.ocihooks.admin.profiles.ProfileDirectory;
import io.github.ocihooks.admin.profiles.ProfileOrigin;
import io.github.ocihooks.admin.profiles.ProfileSet;
import io.github.ocihooks.admin.profiles.RuntimeKind;
import io.github.ocihooks.admin.profiles.RuntimeProfile;
import io.github.ocihooks.admin.profiles.RuntimeVersion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class RuntimeViewsTests {

	@TempDir
	Path temp;

	Path usr;

	Path etc;

	Path unread;

	@BeforeEach
	void directories() throws IOException {
		this.usr = Files.createDirectories(this.temp.resolve("usr"));
		this.etc = Files.createDirectories(this.temp.resolve("etc"));
		this.unread = Files.createDirectories(this.temp.resolve("unread"));
	}

	@Test
	void aPrecreateStageMakesCrioFailToStartWhilePodmanWorks() throws IOException {
		hook(this.usr, "gpu.json", "precreate");
		hook(this.usr, "plain.json", "prestart");
		ProfileSet set = set(podman(LoadMode.MERGED, this.usr), crio(this.usr));

		RuntimeViews.Views views = RuntimeViews.of(snapshot(this.usr, this.etc, this.unread), set);

		RuntimeView podman = views.runtime("podman").orElseThrow();
		RuntimeView crio = views.runtime("crio").orElseThrow();
		assertThat(podman.verdict()).isEqualTo(Verdict.WORKS);
		assertThat(crio.verdict()).isEqualTo(Verdict.FAILS_TO_START);
		assertThat(crio.why()).contains("unknown stage").contains("precreate").contains("gpu.json");
		assertThat(crio.culprits()).extracting(c -> c.name()).containsExactly("gpu.json");

		FileView gpu = views.file(this.usr.toString(), "gpu.json").orElseThrow();
		assertThat(gpu.reading("podman").status()).isEqualTo(FileStatus.ACTIVE);
		assertThat(gpu.reading("crio").status()).isEqualTo(FileStatus.INVALID);
		assertThat(gpu.reading("crio").blocksRuntime()).isTrue();
		assertThat(gpu.partlyAccepted()).isTrue();
		assertThat(gpu.refusedBy()).containsExactly("crio");
		assertThat(gpu.neverRuns()).isFalse();

		FileView plain = views.file(this.usr.toString(), "plain.json").orElseThrow();
		assertThat(plain.partlyAccepted()).isFalse();
		assertThat(plain.readings()).extracting(FileView.Reading::status)
			.containsExactly(FileStatus.ACTIVE, FileStatus.ACTIVE);
	}

	@Test
	void aFileInADirectoryNoRuntimeReadsNeverRuns() throws IOException {
		hook(this.etc, "mine.json", "prestart");
		hook(this.unread, "lost.json", "prestart");
		ProfileSet set = set(podman(LoadMode.MERGED, this.usr), crio(this.usr, this.etc));

		RuntimeViews.Views views = RuntimeViews.of(snapshot(this.usr, this.etc, this.unread), set);

		FileView lost = views.file(this.unread.toString(), "lost.json").orElseThrow();
		assertThat(lost.neverRuns()).isTrue();
		assertThat(lost.readings()).extracting(FileView.Reading::status)
			.containsExactly(FileStatus.NOT_READ, FileStatus.NOT_READ);
		FileView mine = views.file(this.etc.toString(), "mine.json").orElseThrow();
		assertThat(mine.neverRuns()).isFalse();
		assertThat(mine.reading("podman").status()).isEqualTo(FileStatus.NOT_READ);
		assertThat(mine.reading("crio").status()).isEqualTo(FileStatus.ACTIVE);
	}

	@Test
	void eachRuntimeResolvesItsOwnDirectoriesItsOwnWay() throws IOException {
		hook(this.usr, "same.json", "prestart");
		hook(this.etc, "same.json", "poststart");
		ProfileSet set = set(podman(LoadMode.MERGED, this.usr, this.etc),
				podman("buildah", RuntimeKind.BUILDAH, LoadMode.PER_DIRECTORY, List.of(), this.usr, this.etc),
				podman(LoadMode.NONE));

		RuntimeViews.Views views = RuntimeViews.of(snapshot(this.usr, this.etc), set);

		FileView low = views.file(this.usr.toString(), "same.json").orElseThrow();
		assertThat(low.reading("podman").status()).isEqualTo(FileStatus.MASKED);
		assertThat(low.reading("buildah").status()).isEqualTo(FileStatus.ACTIVE);
		assertThat(views.runtime("buildah").orElseThrow().resolution().injectionOrder()).hasSize(2);
		assertThat(views.runtime("podman").orElseThrow().resolution().injectionOrder()).hasSize(1);
		assertThat(views.runtimes().get(2).verdict()).isEqualTo(Verdict.NO_HOOKS);
		assertThat(views.runtimes().get(2).resolution().injectionOrder()).isEmpty();
	}

	@Test
	void aBrokenFileMakesPodmanRefuseEveryContainerAndAConfigErrorToo() throws IOException {
		Files.writeString(this.usr.resolve("broken.json"), "{\"version\": \"1.0.0\",");
		RuntimeProfile broken = podman(LoadMode.MERGED, this.usr);
		RuntimeProfile misconfigured = withFinding(
				podman("other", RuntimeKind.PODMAN, LoadMode.MERGED, List.of("precreate"), this.etc),
				new Finding(Severity.ERROR, "/etc/containers/containers.conf", "cannot parse", "podman fails"));

		RuntimeViews.Views views = RuntimeViews.of(snapshot(this.usr, this.etc), set(broken, misconfigured));

		assertThat(views.runtime("podman").orElseThrow().verdict()).isEqualTo(Verdict.REFUSES_EVERY_CONTAINER);
		assertThat(views.runtime("podman").orElseThrow().culprits()).extracting(c -> c.name())
			.containsExactly("broken.json");
		assertThat(views.runtime("other").orElseThrow().verdict()).isEqualTo(Verdict.REFUSES_EVERY_CONTAINER);
		assertThat(views.runtime("other").orElseThrow().why()).contains("cannot parse");
	}

	@Test
	void aFileWithAPrecreateStageIsAWarningForEachReaderThatAcceptsNoExtensionStage() throws IOException {
		hook(this.usr, "plain.json", "prestart");
		ProfileSet set = set(podman(LoadMode.MERGED, this.usr, this.etc), crio(this.usr),
				podman("buildah", RuntimeKind.BUILDAH, LoadMode.PER_DIRECTORY, List.of(), this.usr));
		RuntimeViews.Views views = RuntimeViews.of(snapshot(this.usr, this.etc), set);
		String text = "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/sh\"}, \"when\": {\"always\": true},\n"
				+ "  \"stages\": [\"prestart\",\n    \"precreate\"]}";

		Reception reception = RuntimeViews.reception(views, candidate(0, this.usr, "gpu.json", text));

		assertThat(reception.warnings()).extracting(Problem::code)
			.containsExactly(Reception.REFUSED, Reception.REFUSED);
		Problem crio = reception.warnings().get(0);
		assertThat(crio.severity()).isEqualTo(Severity.WARNING);
		assertThat(crio.pointer()).isEqualTo("/stages/1");
		assertThat(crio.line()).isEqualTo(3);
		assertThat(crio.column()).isEqualTo(5);
		assertThat(crio.message()).startsWith("CRI-O (profile crio) reads " + this.usr)
			.contains("accepts no extension stages (unknown stage \"precreate\")")
			.contains("fail to start at its next restart (and it skips the file until then)");
		assertThat(reception.warnings().get(1).message()).startsWith("Buildah (profile buildah) reads")
			.contains("refuses every container");
		assertThat(reception.runtimes()).extracting(RuntimeNotice::profile)
			.containsExactly("podman", "crio", "buildah");
		assertThat(reception.runtimes()).extracting(RuntimeNotice::accepts).containsExactly(true, false, false);
		assertThat(reception.runtimes()).extracting(RuntimeNotice::verdict)
			.containsExactly(Verdict.WORKS, Verdict.FAILS_TO_START, Verdict.REFUSES_EVERY_CONTAINER);
		assertThat(reception.runtimes().get(0).consequence()).contains("loads this file");
		assertThat(RuntimeViews.refusals(views, candidate(0, this.usr, "gpu.json", text)))
			.isEqualTo(reception.warnings());
		// Nothing was written: the views on disk are unchanged.
		assertThat(views.runtime("crio").orElseThrow().verdict()).isEqualTo(Verdict.WORKS);
	}

	@Test
	void noWarningWhereEveryReaderAcceptsTheStageOrTheServiceRejectsItToo() throws IOException {
		ProfileSet set = set(podman(LoadMode.MERGED, this.usr, this.etc), crio(this.usr));
		RuntimeViews.Views views = RuntimeViews.of(snapshot(this.usr, this.etc), set);

		Reception podmanOnly = RuntimeViews.reception(views,
				candidate(1, this.etc, "gpu.json", definition("precreate")));
		assertThat(podmanOnly.warnings()).isEmpty();
		assertThat(podmanOnly.read()).isTrue();
		assertThat(podmanOnly.runtimes()).extracting(RuntimeNotice::reads).containsExactly(true, false);
		assertThat(podmanOnly.runtimes().get(1).accepts()).isNull();
		assertThat(podmanOnly.runtimes().get(1).consequence()).contains("does not read");

		Reception prestart = RuntimeViews.reception(views, candidate(0, this.usr, "x.json", definition("prestart")));
		assertThat(prestart.warnings()).isEmpty();
		assertThat(prestart.runtimes()).extracting(RuntimeNotice::accepts).containsExactly(true, true);

		Reception unknown = RuntimeViews.reception(views, candidate(0, this.usr, "x.json", definition("nonsense")));
		assertThat(unknown.warnings()).isEmpty();
		assertThat(unknown.runtimes()).extracting(RuntimeNotice::accepts).containsExactly(false, false);
		// The warnings alone agree, without resolving the views again where no reader
		// rejects the file.
		for (HookFile c : List.of(candidate(1, this.etc, "gpu.json", definition("precreate")),
				candidate(0, this.usr, "x.json", definition("prestart")),
				candidate(0, this.usr, "x.json", definition("nonsense")))) {
			assertThat(RuntimeViews.refusals(views, c)).isEqualTo(RuntimeViews.reception(views, c).warnings());
		}
	}

	private static String definition(String stage) {
		return "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/sh\"}, \"when\": {\"always\": true}, "
				+ "\"stages\": [\"" + stage + "\"]}";
	}

	private static HookFile candidate(int index, Path dir, String name, String text) {
		return new HookLoader(ExecutableProbe.fileSystem()).check(index, dir.toString(), name,
				text.getBytes(StandardCharsets.UTF_8));
	}

	private static void hook(Path dir, String name, String stage) throws IOException {
		Files.writeString(dir.resolve(name), "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/sh\"}, "
				+ "\"when\": {\"always\": true}, \"stages\": [\"" + stage + "\"]}");
	}

	private static Snapshot snapshot(Path... dirs) {
		List<String> paths = new ArrayList<>();
		for (Path d : dirs) {
			paths.add(d.toString());
		}
		return new Snapshot(1, Instant.now(), new HookLoader(ExecutableProbe.fileSystem()).scan(paths),
				List.of("precreate", "poststop"));
	}

	private static ProfileSet set(RuntimeProfile... profiles) {
		return new ProfileSet(List.of(profiles), List.of(), Path.of("/"), false, Instant.now());
	}

	static RuntimeProfile podman(LoadMode mode, Path... dirs) {
		return podman("podman", RuntimeKind.PODMAN, mode, List.of("precreate", "poststop"), dirs);
	}

	static RuntimeProfile crio(Path... dirs) {
		return podman("crio", RuntimeKind.CRIO, LoadMode.MERGED, List.of(), dirs);
	}

	static RuntimeProfile podman(String id, RuntimeKind kind, LoadMode mode, List<String> stages, Path... dirs) {
		List<ProfileDirectory> directories = new ArrayList<>();
		for (Path d : dirs) {
			directories.add(new ProfileDirectory(d.toString(), d,
					new DirectorySource(DirectorySource.Kind.PROPERTY, null, "test", "test")));
		}
		return new RuntimeProfile(id, kind, ProfileOrigin.CONFIGURED, null, RuntimeVersion.unknown("test"),
				RuntimeVersion.unknown("test"), directories, mode, "test", stages, PrestartStage.CREATE_RUNTIME, "test",
				kind.annotations(), kind.hasBindMounts(), kind.takesEffect(), List.of(), List.of(), List.of());
	}

	private static RuntimeProfile withFinding(RuntimeProfile p, Finding f) {
		return new RuntimeProfile(p.id(), p.kind(), p.origin(), p.binary(), p.version(), p.goVersion(), p.directories(),
				p.loadMode(), p.loadModeReason(), p.extensionStages(), p.prestartStage(), p.prestartReason(),
				p.annotations(), p.hasBindMounts(), p.takesEffect(), p.configFiles(), p.unknowns(), List.of(f));
	}

}
