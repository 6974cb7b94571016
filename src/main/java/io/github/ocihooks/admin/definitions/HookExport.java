package io.github.ocihooks.admin.definitions;

import java.util.ArrayList;
import java.util.List;

import io.github.ocihooks.admin.directories.HookDirectories;
import io.github.ocihooks.admin.engine.FileState;
import io.github.ocihooks.admin.engine.Snapshot;
import io.github.ocihooks.admin.engine.Status;
import io.github.ocihooks.admin.store.HookFiles;
import io.github.ocihooks.admin.store.HookStore;
import io.github.ocihooks.admin.store.StoreException;

import org.springframework.stereotype.Component;

/**
 * The effective set as it is on disk, in the shape sync takes back: every active file, a
 * 1.0.0 file as the runtime reads it, a legacy 0.1.0 file as it is written (its own
 * schema, not a hybrid). Sync writes a legacy definition as its 1.0.0 equivalent (see
 * {@link DefinitionValidator#checkForSync}), so an export imported into an empty
 * directory gives the same effective set.
 */
@Component
public class HookExport {

	private final HookStore store;

	private final HookFiles files;

	private final HookDirectories directories;

	HookExport(HookStore store, HookFiles files, HookDirectories directories) {
		this.store = store;
		this.files = files;
		this.directories = directories;
	}

	/**
	 * One active file.
	 *
	 * @param state the file as the snapshot has it
	 * @param legacyContent for a legacy 0.1.0 file, its bytes on disk; null for a 1.0.0
	 * file
	 */
	public record Entry(FileState state, byte[] legacyContent) {
	}

	/**
	 * @param generation the snapshot generation
	 * @param entries every active file, in the snapshot's order
	 */
	public record Exported(long generation, List<Entry> entries) {
	}

	public Exported export() {
		Snapshot snapshot = this.store.snapshot();
		List<Entry> entries = new ArrayList<>();
		for (FileState state : snapshot.resolution().files()) {
			if (state.status() != Status.ACTIVE) {
				continue;
			}
			byte[] legacy = null;
			if (state.file().definition().legacy()) {
				legacy = content(state);
			}
			entries.add(new Entry(state, legacy));
		}
		return new Exported(snapshot.generation(), entries);
	}

	private byte[] content(FileState state) {
		try {
			return this.files.read(this.directories.id(state.file().directoryIndex()), state.name())
				.map(HookFiles.StoredFile::content)
				.orElse(null);
		}
		catch (StoreException ex) {
			// A name this service does not read through its API: the converted definition
			// stands in.
			return null;
		}
	}

}
