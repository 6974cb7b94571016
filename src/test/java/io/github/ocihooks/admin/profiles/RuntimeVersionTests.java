package io.github.ocihooks.admin.profiles;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Version strings: command output, Debian versions, and how a version is found. */
class RuntimeVersionTests {

	@TempDir
	Path root;

	@Test
	void commandOutputs() {
		assertThat(RuntimeVersion.fromOutput("podman version 4.3.1\n")).hasValue("4.3.1");
		assertThat(RuntimeVersion.fromOutput("podman version 5.2.0-dev\n")).hasValue("5.2.0");
		// crio --version (urfave/cli): the first line, then the rest of `crio version`
		// indented.
		assertThat(RuntimeVersion.fromOutput("crio version 1.30.4\n   GitCommit:      4e5d4dc\n   "
				+ "GitCommitDate:  2024-07-30T15:02:20Z\n   GoVersion:      go1.22.5\n"))
			.hasValue("1.30.4");
		// `crio version` (the subcommand) prints a table.
		assertThat(RuntimeVersion.fromOutput("Version:        1.31.0\nGitCommit:      abc\n")).hasValue("1.31.0");
		assertThat(RuntimeVersion.fromOutput("buildah version 1.28.2 (image-spec 1.0.2-dev, runtime-spec 1.0.2-dev)\n"))
			.hasValue("1.28.2");
		assertThat(RuntimeVersion.fromOutput("Usage: podman [options]")).isEmpty();
	}

	@Test
	void debianVersions() {
		assertThat(RuntimeVersion.upstreamOfDebian("4.3.1+ds1-8+deb12u1+b3")).hasValue("4.3.1");
		assertThat(RuntimeVersion.upstreamOfDebian("1:1.30.4-1")).hasValue("1.30.4");
		assertThat(RuntimeVersion.upstreamOfDebian("5.4.2+ds1-2")).hasValue("5.4.2");
		assertThat(RuntimeVersion.upstreamOfDebian("1.30.4+4e5d4dc")).hasValue("1.30.4");
		assertThat(RuntimeVersion.upstreamOfDebian("garbage")).isEmpty();
	}

	@Test
	void comparisons() {
		RuntimeVersion v = RuntimeVersion.of("4.9.4", VersionSource.CONFIGURED, "x");
		assertThat(v.atLeast(4, 8)).isTrue();
		assertThat(v.atLeast(5, 0)).isFalse();
		assertThat(RuntimeVersion.of("10.0", VersionSource.CONFIGURED, "x").atLeast(5, 0)).isTrue();
		assertThat(RuntimeVersion.unknown("why").atLeast(5, 0)).isTrue();
	}

	@Test
	void dpkgStatusOnlyInstalledPackages() throws IOException {
		FakeHost host = new FakeHost(this.root).installed("podman", "4.3.1+ds1-8+deb12u1+b3", null);
		host.file(DpkgStatus.PATH, java.nio.file.Files.readString(host.path(DpkgStatus.PATH))
				+ "Package: buildah\nStatus: deinstall ok config-files\nVersion: 1.28.2+ds1-3\n\n");
		Path status = host.path(DpkgStatus.PATH);
		assertThat(DpkgStatus.installedVersion(status, "podman")).hasValue("4.3.1+ds1-8+deb12u1+b3");
		assertThat(DpkgStatus.installedVersion(status, "buildah")).isEmpty();
		assertThat(DpkgStatus.installedVersion(status, "cri-o")).isEmpty();
	}

	@Test
	void commandOnlyWhenTheHostRootIsTheSystemRoot() {
		List<List<String>> ran = new ArrayList<>();
		CommandRunner runner = (command, timeout) -> {
			ran.add(command);
			return "podman version 4.3.1\n";
		};
		RuntimeVersion v = new VersionProbe(new HostRoot(Path.of("/")), runner, true, Duration.ofSeconds(3))
			.probe(RuntimeKind.PODMAN, "/usr/bin/podman");
		assertThat(ran).containsExactly(List.of("/usr/bin/podman", "--version"));
		assertThat(v.version()).isEqualTo("4.3.1");
		assertThat(v.source()).isEqualTo(VersionSource.COMMAND);
		assertThat(v.detail()).isEqualTo("`/usr/bin/podman --version`: podman version 4.3.1");

		ran.clear();
		new FakeHost(this.root).installed("podman", "5.4.2+ds1-2", "/usr/bin/podman");
		v = new VersionProbe(new HostRoot(this.root), runner, true, Duration.ofSeconds(3)).probe(RuntimeKind.PODMAN,
				"/usr/bin/podman");
		assertThat(ran).isEmpty();
		assertThat(v.version()).isEqualTo("5.4.2");
		assertThat(v.source()).isEqualTo(VersionSource.PACKAGE_DATABASE);
		assertThat(v.detail()).isEqualTo("/var/lib/dpkg/status: package podman 5.4.2+ds1-2");
	}

