package io.github.ocihooks.admin.definitions;

import java.util.ArrayList;
import java.util.List;

import io.github.ocihooks.admin.directories.HookDirectories;
import io.github.ocihooks.admin.directories.WritePolicy;
import io.github.ocihooks.admin.engine.ExecutableProbe;
import io.github.ocihooks.admin.engine.GoJson;
import io.github.ocihooks.admin.engine.HookLoader;
import io.github.ocihooks.admin.engine.HookWriter;
import io.github.ocihooks.admin.engine.Problem;
import io.github.ocihooks.admin.engine.Severity;
import io.github.ocihooks.admin.store.HookStore;

import org.springframework.stereotype.Component;

/**
 * The one validator of a definition someone wants to write, behind {@code PUT},
 * {@code /validate}, sync and the dashboard editor: the runtime's reading of the
 * canonical bytes, the stricter rules for writes, and the write policy.
 */
@Component
public class DefinitionValidator {

	private final HookStore store;

	private final HookDirectories directories;

	private final WritePolicy policy;

	private final HookLoader loader = new HookLoader(ExecutableProbe.fileSystem());

	DefinitionValidator(HookStore store, HookDirectories directories, WritePolicy policy) {
		this.store = store;
		this.directories = directories;
		this.policy = policy;
	}

	/**
	 * Everything a write of this definition as {@code name} into the directory at
	 * {@code index} must pass.
	 */
	public DefinitionCheck check(int index, String name, GoJson.Value definition) {
		DefinitionCheck check = DefinitionCheck.of(definition, this.directories.location(index), name,
				this.store.extensionStages(), this.loader);
		return check.valid() ? check.withErrors(this.policy.violations(check.canonical())) : check;
	}

	/**
	 * As {@link #check}, except that a legacy 0.1.0 definition (as an export gives it) is
	 * written as the 1.0.0 definition the runtime matches against exactly the same
	 * containers, with a warning saying so; one that no single 1.0.0 file can express is
	 * refused as by {@link #check}.
	 */
	public DefinitionCheck checkForSync(int index, String name, GoJson.Value definition) {
		DefinitionCheck check = check(index, name, definition);
		if (check.valid() || check.definition() == null || !check.definition().legacy()) {
			return check;
		}
		String converted = HookWriter.converted(check.definition());
		if (converted == null) {
			return check;
		}
		DefinitionCheck asConverted;
		try {
			asConverted = check(index, name, GoJson.parse(converted.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		catch (GoJson.SyntaxException ex) {
			throw new IllegalStateException("HookWriter wrote text it cannot read back", ex);
		}
		List<Problem> warnings = new ArrayList<>(asConverted.warnings());
		warnings.add(0,
				Problem.of(Severity.WARNING, "converted", "/version", 0,
						"Legacy 0.1.0 definition written as its schema 1.0.0 equivalent (the runtime matches the same "
								+ "containers with it)"));
		return new DefinitionCheck(asConverted.definition(), asConverted.canonical(), asConverted.errors(),
				List.copyOf(warnings), asConverted.file());
	}

}
