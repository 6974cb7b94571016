package io.github.ocihooks.admin.definitions;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.ocihooks.admin.engine.GoJson;
import io.github.ocihooks.admin.engine.HookDefinition;
import io.github.ocihooks.admin.engine.HookFile;
import io.github.ocihooks.admin.engine.HookLoader;
import io.github.ocihooks.admin.engine.HookReader;
import io.github.ocihooks.admin.engine.HookWriter;
import io.github.ocihooks.admin.engine.Problem;
import io.github.ocihooks.admin.engine.Severity;

/**
 * Validation of a definition someone wants to write: the runtime's own reading and
 * validation, applied to the exact bytes that would be written, plus stricter rules for
 * writes (schema 1.0.0 only; exact key names; no unknown or repeated keys).
 *
 * @param definition the definition, or null when the input could not be read
 * @param canonical the canonical bytes that would be written, or null
 * @param errors what makes it unwritable (each with a JSON pointer into the input)
 * @param warnings what the runtime accepts but probably surprises
 * @param file the engine's view of the file that would be written, or null
 */
public record DefinitionCheck(HookDefinition definition, byte[] canonical, List<Problem> errors, List<Problem> warnings,
		HookFile file) {

	private static final Set<String> STRICT = Set.of("unknown-key", "key-case", "duplicate-key");

	public boolean valid() {
		return this.errors.isEmpty();
	}

	/** This check with more errors (for example the write policy's). */
	public DefinitionCheck withErrors(List<Problem> more) {
		if (more.isEmpty()) {
			return this;
		}
		List<Problem> all = new ArrayList<>(this.errors);
		all.addAll(more);
		return new DefinitionCheck(this.definition, this.canonical, List.copyOf(all), this.warnings, this.file);
	}

	/** This check with more warnings (for example the runtimes' refusals). */
	public DefinitionCheck withWarnings(List<Problem> more) {
		if (more.isEmpty()) {
			return this;
		}
		List<Problem> all = new ArrayList<>(this.warnings);
		all.addAll(more);
		return new DefinitionCheck(this.definition, this.canonical, this.errors, List.copyOf(all), this.file);
	}

	/**
	 * @param root the parsed input (a definition object)
	 * @param directory the directory it would be written to
	 * @param name the file name it would have
	 * @param extensionStages the stages accepted besides the OCI ones
	 */
	public static DefinitionCheck of(GoJson.Value root, String directory, String name, List<String> extensionStages,
			HookLoader loader) {
		List<Problem> errors = new ArrayList<>();
		List<Problem> warnings = new ArrayList<>();
		if (!(root instanceof GoJson.JObject)) {
			errors.add(Problem.of(Severity.ERROR, "not-an-object", "", 0, "A hook definition is a JSON object"));
			return new DefinitionCheck(null, null, errors, warnings, null);
		}
		HookReader.Result read = HookReader.read(root);
		for (Problem note : read.notes()) {
			if (STRICT.contains(note.code())) {
				errors.add(asError(note));
			}
			else {
				warnings.add(note);
			}
		}
		if (!read.ok()) {
			errors.addAll(0, read.errors());
			return new DefinitionCheck(null, null, errors, warnings, null);
		}
		HookDefinition definition = read.definition();
		if (definition.legacy()) {
			errors.add(Problem.of(Severity.ERROR, "version", "/version", 0,
					"Only schema 1.0.0 is written: set \"version\": \"1.0.0\" and use hook.path/hook.args, "
							+ "when and stages (the legacy 0.1.0 schema is deprecated)"));
			return new DefinitionCheck(definition, null, errors, warnings, null);
		}
		errors.addAll(io.github.ocihooks.admin.engine.PatternLimits.writeProblems(definition));
		byte[] canonical = HookWriter.write(definition);
		HookFile file = loader.check(0, directory, name, canonical);
		// Every problem at once, each at its place (the runtime would report only the
		// first).
		errors.addAll(loader.validationErrors(definition, extensionStages));
		for (Problem note : file.notes()) {
			if (!STRICT.contains(note.code()) && warnings.stream()
				.noneMatch(
						w -> w.code().equals(note.code()) && java.util.Objects.equals(w.pointer(), note.pointer()))) {
				warnings.add(note);
			}
		}
		return new DefinitionCheck(definition, canonical, errors, warnings, file);
	}

	private static Problem asError(Problem note) {
		return new Problem(Severity.ERROR, note.code(), null, null, note.pointer(), note.line(),
				note.message() + " Writes through this service must use the exact key names of schema 1.0.0.", false);
	}

}
