package io.github.ocihooks.admin.api;

import java.time.Instant;
import java.util.List;

import io.github.ocihooks.admin.profiles.ConfigFile;
import io.github.ocihooks.admin.profiles.Finding;
import io.github.ocihooks.admin.profiles.ProfileDirectory;
import io.github.ocihooks.admin.profiles.ProfileSet;
import io.github.ocihooks.admin.profiles.RuntimeProfile;
import io.github.ocihooks.admin.profiles.RuntimeProfiles;
import io.github.ocihooks.admin.profiles.RuntimeVersion;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The runtimes on the host and how each reads the hook directories. */
@RestController
@Tag(name = "profiles", description = "The runtimes on the host and how each reads the hook directories")
class ProfilesController {

	private final RuntimeProfiles profiles;

	ProfilesController(RuntimeProfiles profiles) {
		this.profiles = profiles;
	}

	@GetMapping(path = "/api/v1/profiles", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "listProfiles", summary = "List the runtime profiles",
			description = "One profile per consumer of the hook directories (podman, CRI-O, Buildah, or configured): "
					+ "its version and where that came from, its directories in increasing precedence with the file "
					+ "and key that named each, how it loads them, its extension stages, where prestart definitions "
					+ "land, how it derives annotations and hasBindMounts, when a change takes effect, the "
					+ "configuration files read, what could not be known, and findings. When hooks.directories is set "
					+ "explicitly there is exactly one profile, custom, and nothing is detected.")
	ProfileList listProfiles() {
		return ProfileList.of(this.profiles.current());
	}

	/**
	 * Every profile of the current detection.
	 *
	 * @param detectedAt when the profiles were detected
	 * @param hostRoot where the host's file system is read ({@code hooks.host-root})
	 * @param explicitDirectories true when hooks.directories is set explicitly: one
	 * custom profile, no detection
	 * @param directories every profile's directories as this service reads them, each
	 * once, keeping each profile's precedence
	 * @param profiles the profiles
	 * @param findings every finding, those of each profile prefixed with its id
	 */
	record ProfileList(Instant detectedAt, String hostRoot, boolean explicitDirectories, List<String> directories,
			List<RuntimeProfileJson> profiles, List<FindingJson> findings) {

		static ProfileList of(ProfileSet set) {
			return new ProfileList(set.detectedAt(), String.valueOf(set.hostRoot()), set.explicitDirectories(),
					set.directories().stream().map(Object::toString).toList(),
					set.profiles().stream().map(RuntimeProfileJson::of).toList(),
					set.allFindings().stream().map(FindingJson::of).toList());
		}

	}

