package io.github.ocihooks.admin.store;

import java.io.IOException;
import java.time.Instant;

/**
 * Where the write path keeps the content a change replaces or deletes, before it makes
 * the change. Implemented by the {@code history} feature ({@code History}); {@code store}
 * knows only this interface.
 */
public interface KeptVersions {

	/** Keeps {@code content}, the file's content until {@code at}. */
	void save(String directoryId, String name, byte[] content, Instant at) throws IOException;

}
