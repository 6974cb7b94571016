package io.github.ocihooks.admin.profiles;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.github.ocihooks.admin.engine.GoRelease;
import io.github.ocihooks.admin.engine.LoadMode;
import io.github.ocihooks.admin.engine.PrestartStage;
import io.github.ocihooks.admin.engine.Severity;

/**
 * One consumer of the hook directories as it really reads them: which directories, how,
 * and with which semantics.
 *
 * @param id unique among the profiles ({@code podman}, {@code crio}, {@code buildah},
 * {@code custom}, or configured)
 * @param kind the kind of consumer
 * @param origin detected, configured, or both
 * @param binary where the executable was found, as the host names it
 * ({@code /usr/bin/podman}), or null
 * @param version its version and where it came from
 * @param goVersion the Go version it was built with and where that came from (it decides
 * which patterns are valid and how some errors read, see {@link GoRelease})
 * @param directories in increasing precedence, each with where it came from (empty for
 * {@link LoadMode#NONE})
 * @param loadMode one load across all directories, one per directory, or none
 * @param loadModeReason why this load mode
 * @param extensionStages stages the consumer handles itself (podman: {@code precreate},
 * {@code poststop})
 * @param prestartStage where {@code prestart} definitions are injected
 * @param prestartReason why (the version, or what was assumed for want of it)
 * @param annotations which annotations {@code when.annotations} sees
 * @param hasBindMounts what {@code when.hasBindMounts} sees
 * @param takesEffect when a change to a hook file takes effect
 * @param configFiles the configuration files read, in the order the runtime reads them,
 * with what each contributed
 * @param unknowns what could not be known from here (command-line flags, other users'
 * configuration, ...)
 * @param findings problems and surprises in the configuration, with what the runtime does
 * about them
 */
public record RuntimeProfile(String id, RuntimeKind kind, ProfileOrigin origin, String binary, RuntimeVersion version,
		RuntimeVersion goVersion, List<ProfileDirectory> directories, LoadMode loadMode, String loadModeReason,
		List<String> extensionStages, PrestartStage prestartStage, String prestartReason, AnnotationSource annotations,
		BindMountsRule hasBindMounts, TakesEffect takesEffect, List<ConfigFile> configFiles, List<String> unknowns,
		List<Finding> findings) {

	public RuntimeProfile {
		directories = List.copyOf(directories);
		extensionStages = List.copyOf(extensionStages);
		configFiles = List.copyOf(configFiles);
		unknowns = List.copyOf(unknowns);
		findings = List.copyOf(findings);
	}

	/**
	 * The Go release to evaluate hook files with for this consumer
	 * ({@link GoRelease#LATEST} when unknown).
	 */
	public GoRelease goRelease() {
		return this.goVersion.goRelease();
	}

	/**
	 * The consumer for people: product, version when known, and the profile
	 * ({@code CRI-O 1.30.2 (profile crio)}, {@code Custom consumer (profile tool)}).
	 */
	public String title() {
		String product = (this.kind.product() != null) ? this.kind.product() : "Custom consumer";
		return product + (this.version.known() ? " " + this.version.version() : "") + " (profile " + this.id + ")";
	}

	/** Where this service reads the profile's directories, in increasing precedence. */
	public List<Path> locations() {
		return this.directories.stream().map(ProfileDirectory::location).toList();
	}

	/**
	 * Whether this profile reads the directory at {@code location} (a path as this
	 * service reads it).
	 */
	public boolean reads(Path location) {
		Path wanted = location.toAbsolutePath().normalize();
		return this.directories.stream().anyMatch((d) -> d.location().toAbsolutePath().normalize().equals(wanted));
	}

	/**
	 * The first finding that keeps the runtime from running at all with this
	 * configuration (podman fails every command; CRI-O fails at its next start), if any.
	 */
	public Optional<Finding> configurationError() {
		return this.findings.stream().filter((f) -> f.severity() == Severity.ERROR).findFirst();
	}

}
