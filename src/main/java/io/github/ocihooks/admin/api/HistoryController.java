package io.github.ocihooks.admin.api;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.ocihooks.admin.store.HookFiles;
import io.github.ocihooks.admin.store.StoreException;
import io.github.ocihooks.admin.history.AuditLog;
import io.github.ocihooks.admin.history.History;
import io.github.ocihooks.admin.history.Restorer;
import io.github.ocihooks.admin.history.TextDiff;
import io.github.ocihooks.admin.directories.HookDirectories;
import io.github.ocihooks.admin.runtimes.RuntimeViews;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The history of overwritten and deleted files, restore, and the audit log (role ADMIN).
 * Every change made through this service keeps the previous content; every change, also
 * those noticed on disk, is in the audit log.
 */
@RestController
@Tag(name = "audit", description = "History of hook files, restore, and the audit log")
class HistoryController {

	private final HookFiles files;

	private final History history;

	private final AuditLog audit;

	private final Restorer restorer;

	private final HookDirectories directories;

	private final RuntimeViews views;

	HistoryController(HookFiles files, History history, AuditLog audit, Restorer restorer, HookDirectories directories,
			RuntimeViews views) {
		this.views = views;
		this.directories = directories;
		this.files = files;
		this.history = history;
		this.audit = audit;
		this.restorer = restorer;
	}

	@GetMapping(path = "/api/v1/history", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "listVersions", summary = "List the kept versions of a hook file, newest first")
	List<History.Version> versions(@Parameter(description = "Directory id") @RequestParam String directory,
			@Parameter(description = "File name") @RequestParam String name) {
		int index = this.directories.index(directory);
		return this.history.versions(this.directories.ids().get(index), name);
	}

	/**
	 * A kept version.
	 *
	 * @param id the version id
	 * @param content its text
	 * @param diffToCurrent unified diff from this version to the current file (or to
	 * nothing when it is gone)
	 */
	record VersionContent(String id, String content, String diffToCurrent) {
	}

	@GetMapping(path = "/api/v1/history/{version}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "getVersion", summary = "Read a kept version, with its diff to the current file")
	VersionContent version(@PathVariable String version, @RequestParam String directory, @RequestParam String name) {
		int index = this.directories.index(directory);
		byte[] content = this.history.content(this.directories.ids().get(index), name, version)
			.orElseThrow(() -> new StoreException(StoreException.Kind.NOT_FOUND, "No version " + version));
		byte[] current = this.files.read(directory, name).map(HookFiles.StoredFile::content).orElse(null);
		return new VersionContent(version, new String(content, StandardCharsets.UTF_8),
				TextDiff.unifiedText(name, content, current));
	}

	@PostMapping(path = "/api/v1/history/{version}/restore", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "restoreVersion", summary = "Write a kept version back, byte for byte",
			description = "If the file exists, If-Match with its current ETag is required; otherwise it is created.")
	ResponseEntity<HookDocument> restore(@PathVariable String version, @RequestParam String directory,
			@RequestParam String name, @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@Parameter(description = "Write even to a directory that no runtime reads (a file there never runs); "
					+ "without it such a write is refused with 422") @RequestParam(
							defaultValue = "false") boolean force) {
		this.directories.requireRead(this.directories.index(directory), force);
		if (ifMatch == null && this.files.read(directory, name).isPresent()) {
			throw new StoreException(StoreException.Kind.PRECONDITION_REQUIRED,
					"The file exists: restoring over it needs If-Match with its current ETag");
		}
		HookFiles.WriteResult result = this.restorer.restore(directory, name, version, ifMatch);
		HookFiles.StoredFile stored = this.files.read(directory, name).orElseThrow();
		return ResponseEntity.ok()
			.eTag(result.etag())
			.body(HookDocument.of(result.snapshot(), stored)
				.withRuntimes(this.views.audience(stored.directory(), stored.name())));
	}

	private static final int MAX_AUDIT_LIMIT = 10_000;

	@GetMapping(path = "/api/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "listAudit", summary = "Read the audit log, newest first")
	List<AuditLog.Entry> audit(
			@Parameter(description = "At most this many entries") @RequestParam(defaultValue = "200") int limit,
			@RequestParam(required = false) String name) {
		if (limit < 1 || limit > MAX_AUDIT_LIMIT) {
			throw InvalidRequestException.parameter("limit",
					"\"" + limit + "\" is not a valid limit: use 1 to " + MAX_AUDIT_LIMIT);
		}
		return this.audit.recent(name, limit);
	}

}
