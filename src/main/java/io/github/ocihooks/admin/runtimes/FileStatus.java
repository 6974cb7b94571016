package io.github.ocihooks.admin.runtimes;

import io.github.ocihooks.admin.engine.Status;

/** What one runtime makes of one file. */
public enum FileStatus {

	/** Read and considered for every container. */
	ACTIVE,
	/**
	 * Replaced by a file of the same name in a directory of higher precedence for this
	 * runtime.
	 */
	MASKED,
	/**
	 * Rejected by this runtime (see whether that refuses every container or stops it from
	 * starting).
	 */
	INVALID,
	/** Silently skipped (missing executable, dangling link). */
	SKIPPED,
	/**
	 * Not a hook file for this runtime (not {@code .json}), or the runtime reads no hook
	 * directory.
	 */
	IGNORED,
	/** This runtime does not read the file's directory. */
	NOT_READ;

	static FileStatus of(Status status) {
		return switch (status) {
			case ACTIVE -> ACTIVE;
			case MASKED -> MASKED;
			case INVALID -> INVALID;
			case SKIPPED -> SKIPPED;
			case IGNORED -> IGNORED;
		};
	}

}
