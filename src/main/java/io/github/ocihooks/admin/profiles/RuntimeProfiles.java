package io.github.ocihooks.admin.profiles;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.ocihooks.admin.config.HooksProperties;
import io.github.ocihooks.admin.engine.Severity;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginTrackedResource;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;

/**
 * The consumers of the hook directories on this host, as they really read them: one
 * {@link RuntimeProfile} each.
 * <p>
 * Contract: when {@code hooks.directories} is set explicitly
 * ({@link #directoriesSetExplicitly}), there is exactly one profile, {@code custom}, over
 * those directories with {@code hooks.extension-stages}, merged, {@code prestart} as
 * {@code createRuntime}, and nothing is detected ({@link #forExplicitDirectories}).
 * Otherwise the runtimes under {@code hooks.host-root} are detected ({@link #detect}),
 * {@code hooks.profiles} override or add to them, and when nothing is found a
 * {@code custom} profile over the two documented directories remains.
 * <p>
 * Thread-safe: each detection is an immutable {@link ProfileSet}, swapped in by
 * {@link #refresh()}.
 * <p>
 * Longer than the ~250 lines the project aims for: detection, configured profiles, the
 * explicit-directories contract and re-detection on reload meet here.
 */
public class RuntimeProfiles {

	private static final Log logger = LogFactory.getLog(RuntimeProfiles.class);

	private static final ConfigurationPropertyName DIRECTORIES = ConfigurationPropertyName.of("hooks.directories");

	private final HooksProperties properties;

	private final boolean explicitDirectories;

	private final Map<String, String> environment;

	private final CommandRunner runner;

	private volatile ProfileSet current;

	RuntimeProfiles(HooksProperties properties, boolean explicitDirectories, Map<String, String> environment,
			CommandRunner runner) {
		this.properties = properties;
		this.explicitDirectories = explicitDirectories;
		this.environment = Map.copyOf(environment);
		this.runner = runner;
		this.current = compute();
		log(this.current);
	}

	/**
	 * The profiles when {@code hooks.directories} is set explicitly: one {@code custom}
	 * profile over those directories, nothing detected (no command is run).
	 */
	public static RuntimeProfiles explicit(HooksProperties properties) {
		return new RuntimeProfiles(properties, true, Map.of(), (command, timeout) -> {
			throw new IllegalStateException("nothing is detected when hooks.directories is set");
		});
	}

	/** The current profiles. */
	public List<RuntimeProfile> profiles() {
		return this.current.profiles();
	}

	/** The profile with this id. */
	public Optional<RuntimeProfile> find(String id) {
		return this.current.find(id);
	}

	/**
	 * Every profile's directories as this service reads them, each once, keeping each
	 * profile's precedence.
	 */
	public List<Path> directories() {
		return this.current.directories();
	}

	/**
	 * The directories this service manages: exactly {@code hooks.directories} when set,
	 * else every profile's and the documented ones no profile reads
	 * ({@link ProfileSet#managedDirectories()}).
	 */
	public List<Path> managedDirectories() {
		return this.current.managedDirectories();
	}

	/**
	 * The profiles that read the directory at {@code location} (as this service reads it;
	 * empty: nobody does).
	 */
	public List<RuntimeProfile> readers(Path location) {
		return this.current.readers(location);
	}

	/**
	 * Every finding of the current detection (unparseable configuration files and what
	 * the runtime does then, ...).
	 */
	public List<Finding> findings() {
		return this.current.allFindings();
	}

	/** The current detection as a whole. */
	public ProfileSet current() {
		return this.current;
	}

	/**
	 * Whether {@code hooks.directories} was set explicitly: then one {@code custom}
	 * profile and no detection.
	 */
	public boolean explicitDirectories() {
		return this.explicitDirectories;
	}

	/**
	 * Detects again (configuration files, binaries, versions) and returns the new set.
	 */
	public ProfileSet refresh() {
		ProfileSet next = compute();
		this.current = next;
		return next;
	}

	private ProfileSet compute() {
		if (this.explicitDirectories) {
			ProfileSet set = forExplicitDirectories(this.properties.directories(), this.properties.extensionStages());
			if (!this.properties.profiles().isEmpty()) {
				List<Finding> findings = new ArrayList<>(set.findings());
				findings.add(new Finding(Severity.INFO, "hooks.profiles",
						"ignored: hooks.directories is set explicitly", "one custom profile over hooks.directories"));
				return new ProfileSet(set.profiles(), findings, set.hostRoot(), true, set.detectedAt());
			}
			return set;
		}
		return detect(this.properties, this.environment, this.runner);
	}

