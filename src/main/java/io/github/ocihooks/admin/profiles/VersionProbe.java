package io.github.ocihooks.admin.profiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds an installed consumer's version: {@code BINARY --version} when the host root is
 * {@code /} (a host's binary cannot be run from under {@code /host} without chroot), else
 * CRI-O's own version file, else the dpkg database. The rpm database is not read.
 */
final class VersionProbe {

	/**
	 * CRI-O writes its version (a JSON string, {@code "1.30.4+gitcommit"}) here at every
	 * start.
	 */
	static final List<String> CRIO_VERSION_FILES = List.of("/var/run/crio/version", "/run/crio/version",
			"/var/lib/crio/version");

	private final HostRoot host;

	private final CommandRunner runner;

	private final boolean runCommands;

	private final Duration timeout;

	VersionProbe(HostRoot host, CommandRunner runner, boolean runCommands, Duration timeout) {
		this.host = host;
		this.runner = runner;
		this.runCommands = runCommands;
		this.timeout = timeout;
	}

	RuntimeVersion probe(RuntimeKind kind, String binary) {
		List<String> tried = new ArrayList<>();
		if (binary != null) {
			if (!this.runCommands) {
				tried.add("`" + binary + " --version` not run (hooks.detection.version-commands=false)");
			}
			else if (!this.host.isSystemRoot()) {
				tried.add("`" + binary + " --version` not run: the host root is " + this.host.root()
						+ ", and a host's program cannot be run from there without chroot");
			}
			else {
				try {
					String output = this.runner.run(List.of(binary, "--version"), this.timeout);
					Optional<String> version = RuntimeVersion.fromOutput(output);
					String firstLine = output.strip().lines().findFirst().orElse("");
					if (version.isPresent()) {
						return RuntimeVersion.of(version.get(), VersionSource.COMMAND,
								"`" + binary + " --version`: " + firstLine);
					}
					tried.add("`" + binary + " --version` printed no version: " + firstLine);
				}
				catch (IOException | RuntimeException ex) {
					tried.add("`" + binary + " --version` failed: " + ex.getMessage());
				}
			}
		}
		if (kind == RuntimeKind.CRIO) {
			for (String file : CRIO_VERSION_FILES) {
				Path location = this.host.resolve(file);
				try {
					if (Files.isRegularFile(location)) {
						String text = Files.readString(location, StandardCharsets.UTF_8).strip().replace("\"", "");
						Optional<String> version = RuntimeVersion.upstreamOfDebian(text);
						if (version.isPresent()) {
							return RuntimeVersion.of(version.get(), VersionSource.VERSION_FILE,
									file + ": " + text + " (written by CRI-O at its last start)");
						}
					}
				}
				catch (IOException ex) {
					tried.add(file + " cannot be read: " + ex.getMessage());
				}
			}
			tried.add("no CRI-O version file (" + String.join(", ", CRIO_VERSION_FILES) + ")");
		}
		if (kind.debianPackage() != null) {
			try {
				Optional<String> debian = DpkgStatus.installedVersion(this.host.resolve(DpkgStatus.PATH),
						kind.debianPackage());
				Optional<String> upstream = debian.flatMap(RuntimeVersion::upstreamOfDebian);
				if (upstream.isPresent()) {
					return RuntimeVersion.of(upstream.get(), VersionSource.PACKAGE_DATABASE,
							DpkgStatus.PATH + ": package " + kind.debianPackage() + " " + debian.get());
				}
				tried.add("no installed package " + kind.debianPackage() + " in " + DpkgStatus.PATH);
			}
			catch (IOException ex) {
				tried.add(DpkgStatus.PATH + " cannot be read: " + ex.getMessage());
			}
		}
		tried.add("the rpm database is not read");
		return RuntimeVersion.unknown(String.join("; ", tried));
	}

	/**
	 * The Go version {@code binary} was built with: {@code BINARY version}
	 * ({@code Go Version:} or {@code GoVersion:}; {@code --version} does not say it) when
	 * commands may be run, else the {@code golang-1.N} entry of the Debian package's
	 * {@code Built-Using}. The same care as {@link #probe}: the timeout, only under host
	 * root {@code /}.
	 */
	RuntimeVersion probeGo(RuntimeKind kind, String binary) {
		List<String> tried = new ArrayList<>();
		if (binary != null) {
			String command = "`" + binary + " version`";
			if (!this.runCommands) {
				tried.add(command + " not run (hooks.detection.version-commands=false)");
			}
			else if (!this.host.isSystemRoot()) {
				tried.add(command + " not run: the host root is " + this.host.root()
						+ ", and a host's program cannot be run from there without chroot");
			}
			else {
				try {
					String output = this.runner.run(List.of(binary, "version"), this.timeout);
					Optional<String> go = RuntimeVersion.goFromOutput(output);
					if (go.isPresent()) {
						String line = output.lines()
							.filter(l -> l.contains("go" + go.get()))
							.findFirst()
							.orElse("")
							.strip();
						return RuntimeVersion.of(go.get(), VersionSource.COMMAND, command + ": " + line);
					}
					tried.add(command + " printed no Go version");
				}
				catch (IOException | RuntimeException ex) {
					tried.add(command + " failed: " + ex.getMessage());
				}
			}
		}
		if (kind.debianPackage() != null) {
			try {
				Optional<String> builtUsing = DpkgStatus.installedField(this.host.resolve(DpkgStatus.PATH),
						kind.debianPackage(), "Built-Using");
				Optional<String> go = builtUsing.flatMap(RuntimeVersion::goFromBuiltUsing);
				if (go.isPresent()) {
					String entry = builtUsing.get().replaceAll("(?s).*?(golang-\\d+\\.\\d+\\s*\\([^)]*\\)).*", "$1");
					return RuntimeVersion.of(go.get(), VersionSource.PACKAGE_DATABASE,
							DpkgStatus.PATH + ": package " + kind.debianPackage() + " Built-Using " + entry);
				}
				tried.add((builtUsing.isPresent() ? "no golang-1.N in Built-Using of package "
						: "no Built-Using for package ") + kind.debianPackage() + " in " + DpkgStatus.PATH);
			}
			catch (IOException ex) {
				tried.add(DpkgStatus.PATH + " cannot be read: " + ex.getMessage());
			}
		}
		return RuntimeVersion.unknown(String.join("; ", tried));
	}

}
