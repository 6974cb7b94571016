package io.github.ocihooks.admin.profiles;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.ocihooks.admin.engine.GoRelease;
import io.github.ocihooks.admin.engine.LoadMode;
import io.github.ocihooks.admin.engine.PrestartStage;
import io.github.ocihooks.admin.engine.Severity;
import tools.jackson.databind.JsonNode;

/**
 * Finds the consumers installed under the host root and builds their profiles from their
 * configuration files.
 * <p>
 * Longer than the ~250 lines the project aims for: one detection per runtime kind
 * (podman, CRI-O, Buildah), each with its own files and version sources.
 */
final class Detector {

	/** containers/common {@code hooks.DefaultDir}. */
	static final String DEFAULT_HOOKS_DIR = "/usr/share/containers/oci/hooks.d";

	/** containers/common {@code hooks.OverrideDir}. */
	static final String OVERRIDE_HOOKS_DIR = "/etc/containers/oci/hooks.d";

	static final List<RuntimeKind> DETECTABLE = List.of(RuntimeKind.PODMAN, RuntimeKind.CRIO, RuntimeKind.BUILDAH);

	private final HostRoot host;

	private final Map<String, String> environment;

	private final VersionProbe probe;

	Detector(HostRoot host, Map<String, String> environment, VersionProbe probe) {
		this.host = host;
		this.environment = Map.copyOf(environment);
		this.probe = probe;
	}

	HostRoot host() {
		return this.host;
	}

	/**
	 * A profile for every consumer whose executable (or Debian package) is on the host.
	 */
	List<RuntimeProfile> detectInstalled(List<Finding> findings) {
		List<RuntimeProfile> profiles = new ArrayList<>();
		List<String> missing = new ArrayList<>();
		for (RuntimeKind kind : DETECTABLE) {
			Optional<String> binary = this.host.findBinary(kind.binary());
			boolean packaged = false;
			if (binary.isEmpty()) {
				try {
					packaged = DpkgStatus.installedVersion(this.host.resolve(DpkgStatus.PATH), kind.debianPackage())
						.isPresent();
				}
				catch (IOException ex) {
					packaged = false;
				}
			}
			if (binary.isEmpty() && !packaged) {
				missing.add(kind.binary());
				continue;
			}
			RuntimeVersion version = this.probe.probe(kind, binary.orElse(null));
			RuntimeVersion goVersion = this.probe.probeGo(kind, binary.orElse(null));
			RuntimeProfile profile = build(kind, kind.defaultId(), ProfileOrigin.DETECTED, binary.orElse(null), version,
					goVersion);
			if (binary.isEmpty()) {
				profile = withFinding(profile,
						new Finding(
								Severity.INFO, DpkgStatus.PATH, "package " + kind.debianPackage()
										+ " is installed but no " + kind.binary() + " executable was found",
								"profiled anyway"));
			}
			profiles.add(profile);
		}
		if (!missing.isEmpty()) {
			findings.add(new Finding(Severity.INFO, "host root " + this.host.root(),
					"not installed (no executable in /usr/local/sbin, /usr/local/bin, /usr/sbin, /usr/bin, /sbin, /bin, "
							+ "no Debian package): " + String.join(", ", missing),
					null));
		}
		return profiles;
	}

