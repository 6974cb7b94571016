package io.github.ocihooks.admin.profiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.ocihooks.admin.engine.Severity;
import tools.jackson.databind.JsonNode;

/**
 * CRI-O's {@code [crio.runtime] hooks_dir} ({@code pkg/config/config.go},
 * {@code internal/criocli}): {@code /etc/crio/crio.conf} (skipped when absent), then
 * every file under {@code /etc/crio/crio.conf.d}, recursively, in lexical order
 * ({@code filepath.Walk}: any name, not only {@code *.conf}); each file that sets
 * {@code hooks_dir} replaces it. Default {@code ["/usr/share/containers/oci/hooks.d"]}. A
 * file that does not parse makes CRI-O fail to start. At start CRI-O creates a missing
 * hook directory and skips a path that is not a directory.
 */
final class CrioConf {

	static final String CONF = "/etc/crio/crio.conf";

	static final String DROP_INS = "/etc/crio/crio.conf.d";

	static final String KEY = "[crio.runtime] hooks_dir";

	private final HostRoot host;

	private final List<ProfileDirectory> directories = new ArrayList<>();

	private final List<ConfigFile> files = new ArrayList<>();

	private final List<Finding> findings = new ArrayList<>();

	private boolean fatal;

	private CrioConf(HostRoot host) {
		this.host = host;
	}

	static ConfResult read(HostRoot host) {
		return new CrioConf(host).read();
	}

	private ConfResult read() {
		this.directories
			.add(new ProfileDirectory(Detector.DEFAULT_HOOKS_DIR, this.host.resolve(Detector.DEFAULT_HOOKS_DIR),
					DirectorySource.builtIn("CRI-O built-in default (pkg/config DefaultConfig: hooks.DefaultDir)")));
		apply(CONF);
		Path dropIns = this.host.resolve(DROP_INS);
		if (Files.exists(dropIns, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
			walk(DROP_INS, dropIns);
		}
		else {
			this.files.add(new ConfigFile(DROP_INS, ConfigFile.Outcome.ABSENT, "does not exist"));
		}
		List<ProfileDirectory> result = new ArrayList<>();
		for (ProfileDirectory d : ContainersConf.dedupe(this.directories, this.findings, KEY)) {
			if (Files.exists(d.location()) && !Files.isDirectory(d.location())) {
				this.findings.add(new Finding(Severity.WARNING, d.source().description(),
						d.path() + " exists but is not a directory",
						"CRI-O skips it (\"Skipping invalid hooks directory\")"));
				continue;
			}
			if (!Files.exists(d.location())) {
				this.findings.add(new Finding(Severity.INFO, d.source().description(), d.path() + " does not exist",
						"CRI-O creates it at its next start"));
			}
			result.add(d);
		}
		List<String> unknowns = new ArrayList<>();
		unknowns.add("CRI-O's command line and environment: --config/CONTAINER_CONFIG, --config-dir/"
				+ "CONTAINER_CONFIG_DIR and --hooks-dir/CONTAINER_HOOKS_DIR (for example in its systemd unit) replace "
				+ "the files and keys read here");
		for (String envFile : List.of("/etc/sysconfig/crio", "/etc/default/crio")) {
			try {
				Path location = this.host.resolve(envFile);
				if (Files.isRegularFile(location)) {
					String text = Files.readString(location, StandardCharsets.UTF_8);
					if (text.contains("hooks-dir") || text.contains("CONTAINER_HOOKS_DIR")) {
						this.findings
							.add(new Finding(Severity.WARNING, envFile, "mentions --hooks-dir or CONTAINER_HOOKS_DIR",
									"if CRI-O's unit uses it, CRI-O reads other directories than " + KEY + " says"));
					}
				}
			}
			catch (IOException ex) {
				unknowns.add(envFile + " cannot be read: " + ex.getMessage());
			}
		}
		return new ConfResult(result, this.files, this.findings, unknowns, List.of(), this.fatal);
	}

	/**
	 * {@code filepath.Walk}: lexical order, directories descended into, symbolic links
	 * not followed.
	 */
	private void walk(String hostPath, Path location) {
		if (HostRoot.isDirectoryNoFollow(location)) {
			List<String> names;
			try {
				names = HostRoot.sortedNames(location);
			}
			catch (IOException ex) {
				this.files.add(new ConfigFile(hostPath, ConfigFile.Outcome.BROKEN, "cannot be listed: " + ex));
				fatal(hostPath, "cannot be listed: " + ex);
				return;
			}
			for (String name : names) {
				walk(hostPath + "/" + name, location.resolve(name));
			}
		}
		else {
			apply(hostPath);
		}
	}

	private void apply(String file) {
		if (this.fatal) {
			this.files.add(new ConfigFile(file, ConfigFile.Outcome.NOT_READ,
					"not read: CRI-O stops at an earlier broken file"));
			return;
		}
		Path location = this.host.resolve(file);
		if (Files.isDirectory(location)) {
			this.files.add(new ConfigFile(file, ConfigFile.Outcome.BROKEN, "a symbolic link to a directory"));
			fatal(file, "a symbolic link to a directory in the drop-in tree (read as a file: \"is a directory\")");
			return;
		}
		TomlFile.Read read = TomlFile.read(location);
		if (read.absent()) {
			this.files.add(new ConfigFile(file, ConfigFile.Outcome.ABSENT,
					CONF.equals(file) ? "does not exist (skipped)" : "a dangling symbolic link"));
			if (!CONF.equals(file)) {
				fatal(file, "a dangling symbolic link in the drop-in tree");
			}
			return;
		}
		if (read.error() != null) {
			this.files.add(new ConfigFile(file, ConfigFile.Outcome.BROKEN, read.error()));
			fatal(file, read.error());
			return;
		}
		Detector.warnMisplaced(read.tree(), List.of("crio", "runtime", "hooks_dir"), file, "CRI-O", this.findings);
		JsonNode node = TomlFile.at(read.tree(), "crio", "runtime", "hooks_dir");
		if (node == null) {
			this.files.add(new ConfigFile(file, ConfigFile.Outcome.NO_SETTING, "does not set " + KEY));
			return;
		}
		List<String> values = new ArrayList<>();
		boolean strings = node.isArray();
		if (strings) {
			for (JsonNode item : node) {
				if (!item.isString()) {
					strings = false;
					break;
				}
				values.add(item.asString());
			}
		}
		if (!strings) {
			this.files.add(new ConfigFile(file, ConfigFile.Outcome.BROKEN, KEY + " is not an array of strings"));
			fatal(file, KEY + " is not an array of strings");
			return;
		}
		this.directories.clear();
		for (String value : values) {
			this.directories.add(new ProfileDirectory(value, this.host.resolve(value),
					DirectorySource.configFile(file, KEY, false)));
		}
		this.files.add(new ConfigFile(file, ConfigFile.Outcome.SETS, "sets " + KEY + " = " + values));
	}

	private void fatal(String file, String message) {
		this.findings.add(new Finding(Severity.ERROR, file, message,
				"CRI-O fails at its next start (\"unable to decode configuration\"); a running CRI-O keeps its "
						+ "configuration until then"));
		this.fatal = true;
	}

}
