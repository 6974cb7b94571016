package io.github.ocihooks.admin.profiles;

/** Where a consumer's version came from. */
public enum VersionSource {

	/**
	 * The output of {@code BINARY --version}, run by this service (only when the host
	 * root is {@code /}).
	 */
	COMMAND,
	/** The host's package database ({@code /var/lib/dpkg/status}). */
	PACKAGE_DATABASE,
	/**
	 * A version file the consumer writes itself (CRI-O's {@code /var/run/crio/version}).
	 */
	VERSION_FILE,
	/** {@code hooks.profiles[i].version}. */
	CONFIGURED,
	/** Could not be determined; {@code RuntimeVersion.detail} says why. */
	UNKNOWN

}
