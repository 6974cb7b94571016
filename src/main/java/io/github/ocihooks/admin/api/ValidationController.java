package io.github.ocihooks.admin.api;

import io.github.ocihooks.admin.definitions.DefinitionCheck;
import io.github.ocihooks.admin.definitions.DefinitionValidator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.ocihooks.admin.engine.BindMounts;
import io.github.ocihooks.admin.engine.ContainerConfig;
import io.github.ocihooks.admin.engine.DirectoryScan;
import io.github.ocihooks.admin.engine.Evaluation;
import io.github.ocihooks.admin.engine.ExecutableProbe;
import io.github.ocihooks.admin.engine.GoJson;
import io.github.ocihooks.admin.engine.HookFile;
import io.github.ocihooks.admin.engine.HookLoader;
import io.github.ocihooks.admin.engine.HookPreview;
import io.github.ocihooks.admin.engine.HookValidation;
import io.github.ocihooks.admin.engine.PreviewInput;
import io.github.ocihooks.admin.engine.PreviewResult;
import io.github.ocihooks.admin.engine.Problem;
import io.github.ocihooks.admin.engine.Snapshot;
import io.github.ocihooks.admin.runtimes.Reception;
import io.github.ocihooks.admin.runtimes.RuntimeNotice;
import io.github.ocihooks.admin.store.HookFiles;
import io.github.ocihooks.admin.store.HookStore;
import io.github.ocihooks.admin.directories.HookDirectories;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Validation without writing, and the JSON Schema of the file format.
 * <p>
 * Above 250 lines because the request's two forms (a definition, or file text read as the
 * runtime reads it) and the optional match against a sample config are one operation of
 * the contract; the decisions themselves are the features' ({@code DefinitionValidator},
 * the engine).
 */
@RestController
@Tag(name = "hooks")
class ValidationController {

	private final HookStore store;

	private final HookLoader loader = new HookLoader(ExecutableProbe.fileSystem());

	private final HookDirectories directories;

	private final DefinitionValidator validator;

	ValidationController(HookStore store, HookDirectories directories, DefinitionValidator validator) {
		this.validator = validator;
		this.directories = directories;
		this.store = store;
	}

	/**
	 * The body of {@code POST /api/v1/hooks/validate}: exactly one of {@code definition}
	 * and {@code raw}.
	 *
	 * @param definition a 1.0.0 definition object
	 * @param raw the text of a hook file (any schema the runtime reads)
	 * @param name the file name it would have (optional: without it, messages name no
	 * file)
	 * @param directory the directory it would go to (default: the first that accepts
	 * writes)
	 * @param config optionally, a container config to match it against
	 * @param annotations with {@code config}: annotations (default: the config's)
	 * @param hasBindMounts with {@code config}: default inferred from its mounts
	 */
	@Schema(name = "ValidateRequest")
	record ValidateRequest(DefinitionJson definition, String raw, String name, String directory,
			Map<String, Object> config, Map<String, String> annotations, Boolean hasBindMounts) {
	}

	/**
	 * The verdict.
	 *
	 * @param valid whether the runtime would accept the file
	 * @param writable whether {@code PUT} would accept it (schema 1.0.0, exact keys,
	 * runtime-valid)
	 * @param errors what the runtime rejects (pointers into the request body)
	 * @param warnings what the runtime accepts but probably surprises
	 * @param canonical the canonical text {@code PUT} would write, when writable
	 * @param converted for legacy 0.1.0 content, the same hook in schema 1.0.0 (what to
	 * write instead), when one file can express it
	 * @param match with a config: whether it matches and why, and where it would be
	 * injected
	 * @param runtimes every runtime profile, in profile order: whether it reads the
	 * directory, whether it accepts the file and what follows, and its verdict with the
	 * file written (a runtime that reads the directory and rejects a file this service
	 * accepts also gets a {@code refused-by-runtime} warning)
	 */
	@Schema(name = "ValidateResponse")
	record ValidateResponse(boolean valid, boolean writable, List<Problem> errors, List<Problem> warnings,
			String canonical, String converted, Match match, List<RuntimeNotice> runtimes) {
	}

