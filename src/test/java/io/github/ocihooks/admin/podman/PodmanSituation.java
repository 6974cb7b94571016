package io.github.ocihooks.admin.podman;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One real-podman situation, as raw as a user would set it up: hook files in directories,
 * the containers.conf {@code hooks_dir} (or none), {@code --hooks-dir} flags, and the
 * {@code podman run} of one container. It says nothing about what podman will do with it:
 * that is a {@link Predictor}'s job.
 *
 * @param name short unique name
 * @param files hook directory to (file name to content), in the order they are written
 * @param confHooksDir the {@code [engine] hooks_dir} list written to containers.conf;
 * empty when the key is absent
 * @param cliHooksDirs {@code --hooks-dir} values given on the command line, in order
 * (each one flag)
 * @param container the container that is run
 * @param defaultDirs whether the situation writes to podman's fixed directories
 * ({@code /usr/share/...} and {@code /etc/containers/oci/hooks.d}), which the test may
 * not be allowed to touch on this host
 */
record PodmanSituation(String name, Map<String, Map<String, String>> files, Optional<List<String>> confHooksDir,
		List<String> cliHooksDirs, Container container, boolean defaultDirs) {

	/**
	 * The container of {@code podman run}.
	 *
	 * @param command the command ({@code process.args})
	 * @param annotations {@code --annotation k=v} flags, in order
	 * @param volumes volume and mount flags as given (flag, value), for example
	 * {@code ("-v", "/src:/dst")} or {@code ("--tmpfs", "/scratch")}
	 */
	record Container(List<String> command, Map<String, String> annotations, List<Flag> volumes) {

		Container {
			command = List.copyOf(command);
			annotations = new LinkedHashMap<>(annotations);
			volumes = List.copyOf(volumes);
		}

		static Container of(String... command) {
			return new Container(List.of(command), Map.of(), List.of());
		}

		Container annotate(String key, String value) {
			Map<String, String> a = new LinkedHashMap<>(this.annotations);
			a.put(key, value);
			return new Container(this.command, a, this.volumes);
		}

		Container volume(String flag, String value) {
			List<Flag> v = new ArrayList<>(this.volumes);
			v.add(new Flag(flag, value));
			return new Container(this.command, this.annotations, v);
		}

	}

	/** A command-line flag and its value. */
	record Flag(String flag, String value) {
	}

	/** Builds a situation step by step. */
	static final class Builder {

		private final String name;

		private final Map<String, Map<String, String>> files = new LinkedHashMap<>();

		private Optional<List<String>> confHooksDir = Optional.empty();

		private final List<String> cliHooksDirs = new ArrayList<>();

		private Container container = Container.of("/bin/true");

		private boolean defaultDirs;

		Builder(String name) {
			this.name = name;
		}

		Builder file(String dir, String fileName, String content) {
			this.files.computeIfAbsent(dir, k -> new LinkedHashMap<>()).put(fileName, content);
			return this;
		}

		/** A directory that exists but holds nothing. */
		Builder emptyDir(String dir) {
			this.files.computeIfAbsent(dir, k -> new LinkedHashMap<>());
			return this;
		}

		Builder hooksDir(String... dirs) {
			this.confHooksDir = Optional.of(List.of(dirs));
			return this;
		}

		Builder noHooksDirKey() {
			this.confHooksDir = Optional.empty();
			return this;
		}

		Builder cli(String... dirs) {
			this.cliHooksDirs.addAll(List.of(dirs));
			return this;
		}

		Builder container(Container container) {
			this.container = container;
			return this;
		}

		Builder defaultDirs() {
			this.defaultDirs = true;
			return this;
		}

		PodmanSituation build() {
			return new PodmanSituation(this.name, this.files, this.confHooksDir, List.copyOf(this.cliHooksDirs),
					this.container, this.defaultDirs);
		}

	}

}
