package io.github.ocihooks.admin.api;

import io.github.ocihooks.admin.definitions.DefinitionCheck;
import io.github.ocihooks.admin.definitions.DefinitionValidator;
import java.net.URI;

import io.github.ocihooks.admin.engine.GoJson;
import io.github.ocihooks.admin.engine.Snapshot;
import io.github.ocihooks.admin.store.HookFiles;
import io.github.ocihooks.admin.store.HookStore;
import io.github.ocihooks.admin.directories.HookDirectories;
import io.github.ocihooks.admin.runtimes.RuntimeViews;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * One hook file at a time: read it with its ETag, create or replace it with a 1.0.0
 * definition, delete it. Writes are validated exactly as the runtime would read the
 * written bytes, and conditioned on ETags.
 */
@RestController
@Tag(name = "hooks", description = "Create, read, change and delete hook definitions")
class HookDefinitionsController {

	private final HookStore store;

	private final HookFiles files;

	private final HookDirectories directories;

	private final DefinitionValidator validator;

	private final RuntimeViews views;

	HookDefinitionsController(HookStore store, HookFiles files, HookDirectories directories,
			DefinitionValidator validator, RuntimeViews views) {
		this.views = views;
		this.validator = validator;
		this.directories = directories;
		this.store = store;
		this.files = files;
	}

	@GetMapping(path = "/api/v1/directories/{directory}/hooks/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "getHook", summary = "Read one hook file",
			description = "Parsed definition, raw text, problems, and the ETag to send back with If-Match.")
	ResponseEntity<HookDocument> get(
			@Parameter(description = "Directory id (see listDirectories)") @PathVariable String directory,
			@Parameter(description = "File name, e.g. 50-gpu.json") @PathVariable String name) {
		HookFiles.StoredFile stored = this.files.require(directory, name);
		return ResponseEntity.ok().eTag(stored.etag()).body(HookDocument.of(this.store.snapshot(), stored));
	}

	@PutMapping(path = "/api/v1/directories/{directory}/hooks/{name}", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "putHook", summary = "Create or replace a hook file with a 1.0.0 definition",
			description = "Send If-None-Match: * to create only (412 if it exists), or If-Match with the ETag you read "
					+ "to replace only that version (412 if it changed). Replacing without either is refused with 428. "
					+ "The definition is written in canonical form, atomically.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(schema = @Schema(implementation = DefinitionJson.class),
							examples = @io.swagger.v3.oas.annotations.media.ExampleObject(name = "gpu",
									summary = "Inject a GPU hook into containers annotated com.example.gpu=true",
									value = "{\"version\": \"1.0.0\", \"hook\": {\"path\": "
											+ "\"/usr/bin/nvidia-container-runtime-hook\", \"args\": "
											+ "[\"nvidia-container-runtime-hook\", \"prestart\"], \"timeout\": 10}, "
											+ "\"when\": {\"annotations\": {\"^com\\\\.example\\\\.gpu$\": "
											+ "\"^true$\"}}, \"stages\": [\"prestart\"]}"))),
			responses = {
					@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "Replaced",
							content = @Content(schema = @Schema(implementation = HookDocument.class))),
					@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created",
							content = @Content(schema = @Schema(implementation = HookDocument.class))) })
	ResponseEntity<HookDocument> put(@PathVariable String directory, @PathVariable String name,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
			@Parameter(description = "Write even to a directory that no runtime reads (a file there never runs); "
					+ "without it such a write is refused with 422") @RequestParam(
							defaultValue = "false") boolean force,
			@RequestBody byte[] body) {
		HookFiles.checkName(name);
		int index = this.directories.index(directory);
		if (ifNoneMatch != null && !ifNoneMatch.trim().equals("*")) {
			throw new InvalidRequestException("If-None-Match accepts only * (create only)", "");
		}
		GoJson.Value root = RequestBodies.json(body);
		DefinitionCheck check = this.validator.check(index, name, root);
		if (!check.valid()) {
			throw new InvalidDefinitionException(check, "");
		}
		this.directories.requireRead(index, force);
		this.directories.requireAccepts(index);
		HookFiles.WriteResult result = this.files.write(directory, name, check.canonical(),
				new HookFiles.Precondition(ifMatch, ifNoneMatch != null));
		HookFiles.StoredFile stored = this.files.read(directory, name).orElseThrow();
		HookDocument document = HookDocument.of(result.snapshot(), stored)
			.withRuntimes(this.views.audience(stored.directory(), stored.name()));
		ResponseEntity.BodyBuilder response = result.created()
				? ResponseEntity.created(URI.create("/api/v1/directories/" + stored.directoryId() + "/hooks/" + name))
				: ResponseEntity.ok();
		return response.eTag(result.etag()).body(document);
	}

	@DeleteMapping(path = "/api/v1/directories/{directory}/hooks/{name}")
	@Operation(operationId = "deleteHook", summary = "Delete a hook file",
			description = "Needs If-Match with the current ETag (428 without, 412 if it changed). Answers 204 with no "
					+ "body; send Prefer: return=representation (RFC 7240) for 200 with what was deleted and the "
					+ "runtimes that see the deletion and when (as every write's answer), and "
					+ "Preference-Applied: return=representation.",
			responses = {
					@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "204",
							description = "Deleted (the default: no body)", content = @Content),
					@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200",
							description = "Deleted, with Prefer: return=representation: what was deleted and which "
									+ "runtimes see it when",
							headers = @Header(name = "Preference-Applied", description = "return=representation",
									schema = @Schema(type = "string")),
							content = @Content(schema = @Schema(implementation = DeletedHook.class))) })
	ResponseEntity<DeletedHook> delete(@PathVariable String directory, @PathVariable String name,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@Parameter(description = "Write even to a directory that no runtime reads (a file there never runs); "
					+ "without it such a write is refused with 422") @RequestParam(
							defaultValue = "false") boolean force,
			// Described in the operation, not a parameter: generated clients keep their
			// deleteHook signature (add the header with a request interceptor).
			@Parameter(hidden = true) @RequestHeader(name = "Prefer", required = false) String prefer) {
		int index = this.directories.index(directory);
		this.directories.requireRead(index, force);
		Snapshot snapshot = this.files.delete(directory, name, ifMatch);
		if (!Preferences.returnRepresentation(prefer)) {
			return ResponseEntity.noContent().build();
		}
		String location = this.directories.paths().get(index);
		return ResponseEntity.ok()
			.header("Preference-Applied", Preferences.RETURN_REPRESENTATION)
			.body(new DeletedHook(this.directories.id(index), location, name, snapshot.generation(),
					this.views.audience(location)));
	}

}
