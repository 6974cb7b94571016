package io.github.ocihooks.admin.profiles;

/** How a profile came about. */
public enum ProfileOrigin {

	/** Detected on the host. */
	DETECTED,
	/** Described by {@code hooks.profiles[i]} only. */
	CONFIGURED,
	/** Detected, with some facts from {@code hooks.profiles[i]} of the same id. */
	DETECTED_AND_CONFIGURED,
	/**
	 * The single {@code custom} profile over {@code hooks.directories} set explicitly: no
	 * detection.
	 */
	EXPLICIT_DIRECTORIES,
	/**
	 * Nothing was detected or configured: the documented default directories, read as one
	 * merged load.
	 */
	FALLBACK

}