	/**
	 * One consumer of the hook directories.
	 *
	 * @param id unique: podman, crio, buildah, custom, or configured
	 * @param kind PODMAN, CRIO, BUILDAH or CUSTOM
	 * @param origin DETECTED, CONFIGURED, DETECTED_AND_CONFIGURED, EXPLICIT_DIRECTORIES
	 * or FALLBACK
	 * @param binary the executable as the host names it, or null
	 * @param version the version and where it came from
	 * @param goVersion the Go version it was built with ({@code podman version},
	 * {@code crio version}, or the Debian package's Built-Using) and where it came from:
	 * before Go 1.22, a pattern with a named group written (?<name>...) is invalid and
	 * refuses every container
	 * @param directories in increasing precedence
	 * @param loadMode MERGED (one load, later directories mask earlier ones),
	 * PER_DIRECTORY (one load per directory, nothing masked) or NONE (no hooks), with why
	 * @param extensionStages stages the consumer runs itself instead of injecting them
	 * @param prestart where prestart definitions are injected (PRESTART or
	 * CREATE_RUNTIME), with why
	 * @param annotations which annotations when.annotations sees
	 * @param hasBindMounts what when.hasBindMounts sees
	 * @param takesEffect when a change to a hook file takes effect
	 * @param configFiles configuration files in the order the runtime reads them, with
	 * what each contributed
	 * @param unknowns what could not be known from here
	 * @param findings problems and surprises; severity ERROR: the runtime does not run
	 * with this configuration
	 */
	record RuntimeProfileJson(String id, String kind, String origin, String binary, RuntimeVersionJson version,
			RuntimeVersionJson goVersion, List<ProfileDirectoryJson> directories, ProfileRule loadMode,
			List<String> extensionStages, ProfileRule prestart, ProfileRule annotations, ProfileRule hasBindMounts,
			ProfileRule takesEffect, List<ConfigFileJson> configFiles, List<String> unknowns,
			List<FindingJson> findings) {

		static RuntimeProfileJson of(RuntimeProfile p) {
			return new RuntimeProfileJson(p.id(), p.kind().name(), p.origin().name(), p.binary(),
					RuntimeVersionJson.of(p.version()), RuntimeVersionJson.of(p.goVersion()),
					p.directories().stream().map(ProfileDirectoryJson::of).toList(),
					new ProfileRule(p.loadMode().name(), p.loadModeReason()), p.extensionStages(),
					new ProfileRule(p.prestartStage().name(), p.prestartReason()),
					new ProfileRule(p.annotations().name(), p.annotations().explanation()),
					new ProfileRule(p.hasBindMounts().name(), p.hasBindMounts().explanation()),
					new ProfileRule(p.takesEffect().name(), p.takesEffect().explanation()),
					p.configFiles().stream().map(ConfigFileJson::of).toList(), p.unknowns(),
					p.findings().stream().map(FindingJson::of).toList());
		}

	}

	/**
	 * A version.
	 *
	 * @param version the upstream version, or null when unknown
	 * @param source COMMAND, PACKAGE_DATABASE, VERSION_FILE, CONFIGURED or UNKNOWN
	 * @param detail the evidence, or why it is unknown
	 * @param inferred what was inferred from it, or assumed for want of it
	 */
	record RuntimeVersionJson(String version, String source, String detail, List<String> inferred) {

		static RuntimeVersionJson of(RuntimeVersion v) {
			return new RuntimeVersionJson(v.version(), v.source().name(), v.detail(), v.inferred());
		}

	}

	/**
	 * One directory of a profile.
	 *
	 * @param path as the runtime names it
	 * @param location where this service reads it (under the host root)
	 * @param sourceKind CONFIG_FILE, BUILT_IN_DEFAULT or PROPERTY
	 * @param sourceFile the configuration file, for CONFIG_FILE
	 * @param sourceKey the key, e.g. [engine] hooks_dir or hooks.directories
	 * @param source where it came from, for people
	 */
	record ProfileDirectoryJson(String path, String location, String sourceKind, String sourceFile, String sourceKey,
			String source) {

		static ProfileDirectoryJson of(ProfileDirectory d) {
			return new ProfileDirectoryJson(d.path(), String.valueOf(d.location()), d.source().kind().name(),
					d.source().file(), d.source().key(), d.source().description());
		}

	}

	/**
	 * One aspect of how a runtime behaves.
	 *
	 * @param value the value (an enum constant name)
	 * @param explanation why, or what it means for this runtime
	 */
	record ProfileRule(String value, String explanation) {
	}

	/**
	 * A configuration file.
	 *
	 * @param path as the runtime names it
	 * @param outcome SETS, APPENDS, NO_SETTING, ABSENT, BROKEN or NOT_READ
	 * @param detail what it contributed
	 */
	record ConfigFileJson(String path, String outcome, String detail) {

		static ConfigFileJson of(ConfigFile f) {
			return new ConfigFileJson(f.path(), f.outcome().name(), f.detail());
		}

	}

	/**
	 * A finding.
	 *
	 * @param severity ERROR (the runtime does not run with this configuration), WARNING
	 * or INFO
	 * @param source the file or property concerned
	 * @param message what was found
	 * @param consequence what the runtime does about it
	 */
	record FindingJson(String severity, String source, String message, String consequence) {

		static FindingJson of(Finding f) {
			return new FindingJson(f.severity().name(), f.source(), f.message(), f.consequence());
		}

	}

}
