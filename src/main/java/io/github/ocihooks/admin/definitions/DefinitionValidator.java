package io.github.ocihooks.admin.definitions;

import io.github.ocihooks.admin.directories.HookDirectories;
import io.github.ocihooks.admin.directories.WritePolicy;
import io.github.ocihooks.admin.engine.ExecutableProbe;
import io.github.ocihooks.admin.engine.GoJson;
import io.github.ocihooks.admin.engine.HookLoader;
import io.github.ocihooks.admin.store.HookStore;

import org.springframework.stereotype.Component;

/**
 * The one validator of a definition someone wants to write, behind {@code PUT}, {@code /validate}, sync and the
 * dashboard editor: the runtime's reading of the canonical bytes, the stricter rules for writes, and the write policy.
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

	/** Everything a write of this definition as {@code name} into the directory at {@code index} must pass. */
	public DefinitionCheck check(int index, String name, GoJson.Value definition) {
		DefinitionCheck check = DefinitionCheck.of(definition, this.directories.location(index), name,
				this.store.extensionStages(), this.loader);
		return check.valid() ? check.withErrors(this.policy.violations(check.canonical())) : check;
	}

}
