package io.github.ocihooks.admin.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.ocihooks.admin.engine.DirectoryScan;
import io.github.ocihooks.admin.engine.FileState;
import io.github.ocihooks.admin.engine.Problem;
import io.github.ocihooks.admin.engine.RuntimeError;
import io.github.ocihooks.admin.engine.Snapshot;
import io.github.ocihooks.admin.engine.Status;
import io.github.ocihooks.admin.store.DirectoryIds;
import io.github.ocihooks.admin.store.HookStore;
import io.github.ocihooks.admin.store.StatusCounts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/**
 * The directories and every file in them, with what the runtime makes of each. Responses carry the snapshot
 * generation as their {@code ETag}: a client polling with {@code If-None-Match} gets 304 until something changes.
 */
@RestController
@Tag(name = "inventory", description = "The hook directories and their files")
class InventoryController {

	private final HookStore store;

	InventoryController(HookStore store) {
		this.store = store;
	}

	@GetMapping(path = "/api/v1/hooks", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "listHooks", summary = "List every file in every hook directory",
			description = "Status (active, masked, invalid, skipped, ignored), the effective definition, problems, and "
					+ "what masks what. Active hooks carry their position in the runtime's order.")
	ResponseEntity<HookList> list(
			@Parameter(description = "Only this status") @RequestParam(required = false) Status status,
			@Parameter(description = "Only hooks asking for this stage") @RequestParam(required = false) String stage,
			@Parameter(description = "Only this directory (id or path)") @RequestParam(required = false) String directory,
			@Parameter(description = "Text in the name, path, command or patterns") @RequestParam(required = false) String q,
			WebRequest request) {
		Snapshot snapshot = this.store.snapshot();
		String etag = etag(snapshot);
		if (request.checkNotModified(etag)) {
			return null;
		}
		List<String> ids = DirectoryIds.of(this.store.directories());
		Map<FileState, Integer> order = new HashMap<>();
		List<FileState> injection = snapshot.resolution().injectionOrder();
		for (int i = 0; i < injection.size(); i++) {
			order.put(injection.get(i), i);
		}
		List<HookEntry> hooks = new ArrayList<>();
		for (FileState state : snapshot.resolution().files()) {
			String id = ids.get(state.file().directoryIndex());
			HookEntry entry = HookEntry.of(state, id, order.get(state));
			if (matches(entry, state, status, stage, directory, q)) {
				hooks.add(entry);
			}
		}
		return ResponseEntity.ok()
			.eTag(etag)
			.cacheControl(CacheControl.noCache())
			.body(new HookList(snapshot.generation(), snapshot.loadedAt(), snapshot.resolution().loadError(), hooks));
	}

	@GetMapping(path = "/api/v1/directories", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "listDirectories", summary = "List the configured hook directories",
			description = "In increasing precedence: a file in a later directory masks the same name in an earlier one.")
	ResponseEntity<List<DirectoryEntry>> directories(WebRequest request) {
		Snapshot snapshot = this.store.snapshot();
		List<String> ids = DirectoryIds.of(this.store.directories());
		List<DirectoryEntry> out = new ArrayList<>();
		Map<Integer, Map<String, Integer>> counts = StatusCounts.byDirectory(snapshot);
		for (DirectoryScan scan : snapshot.directories()) {
			Path path = Path.of(scan.path());
			out.add(new DirectoryEntry(ids.get(scan.index()), scan.path(), scan.index(),
					scan.index() == snapshot.directories().size() - 1, scan.exists(),
					scan.exists() && Files.isWritable(path), scan.error(),
					counts.getOrDefault(scan.index(), StatusCounts.zero())));
		}
		return ResponseEntity.ok().eTag(etag(snapshot)).cacheControl(CacheControl.noCache()).body(out);
	}

	static String etag(Snapshot snapshot) {
		return "\"g" + snapshot.generation() + "\"";
	}

	private static boolean matches(HookEntry entry, FileState state, Status status, String stage, String directory,
			String q) {
		if (status != null && state.status() != status) {
			return false;
		}
		if (stage != null && (state.file().definition() == null || state.file().definition().stages() == null
				|| !state.file().definition().stages().contains(stage))) {
			return false;
		}
		if (directory != null && !directory.equals(entry.directoryId()) && !directory.equals(entry.directory())) {
			return false;
		}
		if (q != null && !q.isBlank()) {
			String needle = q.toLowerCase(Locale.ROOT);
			StringBuilder haystack = new StringBuilder(state.name()).append(' ').append(state.directory());
			var d = state.file().definition();
			if (d != null) {
				haystack.append(' ').append(d.hook().path()).append(' ').append(d.hook().args()).append(' ')
					.append(d.when().annotations()).append(' ').append(d.when().commands());
			}
			return haystack.toString().toLowerCase(Locale.ROOT).contains(needle);
		}
		return true;
	}

	/**
	 * The files.
	 *
	 * @param generation the snapshot generation (also the ETag)
	 * @param loadedAt when the snapshot was loaded
	 * @param runtimeError non-null when the runtime would refuse every container
	 * @param hooks the files, by directory then name
	 */
	record HookList(long generation, Instant loadedAt, RuntimeError runtimeError, List<HookEntry> hooks) {
	}

	/**
	 * One file.
	 *
	 * @param directoryId the directory's id
	 * @param directory the directory's path
	 * @param precedence 0 for the lowest
	 * @param name the file name
	 * @param status active, masked, invalid, skipped or ignored
	 * @param order position in the runtime's order, for active hooks
	 * @param blocksRuntime whether this file makes the runtime refuse every container
	 * @param maskedBy the directory whose file of the same name replaces this one
	 * @param masks directories whose file of the same name this one replaces
	 * @param definition the parsed definition, when it could be parsed
	 * @param problems errors, warnings and hints
	 * @param sha256 content hash
	 * @param size content length
	 * @param symlink whether the entry is a symbolic link
	 */
	record HookEntry(String directoryId, String directory, int precedence, String name, String status, Integer order,
			boolean blocksRuntime, String maskedBy, List<String> masks, DefinitionJson definition,
			List<Problem> problems, String sha256, long size, boolean symlink) {

		static HookEntry of(FileState s, String directoryId, Integer order) {
			var f = s.file();
			return new HookEntry(directoryId, f.directory(), f.directoryIndex(), f.name(),
					s.status().name().toLowerCase(Locale.ROOT), order, s.blocksRuntime(), s.maskedBy(), s.masks(),
					DefinitionJson.of(f.definition()), s.problems(), f.sha256(), f.size(), f.symlink());
		}

	}

	/**
	 * A configured directory.
	 *
	 * @param id stable URL-safe id
	 * @param path as configured
	 * @param precedence 0 for the lowest
	 * @param highest whether it has the highest precedence
	 * @param exists whether it exists
	 * @param writable whether this service can write into it
	 * @param error a listing error that makes the runtime refuse every container
	 * @param counts files by status
	 */
	record DirectoryEntry(String id, String path, int precedence, boolean highest, boolean exists, boolean writable,
			String error, Map<String, Integer> counts) {
	}

}
