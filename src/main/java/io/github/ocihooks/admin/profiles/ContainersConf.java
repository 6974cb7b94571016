package io.github.ocihooks.admin.profiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.ocihooks.admin.engine.Severity;
import tools.jackson.databind.JsonNode;

/**
 * podman's {@code [engine] hooks_dir} from containers.conf, with containers/common
 * {@code pkg/config}'s precedence ({@code new.go} {@code systemConfigs},
 * {@code newLocked}) as the root user's podman reads it:
 * <ol>
 * <li>{@code $CONTAINERS_CONF} alone when set (it must exist); else
 * {@code /usr/share/containers/containers.conf}, {@code /etc/containers/containers.conf},
 * {@code /etc/containers/containers.conf.d/*.conf} (one level, byte order); from podman
 * 5.0 (containers/common v0.58) also root's own
 * {@code ~/.config/containers/containers.conf} and its {@code .d}, which before were read
 * by rootless users only;</li>
 * <li>then {@code $CONTAINERS_CONF_OVERRIDE} (podman 4.5, v0.52, on), which must
 * exist.</li>
 * </ol>
 * Each file that sets {@code hooks_dir} replaces the list, unless (podman 4.8, v0.57, on:
 * {@code attributedstring.Slice}) the array carries {@code {append=true}}; that attribute
 * then stays set for later files until one says {@code {append=false}}. Before 4.8 the
 * list is a plain string array and the table form is a decode error. A file that does not
 * parse makes podman fail every command. Nothing sets it:
 * {@code ["/usr/share/containers/oci/hooks.d"]}.
 * <p>
 * Longer than the ~250 lines the project aims for because containers/common's whole file
 * precedence and its version-dependent rules (append, override, root's own files) are
 * reproduced in one place.
 */
final class ContainersConf {

	static final String USR = "/usr/share/containers/containers.conf";

	static final String ETC = "/etc/containers/containers.conf";

	static final String KEY = "[engine] hooks_dir";

	private final HostRoot host;

	private final Map<String, String> environment;

	private final RuntimeVersion version;

	private final List<ProfileDirectory> directories = new ArrayList<>();

	private final List<ConfigFile> files = new ArrayList<>();

	private final List<Finding> findings = new ArrayList<>();

	private final List<String> unknowns = new ArrayList<>();

	private final List<String> inferred = new ArrayList<>();

	private boolean appendAttribute;

	private boolean fatal;

	private ContainersConf(HostRoot host, Map<String, String> environment, RuntimeVersion version) {
		this.host = host;
		this.environment = environment;
		this.version = version;
	}

	static ConfResult read(HostRoot host, Map<String, String> environment, RuntimeVersion version) {
		return new ContainersConf(host, environment, version).read();
	}

	private boolean attributed() {
		return this.version.atLeast(4, 8);
	}

