package io.github.ocihooks.admin.engine;

import java.util.List;

/**
 * Why the runtime would refuse to create the container.
 *
 * @param phase {@code load} (reading the hook directories failed: every container is
 * refused) or {@code match} (evaluating a hook's conditions failed for this container)
 * @param message the runtime's error text
 * @param files the files responsible
 */
public record RuntimeError(String phase, String message, List<FileError> files) {

	public RuntimeError {
		files = List.copyOf(files);
	}

	/** One responsible file. */
	public record FileError(String directory, String name, String message) {
	}

}
