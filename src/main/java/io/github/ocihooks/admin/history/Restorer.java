package io.github.ocihooks.admin.history;

import io.github.ocihooks.admin.directories.HookDirectories;
import io.github.ocihooks.admin.store.HookFiles;
import io.github.ocihooks.admin.store.StoreException;

import org.springframework.stereotype.Component;

/**
 * Restore: writes a kept version back, byte for byte, through the store's one audited
 * write path (lock, precondition, audit as {@code restore}, the replaced content kept in
 * the history too, atomic write, refresh).
 */
@Component
public class Restorer {

	private final History history;

	private final HookFiles files;

	private final HookDirectories directories;

	Restorer(History history, HookFiles files, HookDirectories directories) {
		this.history = history;
		this.files = files;
		this.directories = directories;
	}

	/**
	 * Writes version {@code versionId} of file {@code name} in {@code directory} back;
	 * {@code ifMatch} (the file's current ETag) when the file exists, else it must be
	 * absent.
	 */
	public HookFiles.WriteResult restore(String directory, String name, String versionId, String ifMatch) {
		HookFiles.checkName(name);
		int index = this.directories.index(directory);
		byte[] content = this.history.content(this.directories.id(index), name, versionId)
			.orElseThrow(() -> new StoreException(StoreException.Kind.NOT_FOUND,
					"No version " + versionId + " of " + name + " in the history"));
		return this.files.restore(directory, name, content, ifMatch);
	}

}