	@Test
	void aFailingCommandFallsBackAndSaysWhy() {
		CommandRunner failing = (command, timeout) -> {
			throw new IOException("no answer within 3000 ms");
		};
		RuntimeVersion v = new VersionProbe(new HostRoot(Path.of("/")), failing, true, Duration.ofSeconds(3))
			.probe(RuntimeKind.BUILDAH, "/nonexistent/buildah");
		// This machine's dpkg database may or may not list buildah; either way the
		// failure is recorded or replaced.
		if (!v.known()) {
			assertThat(v.detail()).contains("failed: no answer within 3000 ms").contains("rpm database is not read");
		}
	}

	@Test
	void goVersionsFromVersionCommandsAndBuiltUsing() {
		assertThat(RuntimeVersion.goFromOutput("Client:       Podman Engine\nVersion:      4.3.1\nAPI Version:  4.3.1\n"
				+ "Go Version:   go1.19.8\nBuilt:        Thu Jan  1 00:00:00 1970\n"))
			.hasValue("1.19.8");
		assertThat(RuntimeVersion.goFromOutput("Version:        1.30.4\nGoVersion:      go1.22.5\n"))
			.hasValue("1.22.5");
		assertThat(RuntimeVersion.goFromOutput("podman version 4.3.1\n")).isEmpty();
		assertThat(RuntimeVersion.goFromBuiltUsing("containerd (= 1.6.20~ds1-1+deb12u3), golang-1.19 (= 1.19.8-2), "
				+ "golang-github-containers-common (= 0.50.1+ds1-4)"))
			.hasValue("1.19.8");
		assertThat(RuntimeVersion.goFromBuiltUsing("golang-1.24 (= 1.24~rc1-1)")).hasValue("1.24");
		assertThat(RuntimeVersion.goFromBuiltUsing("golang-github-x (= 1.2-1)")).isEmpty();
		assertThat(RuntimeVersion.of("1.19.8", VersionSource.COMMAND, "x").goRelease())
			.isEqualTo(io.github.ocihooks.admin.engine.GoRelease.of(1, 19));
		assertThat(RuntimeVersion.unknown("why").goRelease())
			.isEqualTo(io.github.ocihooks.admin.engine.GoRelease.LATEST);
	}

	@Test
	void goVersionFromTheVersionSubcommandElseBuiltUsing() throws IOException {
		List<List<String>> ran = new ArrayList<>();
		CommandRunner runner = (command, timeout) -> {
			ran.add(command);
			return "Client:       Podman Engine\nVersion:      4.3.1\nGo Version:   go1.19.8\n";
		};
		RuntimeVersion go = new VersionProbe(new HostRoot(Path.of("/")), runner, true, Duration.ofSeconds(3))
			.probeGo(RuntimeKind.PODMAN, "/usr/bin/podman");
		assertThat(ran).containsExactly(List.of("/usr/bin/podman", "version"));
		assertThat(go.version()).isEqualTo("1.19.8");
		assertThat(go.source()).isEqualTo(VersionSource.COMMAND);
		assertThat(go.detail()).isEqualTo("`/usr/bin/podman version`: Go Version:   go1.19.8");

		ran.clear();
		FakeHost host = new FakeHost(this.root).installed("podman", "4.3.1+ds1-8+deb12u1+b3", "/usr/bin/podman");
		host.file(DpkgStatus.PATH,
				java.nio.file.Files.readString(host.path(DpkgStatus.PATH)).strip()
						+ "\nBuilt-Using: containerd (= 1.6.20~ds1-1+deb12u3), golang-1.19 (= 1.19.8-2),\n"
						+ " golang-toml (= 1.2.0-2)\n\n");
		go = new VersionProbe(new HostRoot(this.root), runner, true, Duration.ofSeconds(3)).probeGo(RuntimeKind.PODMAN,
				"/usr/bin/podman");
		assertThat(ran).isEmpty();
		assertThat(go.version()).isEqualTo("1.19.8");
		assertThat(go.source()).isEqualTo(VersionSource.PACKAGE_DATABASE);
		assertThat(go.detail()).isEqualTo("/var/lib/dpkg/status: package podman Built-Using golang-1.19 (= 1.19.8-2)");

		CommandRunner failing = (command, timeout) -> {
			throw new IOException("no answer within 3000 ms");
		};
		go = new VersionProbe(new HostRoot(Path.of("/")), failing, true, Duration.ofSeconds(3))
			.probeGo(RuntimeKind.CUSTOM, "/nonexistent/consumer");
		assertThat(go.known()).isFalse();
		assertThat(go.detail()).isEqualTo("`/nonexistent/consumer version` failed: no answer within 3000 ms");
	}

}
