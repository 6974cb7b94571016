package io.github.ocihooks.admin.engine;

/**
 * How a consumer of containers/common {@code pkg/hooks} calls {@code hooks.New} over its
 * hook directories. The runtimes differ here, and so does what an admin sees on disk.
 */
public enum LoadMode {

	/**
	 * One {@code hooks.New} over all directories in increasing precedence: a valid file
	 * masks the same name in a lower directory, and one broken file anywhere refuses
	 * every container (podman with {@code hooks_dir} set, CRI-O, {@code --hooks-dir}
	 * flags).
	 */
	MERGED,
	/**
	 * One {@code hooks.New} per directory ({@code /usr/share/...}, then
	 * {@code /etc/...}): nothing masks anything, a file of the same name in both
	 * directories is injected twice (podman as root with an empty {@code hooks_dir},
	 * Buildah without {@code --hooks-dir}).
	 */
	PER_DIRECTORY,
	/** No hooks are read at all (rootless podman with an empty {@code hooks_dir}). */
	NONE

}
