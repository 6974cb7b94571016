package io.github.ocihooks.admin.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.github.ocihooks.admin.store.HookFiles;
import io.github.ocihooks.admin.store.StoreException;
import io.github.ocihooks.admin.history.AuditAction;
import io.github.ocihooks.admin.history.AuditLog;
import io.github.ocihooks.admin.history.AuditQuery;
import io.github.ocihooks.admin.history.AuditSearch;
import io.github.ocihooks.admin.history.History;
import io.github.ocihooks.admin.history.Restorer;
import io.github.ocihooks.admin.history.TextDiff;
import io.github.ocihooks.admin.directories.HookDirectories;
import io.github.ocihooks.admin.runtimes.RuntimeViews;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
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
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponents;

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

	private final Restorer restorer;

	private final HookDirectories directories;

	private final RuntimeViews views;

	private final AuditSearch audits;

	HistoryController(HookFiles files, History history, AuditSearch audits, Restorer restorer,
			HookDirectories directories, RuntimeViews views) {
		this.views = views;
		this.directories = directories;
		this.files = files;
		this.history = history;
		this.audits = audits;
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

	@GetMapping(path = "/api/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "listAudit", summary = "Read the audit log, newest first, filtered and paged",
			description = "Every filter given must match. Pages go back in time: when older entries match, the "
					+ "answer has a Link header with rel=\"next\" (the same query with before= the seq of the "
					+ "oldest entry on this page); when newer ones do, rel=\"prev\" (after= the seq of the newest). "
					+ "A page named by a cursor stays the same while new entries arrive.")
	ResponseEntity<List<AuditLog.Entry>> audit(
			@Parameter(description = "At most this many entries (1 to 10,000)") @RequestParam(
					defaultValue = "" + AuditQuery.DEFAULT_LIMIT) int limit,
			@Parameter(description = "Only this file name") @RequestParam(required = false) String name,
			@Parameter(description = "Only this directory: its id, or its path as the entries name it") @RequestParam(
					required = false) String directory,
			@Parameter(description = "Only these actions (repeat the parameter or separate with commas)") @RequestParam(
					required = false) List<AuditAction> action,
			@Parameter(description = "Only this user (external: changes noticed on disk; system: the service "
					+ "itself)") @RequestParam(required = false) String user,
			@Parameter(description = "Only entries at or after this time (ISO-8601, e.g. 2026-01-31T12:00:00Z)",
					schema = @Schema(type = "string", format = "date-time")) @RequestParam(
							required = false) String since,
			@Parameter(description = "Only entries before this time (ISO-8601)",
					schema = @Schema(type = "string", format = "date-time")) @RequestParam(
							required = false) String until,
			@Parameter(description = "Only entries older than the one with this seq (the next page)") @RequestParam(
					required = false) Long before,
			@Parameter(description = "Only entries newer than the one with this seq (the previous page)") @RequestParam(
					required = false) Long after) {
		AuditLog.Page page;
		try {
			page = this.audits.search(AuditQuery.of(directory, name, action, user, since, until, before, after, limit));
		}
		catch (AuditQuery.Invalid ex) {
			throw InvalidRequestException.parameter(ex.parameter(), ex.getMessage());
		}
		List<String> links = new ArrayList<>();
		if (page.older() != null) {
			links.add("<" + cursor("before", page.older()) + ">; rel=\"next\"");
		}
		if (page.newer() != null) {
			links.add("<" + cursor("after", page.newer()) + ">; rel=\"prev\"");
		}
		ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
		if (!links.isEmpty()) {
			ok.header(HttpHeaders.LINK, String.join(", ", links));
		}
		return ok.body(page.entries());
	}

	/**
	 * This request's path and query with one cursor instead of the other (relative, so
	 * that it holds behind a proxy too).
	 */
	private static String cursor(String which, long seq) {
		UriComponents uri = ServletUriComponentsBuilder.fromCurrentRequest()
			.replaceQueryParam("before")
			.replaceQueryParam("after")
			.replaceQueryParam(which, seq)
			.build();
		return uri.getPath() + "?" + uri.getQuery();
	}

}
