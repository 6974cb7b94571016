package io.github.ocihooks.admin.profiles;

import io.github.ocihooks.admin.engine.Severity;

/**
 * Something detection found that an admin should know.
 *
 * @param severity {@code ERROR}: the runtime does not run with this configuration (podman
 * fails every command; CRI-O fails at its next start); {@code WARNING}: it runs, but not
 * as one would expect; {@code INFO}: worth knowing
 * @param source the file or property concerned
 * @param message what was found
 * @param consequence what the runtime does about it
 */
public record Finding(Severity severity, String source, String message, String consequence) {

	@Override
	public String toString() {
		return this.severity + " " + this.source + ": " + this.message
				+ ((this.consequence != null) ? " — " + this.consequence : "");
	}

}