	private ConfResult read() {
		for (String dir : List.of(Detector.DEFAULT_HOOKS_DIR)) {
			this.directories.add(new ProfileDirectory(dir, this.host.resolve(dir), DirectorySource
				.builtIn("containers/common built-in default (pkg/config/default.go DefaultHooksDirs)")));
		}
		String versionText = this.version.known() ? "podman " + this.version.version() : "the unknown podman version";
		boolean override = this.version.atLeast(4, 5);
		boolean rootHome = this.version.atLeast(5, 0);
		this.inferred.add(versionText + (attributed() ? " understands" : " does not understand")
				+ " hooks_dir = [..., {append=true}] (podman 4.8 on)");
		this.inferred
			.add(versionText + (override ? " reads" : " ignores") + " $CONTAINERS_CONF_OVERRIDE (podman 4.5 on)");
		this.inferred.add(versionText + (rootHome ? " reads" : " does not read")
				+ " root's own ~/.config/containers/containers.conf (podman 5.0 on)");

		String conf = this.environment.get("CONTAINERS_CONF");
		if (conf != null && !conf.isEmpty()) {
			this.unknowns.add("CONTAINERS_CONF=" + conf + " was taken from this service's environment; podman "
					+ "invocations with another environment read other files");
			if (!Files.exists(this.host.resolve(conf))) {
				this.files.add(new ConfigFile(conf, ConfigFile.Outcome.BROKEN, "$CONTAINERS_CONF names no file"));
				fatal(conf, "$CONTAINERS_CONF names a file that does not exist",
						"podman fails every command (\"CONTAINERS_CONF file: no such file or directory\")");
			}
			else {
				apply(conf);
			}
			for (String skipped : List.of(USR, ETC, ETC + ".d/*.conf")) {
				this.files
					.add(new ConfigFile(skipped, ConfigFile.Outcome.NOT_READ, "not read: $CONTAINERS_CONF is set"));
			}
		}
		else {
			apply(USR);
			apply(ETC);
			applyDropIns(ETC + ".d");
			String home = this.host.rootHome();
			String homeConf = home + "/.config/containers/containers.conf";
			if (rootHome) {
				apply(homeConf);
				applyDropIns(homeConf + ".d");
				this.unknowns.add("root's $XDG_CONFIG_HOME and $HOME when podman runs (assumed unset and " + home
						+ ", from /etc/passwd)");
			}
			else {
				this.files
					.add(new ConfigFile(homeConf, ConfigFile.Outcome.NOT_READ, "not read by root before podman 5.0"));
			}
		}
		String overrideFile = this.environment.get("CONTAINERS_CONF_OVERRIDE");
		if (overrideFile != null && !overrideFile.isEmpty()) {
			this.unknowns.add("CONTAINERS_CONF_OVERRIDE=" + overrideFile + " was taken from this service's "
					+ "environment; podman invocations with another environment read other files");
			if (!override) {
				this.files.add(new ConfigFile(overrideFile, ConfigFile.Outcome.NOT_READ,
						"$CONTAINERS_CONF_OVERRIDE is ignored before podman 4.5"));
			}
			else if (!Files.exists(this.host.resolve(overrideFile))) {
				this.files.add(new ConfigFile(overrideFile, ConfigFile.Outcome.BROKEN,
						"$CONTAINERS_CONF_OVERRIDE names no file"));
				fatal(overrideFile, "$CONTAINERS_CONF_OVERRIDE names a file that does not exist",
						"podman fails every command (\"CONTAINERS_CONF_OVERRIDE file: no such file or directory\"; "
								+ "only the newest containers/common ignores it)");
			}
			else {
				apply(overrideFile);
			}
		}
		this.unknowns.add("--hooks-dir flags of podman commands (including `podman system service`): they replace "
				+ "hooks_dir for that process");
		this.unknowns.add("config modules given with --module (podman 4.7 on)");
		this.unknowns.add("rootless users' podman: their own ~/.config/containers/containers.conf (and .d), "
				+ "/etc/containers/containers.rootless.conf in the newest versions; with an empty hooks_dir a rootless "
				+ "podman reads no hooks at all");
		this.unknowns.add("`podman build` RUN steps use Buildah's rules (one load per directory over "
				+ "/usr/share/containers/oci/hooks.d then /etc/containers/oci/hooks.d), whatever hooks_dir says");
		return new ConfResult(dedupe(this.directories, this.findings, KEY), this.files, this.findings, this.unknowns,
				this.inferred, this.fatal);
	}

	private void applyDropIns(String directory) {
		Path location = this.host.resolve(directory);
		try {
			for (String name : HostRoot.sortedNames(location)) {
				if (name.endsWith(".conf") && !Files.isDirectory(location.resolve(name))) {
					apply(directory + "/" + name);
				}
			}
		}
		catch (IOException ex) {
			this.files.add(new ConfigFile(directory, ConfigFile.Outcome.BROKEN, "cannot be listed: " + ex));
			fatal(directory, "cannot be listed: " + ex, "podman fails every command (\"finding config on system\")");
		}
	}

