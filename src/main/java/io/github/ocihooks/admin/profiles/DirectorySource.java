package io.github.ocihooks.admin.profiles;

/**
 * Where a profile's directory came from.
 *
 * @param kind what kind of source
 * @param file the configuration file as the runtime names it, for
 * {@link Kind#CONFIG_FILE}; else null
 * @param key the key ({@code [engine] hooks_dir}, {@code hooks.directories}, ...), or
 * null for built-in defaults
 * @param description one line for people:
 * {@code /etc/containers/containers.conf [engine] hooks_dir}
 */
public record DirectorySource(Kind kind, String file, String key, String description) {

	/** The kinds of sources. */
	public enum Kind {

		/** A key in a configuration file of the runtime. */
		CONFIG_FILE,
		/** The runtime's built-in default. */
		BUILT_IN_DEFAULT,
		/**
		 * A property of this service ({@code hooks.directories},
		 * {@code hooks.profiles[i].directories}).
		 */
		PROPERTY

	}

	static DirectorySource configFile(String file, String key, boolean appended) {
		return new DirectorySource(Kind.CONFIG_FILE, file, key,
				file + " " + key + (appended ? " (appended: {append=true})" : ""));
	}

	static DirectorySource builtIn(String description) {
		return new DirectorySource(Kind.BUILT_IN_DEFAULT, null, null, description);
	}

	static DirectorySource property(String key) {
		return new DirectorySource(Kind.PROPERTY, null, key, key);
	}

}
