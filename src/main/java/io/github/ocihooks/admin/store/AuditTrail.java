package io.github.ocihooks.admin.store;

import org.jspecify.annotations.Nullable;

/**
 * Where the write path records every change it makes: the intent before the change, its
 * outcome after. Implemented by the {@code history} feature's audit log; {@code store}
 * knows only this interface, so that {@code history} (which restores through the write
 * path) depends on {@code store} and never the other way round.
 */
public interface AuditTrail {

	/**
	 * Records the intent of a change by the current user before it is made.
	 * @param action {@code create}, {@code update}, {@code delete}, {@code restore} or
	 * {@code create-directory}
	 * @param directory the directory path
	 * @param name the file name
	 * @param sha256Before content hash before, or null when there was no file
	 * @param sha256After content hash after, or null when the file will be gone
	 * @return the change, to record its outcome with
	 */
	Change intent(String action, String directory, String name, @Nullable String sha256Before,
			@Nullable String sha256After);

	/** A change whose intent is recorded; one outcome follows. */
	interface Change {

		/** Who makes it. */
		String user();

		/** It was made. */
		void written();

		/** It was not made; the content is unchanged. */
		void failed(String detail);

	}

}