	private void apply(String file) {
		if (this.fatal) {
			this.files.add(new ConfigFile(file, ConfigFile.Outcome.NOT_READ,
					"not read: podman stopped at an earlier broken file"));
			return;
		}
		TomlFile.Read read = TomlFile.read(this.host.resolve(file));
		if (read.absent()) {
			this.files.add(new ConfigFile(file, ConfigFile.Outcome.ABSENT, "does not exist"));
			return;
		}
		if (read.error() != null) {
			this.files.add(new ConfigFile(file, ConfigFile.Outcome.BROKEN, read.error()));
			fatal(file, read.error(), "podman fails every command (\"reading system config: decode configuration\")");
			return;
		}
		Detector.warnMisplaced(read.tree(), List.of("engine", "hooks_dir"), file, "podman", this.findings);
		JsonNode node = TomlFile.at(read.tree(), "engine", "hooks_dir");
		if (node == null) {
			this.files.add(new ConfigFile(file, ConfigFile.Outcome.NO_SETTING, "does not set " + KEY));
			return;
		}
		List<String> values = new ArrayList<>();
		String error = attributed() ? parseAttributed(node, values) : parsePlain(node, values);
		if (error != null) {
			this.files.add(new ConfigFile(file, ConfigFile.Outcome.BROKEN, KEY + ": " + error));
			fatal(file, KEY + ": " + error,
					"podman fails every command (\"reading system config: decode " + "configuration\")");
			return;
		}
		boolean append = this.appendAttribute;
		if (!append) {
			this.directories.clear();
		}
		for (String value : values) {
			this.directories.add(new ProfileDirectory(value, this.host.resolve(value),
					DirectorySource.configFile(file, KEY, append)));
			if (!value.startsWith("/")) {
				this.findings.add(new Finding(Severity.WARNING, file, KEY + " names a relative directory: " + value,
						"podman resolves it against the working directory of each podman command"));
			}
		}
		this.files.add(new ConfigFile(file, append ? ConfigFile.Outcome.APPENDS : ConfigFile.Outcome.SETS,
				(append ? "appends " : "sets ") + KEY + " = " + values));
	}

	/** containers/common v0.57+ {@code attributedstring.Slice.UnmarshalTOML}. */
	private String parseAttributed(JsonNode node, List<String> values) {
		if (!node.isArray()) {
			return "unable to cast to interface array (it is not an array)";
		}
		for (JsonNode item : node) {
			if (item.isString()) {
				values.add(item.asString());
			}
			else if (item.isObject()) {
				for (var entry : item.properties()) {
					if (!"append".equals(entry.getKey())) {
						return "unsupported key \"" + entry.getKey() + "\" in map";
					}
					if (!entry.getValue().isBoolean()) {
						return "unable to cast append to bool";
					}
					this.appendAttribute = entry.getValue().booleanValue();
				}
			}
			else {
				return "unsupported item in attributed string slice: " + item;
			}
		}
		return null;
	}

	/** Before v0.57: a plain {@code []string}. */
	private String parsePlain(JsonNode node, List<String> values) {
		if (!node.isArray()) {
			return "incompatible types: TOML value is not an array of strings";
		}
		for (JsonNode item : node) {
			if (!item.isString()) {
				return item.isObject() ? "{append=true} needs podman 4.8 or later: this podman cannot decode "
						+ "a table in the hooks_dir array" : "incompatible types: " + item + " is not a string";
			}
			values.add(item.asString());
		}
		return null;
	}

	private void fatal(String file, String message, String consequence) {
		this.findings.add(new Finding(Severity.ERROR, file, message, consequence));
		this.fatal = true;
	}

	/**
	 * A directory listed twice counts once, at its last place: a later occurrence masks
	 * everything an earlier one masked, so this keeps the runtime's result.
	 */
	static List<ProfileDirectory> dedupe(List<ProfileDirectory> directories, List<Finding> findings, String key) {
		List<ProfileDirectory> result = new ArrayList<>();
		for (int i = 0; i < directories.size(); i++) {
			ProfileDirectory d = directories.get(i);
			boolean later = false;
			for (int j = i + 1; j < directories.size(); j++) {
				if (directories.get(j).path().equals(d.path())) {
					later = true;
				}
			}
			if (later) {
				findings.add(new Finding(Severity.INFO, d.source().description(),
						key + " lists " + d.path() + " more than once", "only its last place matters"));
			}
			else {
				result.add(d);
			}
		}
		return result;
	}

}
