package io.github.ocihooks.admin.profiles;

/**
 * A configuration file the runtime reads (or would read), and what it contributed.
 *
 * @param path as the runtime names it
 * @param outcome what it contributed
 * @param detail one line for people
 */
public record ConfigFile(String path, Outcome outcome, String detail) {

	/** What a file contributed. */
	public enum Outcome {

		/** It sets the hook directories, replacing earlier values. */
		SETS,
		/** It appends to the hook directories ({@code {append=true}}). */
		APPENDS,
		/** It exists and parses but does not set the hook directories. */
		NO_SETTING,
		/** It does not exist (the runtime skips it). */
		ABSENT,
		/**
		 * It cannot be read or parsed: see the profile's findings for what the runtime
		 * does then.
		 */
		BROKEN,
		/**
		 * This version of the runtime does not read it, or reading stopped at an earlier
		 * broken file.
		 */
		NOT_READ

	}

}