	/**
	 * Exactly today's behaviour: one {@code custom} profile over {@code directories} (as
	 * configured, not under the host root) with these extension stages, merged,
	 * {@code prestart} as {@code createRuntime}.
	 */
	public static ProfileSet forExplicitDirectories(List<Path> directories, List<String> extensionStages) {
		List<ProfileDirectory> dirs = new ArrayList<>();
		for (Path dir : directories) {
			dirs.add(new ProfileDirectory(dir.toString(), dir, DirectorySource.property("hooks.directories")));
		}
		RuntimeProfile custom = ConfiguredProfiles.custom(RuntimeKind.CUSTOM.defaultId(),
				ProfileOrigin.EXPLICIT_DIRECTORIES,
				RuntimeVersion.unknown("not applicable: hooks.directories is set, nothing is detected"), dirs,
				extensionStages,
				"hooks.directories is set: one load over all of them, a file masking the same name in an earlier one",
				"hooks.directories is set: prestart definitions are injected as createRuntime (containers/common "
						+ "v0.58 and later)");
		return new ProfileSet(List.of(custom), List.of(), Path.of("/"), true, Instant.now());
	}

	/**
	 * Detects the runtimes under {@code hooks.host-root} (unless
	 * {@code hooks.detection.enabled=false}) and applies {@code hooks.profiles}.
	 * {@code environment} supplies {@code CONTAINERS_CONF} and
	 * {@code CONTAINERS_CONF_OVERRIDE} (the service's own environment in production).
	 */
	public static ProfileSet detect(HooksProperties properties, Map<String, String> environment) {
		return detect(properties, environment, CommandRunner.processes());
	}

	static ProfileSet detect(HooksProperties properties, Map<String, String> environment, CommandRunner runner) {
		HooksProperties.Detection settings = properties.detection();
		HostRoot host = new HostRoot(Path.of(properties.hostRoot()));
		VersionProbe probe = new VersionProbe(host, runner, settings.versionCommands(), settings.versionTimeout());
		Detector detector = new Detector(host, environment, probe);
		List<Finding> findings = new ArrayList<>();
		List<RuntimeProfile> profiles = settings.enabled() ? detector.detectInstalled(findings) : new ArrayList<>();
		if (!settings.enabled()) {
			findings.add(new Finding(Severity.INFO, "hooks.detection.enabled", "detection is off",
					"only hooks.profiles describe the runtimes"));
		}
		profiles = ConfiguredProfiles.apply(profiles, properties.profiles(), detector, properties.extensionStages());
		if (profiles.isEmpty()) {
			List<ProfileDirectory> dirs = new ArrayList<>();
			for (String dir : List.of(Detector.DEFAULT_HOOKS_DIR, Detector.OVERRIDE_HOOKS_DIR)) {
				dirs.add(new ProfileDirectory(dir, host.resolve(dir),
						DirectorySource.builtIn("oci-hooks(5) documented default")));
			}
			profiles = List.of(ConfiguredProfiles.custom(RuntimeKind.CUSTOM.defaultId(), ProfileOrigin.FALLBACK,
					RuntimeVersion.unknown("no runtime was detected or configured"), dirs, properties.extensionStages(),
					"no runtime found: one load over the documented directories, /etc masking /usr/share",
					"no runtime found: prestart as createRuntime, as current releases do"));
			findings.add(new Finding(Severity.WARNING, "host root " + host.root(), "no runtime found",
					"showing the documented default directories; set hooks.profiles or hooks.directories"));
		}
		return new ProfileSet(profiles, findings, host.root(), false, Instant.now());
	}

	/**
	 * Whether {@code hooks.directories} was set explicitly: true unless the value in
	 * force is the packaged default (the application's own {@code application.yaml} on
	 * the class path). Command-line arguments, environment variables
	 * ({@code HOOKS_DIRECTORIES_0}), an {@code application.yaml} beside the jar or in
	 * {@code config/}, a profile's file: all count as explicit.
	 */
	public static boolean directoriesSetExplicitly(Environment environment) {
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			ConfigurationProperty property = source.getConfigurationProperty(DIRECTORIES);
			if (property == null) {
				property = source.getConfigurationProperty(DIRECTORIES.append("[0]"));
			}
			if (property != null) {
				return !isPackagedDefault(property.getOrigin());
			}
		}
		return false;
	}

	private static boolean isPackagedDefault(Origin origin) {
		for (Origin o = origin; o != null; o = o.getParent()) {
			if (o instanceof PropertySourceOrigin wrapper && wrapper.getOrigin() != null) {
				return isPackagedDefault(wrapper.getOrigin());
			}
			if (o instanceof TextResourceOrigin text) {
				Resource resource = text.getResource();
				while (resource instanceof OriginTrackedResource tracked) {
					resource = tracked.getResource();
				}
				return resource instanceof ClassPathResource classPath
						&& "application.yaml".equals(classPath.getPath());
			}
		}
		return false;
	}

	private static void log(ProfileSet set) {
		for (RuntimeProfile p : set.profiles()) {
			logger.info("Runtime profile " + p.id() + " (" + p.kind() + ", " + p.origin() + ", version "
					+ (p.version().known() ? p.version().version() : "unknown") + "): " + p.loadMode() + " over "
					+ p.directories().stream().map(ProfileDirectory::path).toList() + ", prestart as "
					+ p.prestartStage().field());
		}
		for (Finding f : set.allFindings()) {
			if (f.severity() != Severity.INFO) {
				logger.warn("Runtime profiles: " + f);
			}
		}
	}

}
