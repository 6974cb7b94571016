package io.github.ocihooks.admin.engine;

/** What the runtime does with a file in a hook directory. */
public enum Status {

	/** Read, valid, and not masked: the runtime considers it for every container. */
	ACTIVE,
	/**
	 * Valid, but a valid file of the same name in a higher-precedence directory replaces
	 * it.
	 */
	MASKED,
	/**
	 * The runtime rejects it; see its problems for whether that refuses every container.
	 */
	INVALID,
	/**
	 * Silently skipped by the runtime: a dangling symbolic link, or a definition whose
	 * executable does not exist. A skipped file does not mask a lower file of the same
	 * name.
	 */
	SKIPPED,
	/**
	 * Not read at all: the name does not end in {@code .json}, or the consumer reads no
	 * hook directory ({@link LoadMode#NONE}).
	 */
	IGNORED

}
