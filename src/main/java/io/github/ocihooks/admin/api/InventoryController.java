package io.github.ocihooks.admin.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.ocihooks.admin.engine.DirectoryScan;
import io.github.ocihooks.admin.engine.FileState;
import io.github.ocihooks.admin.engine.Problem;
import io.github.ocihooks.admin.engine.RuntimeError;
import io.github.ocihooks.admin.engine.Snapshot;
import io.github.ocihooks.admin.engine.Status;
import io.github.ocihooks.admin.directories.HookDirectories;
import io.github.ocihooks.admin.store.HookStore;
import io.github.ocihooks.admin.inventory.StatusCounts;
import io.github.ocihooks.admin.inventory.HookCatalog;
import io.github.ocihooks.admin.inventory.HookFilter;
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
 * The directories and every file in them, with what the runtime makes of each. Responses
 * carry the snapshot generation as their {@code ETag}: a client polling with
 * {@code If-None-Match} gets 304 until something changes.
 */
@RestController
@Tag(name = "inventory", description = "The hook directories and their files")
class InventoryController {

	private final HookStore store;

	private final HookDirectories directories;

	InventoryController(HookStore store, HookDirectories directories) {
		this.store = store;
		this.directories = directories;
	}

	@GetMapping(path = "/api/v1/hooks", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "listHooks", summary = "List every file in every hook directory",
			description = "Status (active, masked, invalid, skipped, ignored), the effective definition, problems, and "
					+ "what masks what. Active hooks carry their position in the runtime's order.")
	ResponseEntity<HookList> list(
			@Parameter(description = "Only this status") @RequestParam(required = false) Status status,
			@Parameter(description = "Only hooks asking for this stage") @RequestParam(required = false) String stage,
			@Parameter(description = "Only this directory (id or path)") @RequestParam(
					required = false) String directory,
			@Parameter(description = "Text in the name, path, command or patterns") @RequestParam(
					required = false) String q,
			WebRequest request) {
		Snapshot snapshot = this.store.snapshot();
		String etag = etag(snapshot);
		if (request.checkNotModified(etag)) {
			return null;
		}
		List<String> ids = this.directories.ids();
		Map<FileState, Integer> order = HookCatalog.orders(snapshot);
		HookFilter filter = new HookFilter((status != null) ? status.name() : null, stage, directory, q);
		List<HookEntry> hooks = new ArrayList<>();
		for (FileState state : snapshot.resolution().files()) {
			String id = ids.get(state.file().directoryIndex());
			if (filter.test(state, id)) {
				hooks.add(HookEntry.of(state, id, order.get(state)));
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
		List<String> ids = this.directories.ids();
		List<DirectoryEntry> out = new ArrayList<>();
		Map<Integer, Map<String, Integer>> counts = StatusCounts.byDirectory(snapshot);
		for (DirectoryScan scan : snapshot.directories()) {
			out.add(new DirectoryEntry(ids.get(scan.index()), scan.path(), scan.index(),
					scan.index() == snapshot.directories().size() - 1, scan.exists(),
					this.directories.accepts(scan.index()),
					scan.exists() && this.directories.writableOnDisk(scan.index()), scan.error(),
					counts.getOrDefault(scan.index(), StatusCounts.zero())));
		}
		return ResponseEntity.ok().eTag(etag(snapshot)).cacheControl(CacheControl.noCache()).body(out);
	}

	static String etag(Snapshot snapshot) {
		return "\"g" + snapshot.generation() + "\"";
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
	 * @param order 0-based place in the runtime's order, for active hooks (unchanged:
	 * tools rely on it)
	 * @param position the same place 1-based, as the dashboard shows it ({@code #1} is
	 * injected first): order + 1
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
			Integer position, boolean blocksRuntime, String maskedBy, List<String> masks, DefinitionJson definition,
			List<Problem> problems, String sha256, long size, boolean symlink) {

		static HookEntry of(FileState s, String directoryId, Integer order) {
			var f = s.file();
			return new HookEntry(directoryId, f.directory(), f.directoryIndex(), f.name(),
					s.status().name().toLowerCase(Locale.ROOT), order, HookCatalog.position(order), s.blocksRuntime(),
					s.maskedBy(), s.masks(), DefinitionJson.of(f.definition()), s.problems(), f.sha256(), f.size(),
					f.symlink());
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
	 * @param writable whether this directory accepts writes through this service
	 * ({@code hooks.writable-directories}, it exists, and the file system lets the
	 * service write there): {@code PUT}, sync and restore succeed
	 * @param writableOnDisk the file system's answer alone: whether this process may
	 * write into it, whatever {@code hooks.writable-directories} says
	 * @param error a listing error that makes the runtime refuse every container
	 * @param counts files by status
	 */
	record DirectoryEntry(String id, String path, int precedence, boolean highest, boolean exists, boolean writable,
			boolean writableOnDisk, String error, Map<String, Integer> counts) {
	}

}
