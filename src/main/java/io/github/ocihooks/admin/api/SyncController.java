package io.github.ocihooks.admin.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.ocihooks.admin.engine.FileState;
import io.github.ocihooks.admin.engine.GoJson;
import io.github.ocihooks.admin.engine.JsonPointer;
import io.github.ocihooks.admin.engine.Problem;
import io.github.ocihooks.admin.definitions.DefinitionCheck;
import io.github.ocihooks.admin.definitions.DefinitionValidator;
import io.github.ocihooks.admin.definitions.HookExport;
import io.github.ocihooks.admin.definitions.SyncPlanner;
import io.github.ocihooks.admin.store.HookFiles;
import io.github.ocihooks.admin.store.HookStore;
import io.github.ocihooks.admin.store.StoreException;
import io.github.ocihooks.admin.directories.HookDirectories;
import io.github.ocihooks.admin.runtimes.RuntimeNotice;
import io.github.ocihooks.admin.runtimes.RuntimeViews;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Declarative management for pipelines: give the complete desired set of definitions for
 * a directory; the service plans the creates, updates and deletes (with diffs) and,
 * unless it is a dry run, applies them. Applying the same set twice changes nothing the
 * second time. Export gives the effective set in the same shape, so it can be imported
 * through sync.
 */
@RestController
@Tag(name = "sync", description = "Declarative sync and export for deployment pipelines")
class SyncController {

	private final HookStore store;

	private final HookDirectories directories;

	private final DefinitionValidator validator;

	private final SyncPlanner planner;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HookExport export;

	private final RuntimeViews views;

	SyncController(HookStore store, HookDirectories directories, DefinitionValidator validator, SyncPlanner planner,
			HookExport export, RuntimeViews views) {
		this.export = export;
		this.views = views;
		this.planner = planner;
		this.validator = validator;
		this.directories = directories;
		this.store = store;
	}

	/**
	 * The desired set.
	 *
	 * @param hooks file name to 1.0.0 definition: every {@code .json} file of the
	 * directory not named here is deleted
	 */
	@Schema(name = "SyncRequest")
	record SyncRequest(Map<String, DefinitionJson> hooks) {
	}

	/**
	 * One file's change.
	 *
	 * @param name the file name
	 * @param action {@code create}, {@code update}, {@code delete} or {@code unchanged}
	 * @param diff unified diff from the current to the new text (empty when unchanged)
	 * @param etag the file's ETag before the change, if it existed
	 * @param reason for {@code refuse}: what the entry is and why this service leaves it
	 * (manage it on disk)
	 */
	record Change(String name, SyncPlanner.Action action, @JsonInclude(JsonInclude.Include.NON_EMPTY) String diff,
			@JsonInclude(JsonInclude.Include.NON_NULL) String etag,
			@JsonInclude(JsonInclude.Include.NON_NULL) String reason) {
	}

	/**
	 * The plan, or what was done.
	 *
	 * @param directoryId the directory
	 * @param dryRun whether nothing was written
	 * @param changes each file's change, by name
	 * @param summary how many of each action
	 * @param warnings warnings about the new definitions (none block)
	 * @param generation the snapshot generation after applying (or the current one for a
	 * dry run)
	 * @param converged whether the directory holds (dry run: would hold) exactly the
	 * desired set as the runtime reads it; false when some entry is refused (a dry run
	 * only: applying such a plan is refused with 409)
	 * @param runtimes the runtimes that read the directory, when each sees the changes
	 * and its verdict afterwards (for a dry run: now); empty: no runtime reads it
	 */
	record SyncResult(String directoryId, boolean dryRun, List<Change> changes, Map<String, Integer> summary,
			List<Problem> warnings, long generation, boolean converged, List<RuntimeNotice> runtimes) {
	}

