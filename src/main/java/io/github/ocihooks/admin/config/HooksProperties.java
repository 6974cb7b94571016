package io.github.ocihooks.admin.config;

import java.nio.file.Path;
import java.util.List;

import io.github.ocihooks.admin.engine.LoadMode;
import io.github.ocihooks.admin.engine.PrestartStage;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings under {@code hooks.*}. Other tools rely on these names: do not rename them.
 *
 * @param directories hook directories in <em>increasing</em> precedence: a file in a
 * later directory masks the file of the same name in an earlier one (like podman's
 * repeated {@code --hooks-dir}); when set, one {@code custom} profile over exactly these
 * and no detection; when not set (empty here), the directories of the detected and
 * configured runtime profiles
 * @param extensionStages stages the consumer handles itself instead of injecting them
 * into the OCI config (podman: {@code precreate}, {@code poststop}; CRI-O: none)
 * @param admin the built-in {@code admin} user
 * @param watch how changes made on disk by others are noticed
 * @param writableDirectories directories that accept writes through this service (default
 * with {@code directories} set: the highest-precedence one only; with detected profiles:
 * the directories every runtime reads, else those most runtimes read); each must also be
 * one of the directories the service manages
 * @param precreate running precreate hooks from previews
 * @param users more users besides {@code admin}
 * @param policy rules for what may be written
 * @param stateDir where the audit log and the history of overwritten and deleted files
 * are kept; must be writable
 * @param limits bounds on what one request may cost
 * @param hostRoot where the host's file system is seen: {@code /}, or {@code /host} when
 * the container image mounts the host there; runtime profile detection reads
 * configuration files, binaries and hook directories below it (a string, not a
 * {@code Path}: Spring's path conversion would take {@code /} for the class path root)
 * @param detection how the runtimes on the host and the directories they read are
 * detected (when {@code hooks.directories} is not set explicitly)
 * @param profiles runtime profiles described here: one with the id of a detected profile
 * ({@code podman}, {@code crio}, {@code buildah}) overrides what was detected, any other
 * id adds a profile (for consumers whose binaries this service cannot see)
 */
@ConfigurationProperties("hooks")
@Validated
public record HooksProperties(List<Path> directories, @DefaultValue( {
		"precreate", "poststop" }) List<String> extensionStages, @DefaultValue Admin admin, @DefaultValue Watch watch,
		List<Path> writableDirectories, @DefaultValue Precreate precreate, @Valid List<User> users,
		@DefaultValue Policy policy, @DefaultValue("/var/lib/oci-hooks-admin") Path stateDir,
		@DefaultValue Limits limits, @DefaultValue("/") String hostRoot, @DefaultValue Detection detection,
		List<Profile> profiles){

	public HooksProperties {
		directories = (directories != null) ? List.copyOf(directories) : List.of();
		users = (users != null) ? List.copyOf(users) : List.of();
		profiles = (profiles != null) ? List.copyOf(profiles) : List.of();
		writableDirectories = (writableDirectories != null) ? List.copyOf(writableDirectories) : null;
	}

	/**
	 * The directories that accept writes through this service:
	 * {@code hooks.writable-directories} when set, else the highest-precedence directory
	 * only (as {@code /etc/...} overrides {@code /usr/share/...}, which belongs to
	 * packages).
	 */
	public List<Path> effectiveWritableDirectories() {
		if (this.writableDirectories != null) {
			return this.writableDirectories;
		}
		return this.directories.isEmpty() ? List.of() : List.of(this.directories.get(this.directories.size() - 1));
	}

	/**
	 * @param password password of user {@code admin} (env {@code HOOKS_ADMIN_PASSWORD});
	 * when empty outside the demo profile a random one is generated and printed once at
	 * start
	 */
	public record Admin(String password) {
	}

	/**
	 * A user.
	 *
	 * @param name the user name
	 * @param password {@code {bcrypt}...} or {@code {noop}...} (Spring's encoded forms),
	 * or plain text
	 * @param role {@code VIEWER} (read, preview), {@code EDITOR} (plus create, change,
	 * delete, sync, reload) or {@code ADMIN} (plus precreate execution, history and
	 * restore, audit log); any case, empty for the default; an unknown role stops the
	 * service at start, naming the property and the valid values
	 */
	public record User(String name, String password, @DefaultValue("VIEWER") @NotNull Role role) {
	}

	/**
	 * @param allowedPathPrefixes when set, a definition whose {@code hook.path} does not
	 * start with one of these is refused on write (for example
	 * {@code /usr/libexec/oci/hooks.d/}, {@code /usr/bin/}); relative paths and paths
	 * with {@code ..} are always refused on write
	 * @param requireTimeout refuse definitions without {@code hook.timeout} on write
	 */
	public record Policy(List<String> allowedPathPrefixes, @DefaultValue("false") boolean requireTimeout) {

		public Policy {
			allowedPathPrefixes = (allowedPathPrefixes != null) ? List.copyOf(allowedPathPrefixes) : List.of();
		}

	}

	/**
	 * @param executionEnabled whether previews may run precreate hooks (real host
	 * programs, as root if the service runs as root); off by default, on in the demo
	 * profile; only users with role ADMIN may ask
	 * @param maxConcurrent how many precreate chains may run at once
	 * @param postKillTimeout how long to wait for a killed hook to be reaped (the
	 * reference's post-kill timeout)
	 */
	public record Precreate(@DefaultValue("false") boolean executionEnabled, @DefaultValue("2") int maxConcurrent,
			@DefaultValue("10s") java.time.Duration postKillTimeout) {
	}

	/**
	 * @param maxRequestBody largest request body accepted, for the API and the
	 * dashboard's forms alike: larger bodies are refused with 413 before anything parses
	 * them (a hook definition is under 1 KiB, a preview's container config a few KiB;
	 * raise it only for previews of unusually large OCI configs)
	 */
	public record Limits(@DefaultValue("1MB") org.springframework.util.unit.DataSize maxRequestBody) {
	}

	/**
	 * @param mode {@code inotify} (the JDK's WatchService, inotify on Linux),
	 * {@code poll} (compare listings every {@code poll-interval}, for file systems
	 * without inotify such as some network mounts) or {@code off}
	 * @param debounce quiet time after the last change before reloading: a package
	 * installing twenty files is one reload
	 * @param maxDelay longest a reload waits while changes keep coming
	 * @param pollInterval how often {@code poll} mode compares listings
	 * @param fullRescanInterval how often every directory is rescanned anyway, which also
	 * notices hook executables installed or removed elsewhere on the host ({@code 0}
	 * disables)
	 */
	public record Watch(@DefaultValue("inotify") Mode mode, @DefaultValue("150ms") java.time.Duration debounce,
			@DefaultValue("500ms") java.time.Duration maxDelay, @DefaultValue("2s") java.time.Duration pollInterval,
			@DefaultValue("60s") java.time.Duration fullRescanInterval) {

		public enum Mode {

			INOTIFY, POLL, OFF

		}

	}

	/**
	 * @param enabled detect the runtimes installed under {@code hooks.host-root} and read
	 * their configuration
	 * @param versionCommands run {@code BINARY --version} to learn a runtime's version
	 * (only when the host root is {@code /}; otherwise, and when it fails, the dpkg
	 * database and CRI-O's version file are read)
	 * @param versionTimeout how long {@code --version} may take
	 */
	public record Detection(@DefaultValue("true") boolean enabled, @DefaultValue("true") boolean versionCommands,
			@DefaultValue("3s") java.time.Duration versionTimeout) {
	}

	/**
	 * A runtime profile described in configuration. Unset fields come from detection
	 * (same id) or from the kind.
	 *
	 * @param id the profile's id; the id of a detected profile ({@code podman},
	 * {@code crio}, {@code buildah}) overrides it
	 * @param kind {@code PODMAN}, {@code CRIO}, {@code BUILDAH} or {@code CUSTOM}
	 * (default: the detected profile's, else {@code CUSTOM})
	 * @param version the runtime's version (e.g. {@code 4.9.4}): decides where
	 * {@code prestart} lands and how its configuration files are read
	 * @param directories hook directories as the host names them (read under
	 * {@code hooks.host-root}), in increasing precedence; default: from the kind's
	 * configuration files; required for {@code CUSTOM}
	 * @param loadMode {@code MERGED}, {@code PER_DIRECTORY} or {@code NONE}
	 * @param extensionStages the stages the consumer handles itself (default: the kind's;
	 * {@code CUSTOM}: {@code hooks.extension-stages})
	 * @param prestartStage {@code PRESTART} or {@code CREATE_RUNTIME} (default: from the
	 * version)
	 */
	public record Profile(String id, Kind kind, String version, List<String> directories, LoadMode loadMode,
			List<String> extensionStages, PrestartStage prestartStage) {

		/**
		 * The kinds of runtime (the same names as {@code profiles.RuntimeKind}, kept here
		 * so that this package depends on no other of the application but the engine).
		 */
		public enum Kind {

			PODMAN, CRIO, BUILDAH, CUSTOM

		}

	}

}
