package io.github.ocihooks.admin.runtimes;

/** What a runtime does with the hook directories as they are now. */
public enum Verdict {

	/** It loads its hook directories and considers their hooks for every container. */
	WORKS,
	/**
	 * Loading fails: it refuses every container (podman, Buildah: every RUN step) until
	 * the file is fixed.
	 */
	REFUSES_EVERY_CONTAINER,
	/**
	 * Loading fails and that is fatal at its (next) start: CRI-O calls
	 * {@code logrus.Fatal} on a {@code hooks.New} error; while it runs it logs and skips
	 * a file that breaks at run time.
	 */
	FAILS_TO_START,
	/**
	 * It reads no hook directory at all (rootless podman with an empty
	 * {@code hooks_dir}).
	 */
	NO_HOOKS

}