	/**
	 * @param matched whether the runtime would inject it into that container
	 * @param evaluation why
	 * @param stages where it would be injected
	 * @param hasBindMounts the hasBindMounts used and where it came from
	 */
	record Match(boolean matched, Evaluation evaluation, List<String> stages, String hasBindMounts) {
	}

	@PostMapping(path = "/api/v1/hooks/validate", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "validateHook", summary = "Validate a definition or file text without writing",
			description = "Returns the runtime's verdict, whether PUT would accept it, what each runtime profile "
					+ "makes of it (a warning for each runtime that reads the directory and would reject it), and, "
					+ "given a sample config, whether and where it would be injected.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(schema = @Schema(implementation = ValidateRequest.class))))
	ValidateResponse validate(@RequestBody byte[] body) {
		GoJson.Value root = RequestBodies.json(body);
		if (!(root instanceof GoJson.JObject object)) {
			throw new InvalidRequestException("The request body must be a JSON object", "");
		}
		GoJson.Value definition = null;
		String raw = null;
		String name = null;
		String directory = null;
		GoJson.Value config = null;
		Map<String, String> annotations = null;
		Boolean bindMounts = null;
		for (GoJson.Member m : object.members()) {
			String pointer = "/" + m.name();
			switch (m.name()) {
				case "definition" -> definition = m.value();
				case "raw" -> raw = text(m.value(), pointer);
				case "name" -> name = text(m.value(), pointer);
				case "directory" -> directory = text(m.value(), pointer);
				case "config" -> config = m.value();
				case "annotations" -> annotations = PreviewRequest.stringMap(m.value(), pointer);
				case "hasBindMounts" -> bindMounts = (m.value() instanceof GoJson.JBool b) ? b.value() : null;
				default -> throw new InvalidRequestException("Unknown field \"" + m.name() + "\"", pointer);
			}
		}
		if ((definition == null) == (raw == null)) {
			throw new InvalidRequestException("Give exactly one of \"definition\" and \"raw\"", "");
		}
		if (name != null) {
			HookFiles.checkName(name);
		}
		int index = (directory != null) ? this.directories.index(directory) : this.directories.defaultTarget();
		String dirPath = this.directories.location(index);
		List<String> stages = this.store.extensionStages();

		// The runtime's verdict, every problem at once. Pointers go into the request:
		// /definition/...; a pointer
		// cannot go into the string "raw", so its problems point at /raw and give line
		// and column in its text.
		byte[] bytes = (raw != null) ? raw.getBytes(StandardCharsets.UTF_8) : null;
		HookValidation.Verdict verdict = (definition != null)
				? HookValidation.ofValue(this.loader, index, dirPath, name, definition, stages)
				: HookValidation.ofText(this.loader, index, dirPath, name, bytes, stages);
		boolean valid = verdict.valid();
		boolean blocks = !valid && directory != null
				&& HookValidation.blocksRuntime(this.store.snapshot().directories(), verdict.file(), stages);
		List<Problem> errors = new ArrayList<>();
		for (Problem p : verdict.errors()) {
			Problem located = located(p, definition != null).withBlocksRuntime(blocks);
			if (blocks && errors.isEmpty()) {
				located = located.withMessage(located.message() + " With this file in " + dirPath + ", the runtime "
						+ "refuses every container, even if a file of the same name in a higher-precedence "
						+ "directory masks it.");
			}
			errors.add(located);
		}
		List<Problem> warnings = new ArrayList<>();
		for (Problem p : verdict.notes()) {
			warnings.add(located(p, definition != null));
		}
		// What each runtime that reads the directory makes of it (the editor's and PUT's
		// warnings), or that none does.
		Reception reception = this.validator.runtimes(index, verdict.file());
		for (Problem p : reception.warnings()) {
			warnings.add(DefinitionValidator.UNREAD.equals(p.code())
					? p.located((directory != null) ? "/directory" : "", 0, 0) : located(p, definition != null));
		}
		// Whether PUT would write it: schema 1.0.0, exact keys, the write policy. Legacy
		// content is valid (the
		// runtime loads it) but is written only once converted.
		boolean legacy = verdict.definition() != null && verdict.definition().legacy();
		boolean writable = false;
		String canonical = null;
		if (valid && !legacy) {
			DefinitionCheck check = this.validator.checkForWrite(index, (name != null) ? name : "",
					(definition != null) ? definition : parse(bytes));
			writable = check.valid();
			canonical = writable ? new String(check.canonical(), StandardCharsets.UTF_8) : null;
			for (Problem p : check.errors()) {
				(definition != null ? errors : warnings).add(located(p, definition != null));
			}
		}
		HookFile file = verdict.file();
		Match match = null;
		if (config != null && valid && file != null && file.kind() == HookFile.Kind.VALID) {
			match = match(file, config, annotations, bindMounts, stages);
		}
		return new ValidateResponse(valid, writable, errors, warnings, canonical, verdict.converted(), match,
				reception.runtimes());
	}

	@GetMapping(path = "/api/v1/schema/hook-1.0.0.json",
			produces = { "application/schema+json", MediaType.APPLICATION_JSON_VALUE })
	@Operation(operationId = "getHookSchema", summary = "JSON Schema of the 1.0.0 hook file format",
			description = "For editors. It describes what this service writes; the runtime itself is more lenient "
					+ "(case-insensitive keys, unknown keys ignored).")
	ResponseEntity<String> schema() throws IOException {
		try (InputStream in = new ClassPathResource("schema/hook-1.0.0.json").getInputStream()) {
			return ResponseEntity.ok()
				.contentType(MediaType.parseMediaType("application/schema+json"))
				.body(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
	}

	private Match match(HookFile file, GoJson.Value configValue, Map<String, String> annotations, Boolean bindMounts,
			List<String> stages) {
		ContainerConfig config;
		try {
			if (!(configValue instanceof GoJson.JObject)) {
				throw new InvalidRequestException("config must be a JSON object", "/config");
			}
			config = ContainerConfig.parse(configValue);
		}
		catch (ContainerConfig.InvalidConfigException ex) {
			throw new InvalidRequestException("config does not fit the OCI runtime spec: " + ex.getMessage(),
					"/config" + ex.pointer());
		}
		String source;
		boolean hasBindMounts;
		if (bindMounts != null) {
			hasBindMounts = bindMounts;
			source = "request";
		}
		else {
			BindMounts.Inference inference = BindMounts.infer(config);
			hasBindMounts = inference.value();
			source = "inferred " + inference.explanation();
		}
		Snapshot single = new Snapshot(0, java.time.Instant.now(),
				List.of(new DirectoryScan(0, file.directory(), true, null, List.of(file))), stages);
		PreviewResult result = HookPreview.preview(single, new PreviewInput(config,
				(annotations != null) ? annotations : config.annotations(), hasBindMounts, stages));
		Evaluation evaluation = result.evaluations().isEmpty() ? null : result.evaluations().get(0);
		List<String> injected = new ArrayList<>();
		result.stages().forEach((stage, hooks) -> {
			if (hooks.stream().anyMatch(h -> "file".equals(h.origin()))) {
				injected.add(stage);
			}
		});
		return new Match(evaluation != null && evaluation.matched(), evaluation, injected, source);
	}

	private static GoJson.Value parse(byte[] bytes) {
		try {
			return GoJson.parse(bytes);
		}
		catch (GoJson.SyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String text(GoJson.Value v, String pointer) {
		if (v instanceof GoJson.JString s) {
			return s.value();
		}
		throw new InvalidRequestException("must be a string", pointer);
	}

	/**
	 * A problem at its place in the request: under /definition, or at /raw with line and
	 * column in the text.
	 */
	private static Problem located(Problem p, boolean definition) {
		if (definition) {
			return p.located("/definition" + ((p.pointer() != null) ? p.pointer() : ""), p.line(), p.column());
		}
		return p.located("/raw", p.line(), p.column());
	}

}