	@PostMapping(path = "/api/v1/directories/{directory}/sync", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "syncDirectory", summary = "Make a directory hold exactly the given definitions",
			description = "Validates every definition first (422 and nothing written if any is invalid). The plan "
					+ "covers every entry the runtime reads (every name ending in .json, hidden or not): regular files "
					+ "not named are deleted; symbolic links, directories, FIFOs and files over 1 MiB are 'refuse' "
					+ "with a reason (manage them on disk) and make converged false. With dryRun=true returns the "
					+ "plan; otherwise applies it all or nothing: 409 with 'refused' when the plan does not converge, "
					+ "412 with 'applied' and 'notApplied' when a file changed since the plan. Idempotent. Files "
					+ "whose names do not end in .json are never touched.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(schema = @Schema(implementation = SyncRequest.class))))
	SyncResult sync(@PathVariable String directory,
			@Parameter(description = "Only plan, write nothing") @RequestParam(defaultValue = "false") boolean dryRun,
			@Parameter(description = "Write even to a directory that no runtime reads (a file there never runs); "
					+ "without it such a write is refused with 422") @RequestParam(
							defaultValue = "false") boolean force,
			@RequestBody byte[] body) {
		int index = this.directories.index(directory);
		String id = this.directories.id(index);
		Map<String, GoJson.Value> desired = desired(RequestBodies.json(body));
		this.directories.requireRead(index, force || dryRun);
		this.directories.requireAccepts(index);
		String dirPath = this.directories.location(index);
		Map<String, byte[]> canonical = new TreeMap<>();
		List<Problem> warnings = new ArrayList<>();
		for (Map.Entry<String, GoJson.Value> e : desired.entrySet()) {
			String name = e.getKey();
			String pointer = "/hooks/" + JsonPointer.escape(name);
			try {
				HookFiles.checkName(name);
			}
			catch (StoreException ex) {
				throw new InvalidRequestException(ex.getMessage(), pointer);
			}
			DefinitionCheck check = this.validator.checkForSync(index, name, e.getValue());
			if (!check.valid()) {
				throw new InvalidDefinitionException(check, pointer);
			}
			canonical.put(name, check.canonical());
			for (Problem w : check.warnings()) {
				warnings
					.add(new Problem(w.severity(), w.code(), dirPath, name, w.pointer(), w.line(), w.message(), false));
			}
		}
		List<SyncPlanner.Change> planned = this.planner.plan(index, canonical);
		long generation = dryRun ? this.store.snapshot().generation() : this.planner.apply(index, planned, canonical);
		List<Change> plan = planned.stream()
			.map(c -> new Change(c.name(), c.action(), c.diff(), c.etag(), c.reason()))
			.toList();
		Map<String, Integer> summary = SyncPlanner.summary(planned);
		return new SyncResult(id, dryRun, plan, summary, warnings, generation, SyncPlanner.converges(planned),
				this.views.audience(dirPath));
	}

	/**
	 * The effective set.
	 *
	 * @param generation the snapshot generation
	 * @param exportedAt when
	 * @param hooks file name to definition, for every active hook: a 1.0.0 file as the
	 * runtime reads it, a legacy 0.1.0 file as it is on disk
	 * @param sources file name to the directory it comes from
	 */
	record Export(long generation, Instant exportedAt,
			@Schema(description = "File name to definition: a 1.0.0 file as the runtime reads it (DefinitionJson), a "
					+ "legacy 0.1.0 file as it is on disk (its own schema)",
					additionalPropertiesSchema = Object.class) Map<String, Object> hooks,
			Map<String, String> sources) {
	}

	@GetMapping(path = "/api/v1/export", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "exportHooks", summary = "Export the effective hook set as one document",
			description = "Every active hook (what the runtime uses), by file name: a 1.0.0 file as the runtime reads "
					+ "it, a legacy 0.1.0 file as it is on disk. The document can be sent to syncDirectory as it is "
					+ "to reproduce the effective set in one directory (sync writes a legacy definition as its 1.0.0 "
					+ "equivalent, with a warning).")
	Export export() {
		HookExport.Exported exported = this.export.export();
		Map<String, Object> hooks = new TreeMap<>();
		Map<String, String> sources = new TreeMap<>();
		for (HookExport.Entry entry : exported.entries()) {
			FileState state = entry.state();
			Object definition = DefinitionJson.of(state.file().definition());
			if (entry.legacyContent() != null) {
				try {
					definition = JSON.readTree(entry.legacyContent());
				}
				catch (tools.jackson.core.JacksonException ex) {
					// Read by the runtime's rules but not by Jackson's (e.g. repeated
					// keys): the runtime's reading.
				}
			}
			hooks.put(state.name(), definition);
			sources.put(state.name(), state.directory());
		}
		return new Export(exported.generation(), Instant.now(), hooks, sources);
	}

	private static Map<String, GoJson.Value> desired(GoJson.Value root) {
		if (!(root instanceof GoJson.JObject object)) {
			throw new InvalidRequestException("The request body must be a JSON object with \"hooks\"", "");
		}
		Map<String, GoJson.Value> desired = null;
		for (GoJson.Member m : object.members()) {
			switch (m.name()) {
				case "hooks" -> {
					if (!(m.value() instanceof GoJson.JObject hooks)) {
						throw new InvalidRequestException("hooks must be an object: file name to definition", "/hooks");
					}
					desired = new LinkedHashMap<>();
					for (GoJson.Member h : hooks.members()) {
						if (desired.put(h.name(), h.value()) != null) {
							throw new InvalidRequestException("File name \"" + h.name() + "\" appears twice",
									"/hooks/" + h.name());
						}
					}
				}
				// Accepted so that an export can be sent back as it is.
				case "generation", "exportedAt", "sources" -> {
				}
				default -> throw new InvalidRequestException("Unknown field \"" + m.name() + "\"", "/" + m.name());
			}
		}
		if (desired == null) {
			throw new InvalidRequestException("hooks is required: file name to definition (an empty object deletes "
					+ "every hook file of the directory)", "/hooks");
		}
		return desired;
	}

}
