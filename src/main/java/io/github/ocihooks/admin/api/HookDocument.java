package io.github.ocihooks.admin.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import io.github.ocihooks.admin.engine.FileState;
import io.github.ocihooks.admin.engine.Problem;
import io.github.ocihooks.admin.runtimes.RuntimeNotice;
import io.github.ocihooks.admin.engine.Snapshot;
import io.github.ocihooks.admin.store.HookFiles;
import io.github.ocihooks.admin.inventory.HookCatalog;

/**
 * One hook file: what it says, what the runtime makes of it, and its ETag.
 *
 * @param directoryId the directory's id
 * @param directory the directory's path
 * @param name the file name
 * @param status active, masked, invalid, skipped or ignored
 * @param order position in the runtime's order for active hooks
 * @param blocksRuntime whether this file makes the runtime refuse every container
 * @param maskedBy the directory whose file of the same name replaces this one
 * @param masks directories whose file of the same name this one replaces
 * @param definition the parsed definition, when it could be parsed
 * @param raw the file's text
 * @param problems errors, warnings and hints
 * @param etag the content's ETag, for If-Match
 * @param generation the snapshot generation this view comes from
 * @param runtimes in the answer to a write: the runtimes that read the directory, when
 * each sees the change, whether it accepts the file and what follows, and its verdict now
 * (empty: no runtime reads it, the file never runs); absent otherwise
 */
record HookDocument(String directoryId, String directory, String name, String status, Integer order,
		boolean blocksRuntime, String maskedBy, List<String> masks, DefinitionJson definition, String raw,
		List<Problem> problems, String etag, long generation,
		@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) List<RuntimeNotice> runtimes) {

	/** This document with the runtimes that see the write. */
	HookDocument withRuntimes(List<RuntimeNotice> notices) {
		return new HookDocument(this.directoryId, this.directory, this.name, this.status, this.order,
				this.blocksRuntime, this.maskedBy, this.masks, this.definition, this.raw, this.problems, this.etag,
				this.generation, List.copyOf(notices));
	}

	static HookDocument of(Snapshot snapshot, HookFiles.StoredFile stored) {
		FileState state = HookCatalog.find(snapshot, stored.directoryIndex(), stored.name()).orElse(null);
		Integer order = (state != null) ? HookCatalog.order(snapshot, state) : null;
		String raw = new String(stored.content(), StandardCharsets.UTF_8);
		if (state == null) {
			return new HookDocument(stored.directoryId(), stored.directory(), stored.name(), null, null, false, null,
					List.of(), null, raw, List.of(), stored.etag(), snapshot.generation(), null);
		}
		return new HookDocument(stored.directoryId(), stored.directory(), stored.name(),
				state.status().name().toLowerCase(Locale.ROOT), order, state.blocksRuntime(), state.maskedBy(),
				state.masks(), DefinitionJson.of(state.file().definition()), raw, state.problems(), stored.etag(),
				snapshot.generation(), null);
	}

}
