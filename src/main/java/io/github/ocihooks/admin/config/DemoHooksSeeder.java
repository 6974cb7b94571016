package io.github.ocihooks.admin.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;

/**
 * Profile {@code demo}: fills the first two hook directories (of
 * {@code hooks.directories}, else of the first configured runtime profile) with realistic
 * hook definitions, modelled on the examples of oci-hooks(5), so the dashboard has
 * something to show. A directory is created and seeded only when it does not exist yet:
 * an existing directory, even an empty one, is never touched.
 * <p>
 * Seeding happens in a {@link BeanFactoryPostProcessor}, before any bean is created, so
 * the hook store's first snapshot (built in its constructor) already holds the seeded
 * files: they are the starting state, not changes made on disk by someone else (no
 * {@code external-create} in the audit log, no reload).
 */
class DemoHooksSeeder {

	@Configuration(proxyBeanMethods = false)
	@Profile("demo")
	static class Seeding {

		@Bean
		static BeanFactoryPostProcessor demoHooksSeeding(Environment environment) {
			return (beanFactory) -> new DemoHooksSeeder(
					Binder.get(environment).bindOrCreate("hooks", HooksProperties.class));
		}

	}

	private static final Log logger = LogFactory.getLog(DemoHooksSeeder.class);

	DemoHooksSeeder(HooksProperties properties) {
		List<Path> directories = directories(properties);
		if (directories.size() > 0) {
			seed(directories.get(0), baseHooks());
		}
		if (directories.size() > 1) {
			seed(directories.get(1), overrideHooks());
		}
	}

	/**
	 * The directories to seed: {@code hooks.directories} when set, else the first
	 * configured runtime profile's (the demo's podman profile), under
	 * {@code hooks.host-root}.
	 */
	static List<Path> directories(HooksProperties properties) {
		if (!properties.directories().isEmpty() || properties.profiles().isEmpty()
				|| properties.profiles().get(0).directories() == null) {
			return properties.directories();
		}
		Path root = Path.of(properties.hostRoot()).toAbsolutePath().normalize();
		return properties.profiles()
			.get(0)
			.directories()
			.stream()
			.map((d) -> root.resolve(d.replaceFirst("^/+", "")))
			.toList();
	}

	/**
	 * Creates {@code directory} with the given files, unless it exists already.
	 * @return whether the directory was created and seeded
	 */
	static boolean seed(Path directory, Map<String, String> files) {
		if (Files.exists(directory)) {
			logger.info("Demo: hook directory " + directory.toAbsolutePath() + " exists, leaving it as it is");
			return false;
		}
		try {
			Files.createDirectories(directory);
			for (Map.Entry<String, String> file : files.entrySet()) {
				Files.writeString(directory.resolve(file.getKey()), file.getValue());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Demo: cannot seed hook directory " + directory.toAbsolutePath(), ex);
		}
		logger.info(
				"Demo: created hook directory " + directory.toAbsolutePath() + " with " + files.size() + " hook files");
		return true;
	}

	/**
	 * The lower-precedence directory, e.g. {@code /usr/share/containers/oci/hooks.d} on a
	 * real host.
	 */
	static Map<String, String> baseHooks() {
		Map<String, String> files = new LinkedHashMap<>();
		files.put("oci-systemd-hook.json", """
				{
				  "version": "1.0.0",
				  "hook": {
				    "path": "/bin/true",
				    "args": ["oci-systemd-hook", "prestart"]
				  },
				  "when": {
				    "commands": [".*/init$", ".*/systemd$"]
				  },
				  "stages": ["prestart", "poststop"]
				}
				""");
		files.put("oci-umount.json", """
				{
				  "version": "1.0.0",
				  "hook": {
				    "path": "/bin/true",
				    "args": ["oci-umount", "--debug"]
				  },
				  "when": {
				    "hasBindMounts": true
				  },
				  "stages": ["prestart"]
				}
				""");
		// Java text block: "\\\\" is "\\" in the file, a JSON-escaped backslash, so the
		// regex is ^com\.example\.gpu$.
		files.put("nvidia-container-toolkit.json", """
				{
				  "version": "1.0.0",
				  "hook": {
				    "path": "/bin/true",
				    "args": ["nvidia-container-runtime-hook", "prestart"],
				    "env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
				    "timeout": 10
				  },
				  "when": {
				    "annotations": {
				      "^com\\\\.example\\\\.gpu$": "^(true|1|yes)$"
				    }
				  },
				  "stages": ["prestart"]
				}
				""");
		// A precreate hook gets the OCI config on stdin and prints the (possibly changed)
		// config: cat changes nothing.
		files.put("add-cdi-devices.json", """
				{
				  "version": "1.0.0",
				  "hook": {
				    "path": "/bin/sh",
				    "args": ["sh", "-c", "cat"],
				    "timeout": 5
				  },
				  "when": {
				    "always": true
				  },
				  "stages": ["precreate"]
				}
				""");
		files.put("legacy-audit.json", """
				{
				  "version": "0.1.0",
				  "hook": "/bin/true",
				  "arguments": ["audit"],
				  "stages": ["poststart"],
				  "cmds": ["^/bin/sh$"]
				}
				""");
		files.put("50-log-start.json", """
				{
				  "version": "1.0.0",
				  "hook": {
				    "path": "/bin/true",
				    "args": ["log-start", "--from", "vendor"]
				  },
				  "when": {
				    "always": true
				  },
				  "stages": ["poststart"]
				}
				""");
		return files;
	}

	/**
	 * The higher-precedence directory, e.g. {@code /etc/containers/oci/hooks.d} on a real
	 * host.
	 */
	static Map<String, String> overrideHooks() {
		Map<String, String> files = new LinkedHashMap<>();
		// Same name as in the base directory: masks it.
		files.put("50-log-start.json", """
				{
				  "version": "1.0.0",
				  "hook": {
				    "path": "/bin/true",
				    "args": ["log-start", "--from", "admin", "--verbose"]
				  },
				  "when": {
				    "always": true
				  },
				  "stages": ["poststart"]
				}
				""");
		// The runtime silently skips a hook whose executable is missing; the dashboard
		// warns about it.
		files.put("20-missing-exec.json", """
				{
				  "version": "1.0.0",
				  "hook": {
				    "path": "/usr/libexec/oci/hooks.d/does-not-exist"
				  },
				  "when": {
				    "always": true
				  },
				  "stages": ["prestart"]
				}
				""");
		return files;
	}

}