	/**
	 * The profile of a consumer of this kind and version, its directories read from its
	 * configuration files.
	 */
	RuntimeProfile build(RuntimeKind kind, String id, ProfileOrigin origin, String binary, RuntimeVersion version,
			RuntimeVersion goVersion) {
		String name = (kind.product() != null) ? kind.product() : "the consumer";
		String versionText = version.known() ? name + " " + version.version() : "the unknown " + name + " version";
		List<String> unknowns = new ArrayList<>();
		List<String> inferred = new ArrayList<>();
		ConfResult conf;
		List<ProfileDirectory> directories;
		LoadMode loadMode;
		String loadModeReason;
		switch (kind) {
			case PODMAN -> {
				conf = ContainersConf.read(this.host, this.environment, version);
				if (!conf.directories().isEmpty()) {
					directories = conf.directories();
					loadMode = LoadMode.MERGED;
					boolean builtIn = directories.stream()
						.allMatch((d) -> d.source().kind() == DirectorySource.Kind.BUILT_IN_DEFAULT);
					loadModeReason = (builtIn
							? "no containers.conf sets hooks_dir: the built-in default, " + DEFAULT_HOOKS_DIR
									+ " only (" + OVERRIDE_HOOKS_DIR + " is not read, whatever the podman "
									+ "man page says)"
							: "hooks_dir names " + directories.size() + " director"
									+ (directories.size() == 1 ? "y" : "ies"))
							+ ": one hooks.New over all of them; a valid file masks the same name in an earlier "
							+ "directory, and one broken file refuses every container";
				}
				else if (version.atLeast(4, 8)) {
					directories = perDirectoryDefaults("libpod setupOCIHooks: hooks_dir is empty");
					loadMode = LoadMode.PER_DIRECTORY;
					loadModeReason = "hooks_dir is empty: " + versionText + " as root calls hooks.New once per "
							+ "directory (/usr/share/..., then /etc/...); nothing masks anything and both files of the "
							+ "same name are injected, but for an extension stage (precreate, poststop) the hooks of "
							+ "/etc/... replace those of /usr/share/... (allHooks[stage] = ...); a rootless podman reads "
							+ "no hooks at all";
				}
				else {
					directories = List.of();
					loadMode = LoadMode.NONE;
					loadModeReason = "hooks_dir is empty: before podman 4.8 an empty list is not an unset one (libpod "
							+ "checks HooksDir == nil), so " + versionText + " calls hooks.New over no directory and "
							+ "reads no hooks at all";
				}
			}
			case CRIO -> {
				conf = CrioConf.read(this.host);
				directories = conf.directories();
				if (directories.isEmpty()) {
					loadMode = LoadMode.NONE;
					loadModeReason = "hooks_dir is empty: CRI-O reads no hooks";
				}
				else {
					loadMode = LoadMode.MERGED;
					loadModeReason = "one hooks.New over all hooks_dir directories, watched for changes; a valid file "
							+ "masks the same name in an earlier directory";
				}
			}
			case BUILDAH -> {
				conf = new ConfResult(List.of(), List.of(), List.of(), List
					.of("--hooks-dir flags of builds (buildah bud/run, podman build): then one merged load over "
							+ "those directories", "rootless builds: no hooks at all without --hooks-dir"),
						List.of(), false);
				directories = perDirectoryDefaults("Buildah setupOCIHooks without --hooks-dir");
				loadMode = LoadMode.PER_DIRECTORY;
				loadModeReason = "Buildah reads no configuration for hook directories: without --hooks-dir it calls "
						+ "hooks.New once per directory (/usr/share/..., then /etc/...) as root; nothing masks anything";
			}
			default -> throw new IllegalArgumentException("not detectable: " + kind);
		}
		unknowns.addAll(conf.unknowns());
		inferred.addAll(conf.inferred());
		PrestartStage prestart;
		String prestartReason;
		if (!version.known()) {
			prestart = PrestartStage.CREATE_RUNTIME;
			prestartReason = "version unknown: assumed " + kind.createRuntimeSince() + " or later (createRuntime), as "
					+ "current releases do; set hooks.profiles[i].version to be exact";
			unknowns.add(name + "'s version (" + version.detail() + "): the behaviour of current releases was "
					+ "assumed wherever it depends on the version");
		}
		else if (kind.injectsCreateRuntime(version)) {
			prestart = PrestartStage.CREATE_RUNTIME;
			prestartReason = versionText + " is " + kind.createRuntimeSince() + " or later: prestart definitions are "
					+ "injected as createRuntime (containers/common v0.58)";
		}
		else {
			prestart = PrestartStage.PRESTART;
			prestartReason = versionText + " is older than " + kind.createRuntimeSince()
					+ ": prestart definitions stay in prestart";
		}
		inferred.add(prestartReason);
		return new RuntimeProfile(id, kind, origin, binary, version.withInferred(inferred), goInferred(goVersion),
				directories, loadMode, loadModeReason, kind.extensionStages(), prestart, prestartReason,
				kind.annotations(), kind.hasBindMounts(), kind.takesEffect(), conf.files(), unknowns, conf.findings());
	}

	/** What the Go version means for hook files. */
	static RuntimeVersion goInferred(RuntimeVersion goVersion) {
		GoRelease go = goVersion.goRelease();
		String sentence;
		if (go.latest()) {
			sentence = "unknown Go release: the newest behaviour is assumed (named groups written (?<name>...) are "
					+ "accepted)";
		}
		else if (go.acceptsAngleNamedGroups()) {
			sentence = "Go " + goVersion.version()
					+ " is 1.22 or later: named groups written (?<name>...) are accepted";
		}
		else {
			sentence = "Go " + goVersion.version() + " is older than 1.22: a pattern with a named group written "
					+ "(?<name>...) is invalid, and such a file makes this runtime refuse every container; regexp and "
					+ "encoding/json errors read as Go " + go.name().substring(2) + " words them";
		}
		return goVersion.withInferred(List.of(sentence));
	}

	private List<ProfileDirectory> perDirectoryDefaults(String why) {
		return List.of(
				new ProfileDirectory(DEFAULT_HOOKS_DIR, this.host.resolve(DEFAULT_HOOKS_DIR),
						DirectorySource.builtIn(why + ": hooks.DefaultDir, loaded on its own")),
				new ProfileDirectory(OVERRIDE_HOOKS_DIR, this.host.resolve(OVERRIDE_HOOKS_DIR),
						DirectorySource.builtIn(why + ": hooks.OverrideDir, loaded on its own")));
	}

	static RuntimeProfile withFinding(RuntimeProfile p, Finding finding) {
		List<Finding> findings = new ArrayList<>(p.findings());
		findings.add(finding);
		return new RuntimeProfile(p.id(), p.kind(), p.origin(), p.binary(), p.version(), p.goVersion(), p.directories(),
				p.loadMode(), p.loadModeReason(), p.extensionStages(), p.prestartStage(), p.prestartReason(),
				p.annotations(), p.hasBindMounts(), p.takesEffect(), p.configFiles(), p.unknowns(), findings);
	}

	/**
	 * Warns about {@code hooks_dir} keys outside the one table the runtime reads it from.
	 */
	static void warnMisplaced(JsonNode tree, List<String> expected, String file, String runtime,
			List<Finding> findings) {
		List<String> found = new ArrayList<>();
		collect(tree, new ArrayList<>(), found);
		String expectedText = String.join(".", expected);
		for (String path : found) {
			if (!path.equals(expectedText)) {
				findings.add(
						new Finding(Severity.WARNING, file, path + " is not " + expectedText, runtime + " ignores it"));
			}
		}
	}

	private static void collect(JsonNode node, List<String> path, List<String> found) {
		if (node == null || !node.isObject()) {
			return;
		}
		for (var entry : node.properties()) {
			path.add(entry.getKey());
			if ("hooks_dir".equals(entry.getKey())) {
				found.add(String.join(".", path));
			}
			else {
				collect(entry.getValue(), path, found);
			}
			path.remove(path.size() - 1);
		}
	}

}
