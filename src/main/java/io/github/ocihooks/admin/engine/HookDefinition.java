package io.github.ocihooks.admin.engine;

import java.util.List;

/**
 * A hook definition as the runtime holds it after reading a file ({@code current.Hook}):
 * legacy 0.1.0 files are converted to this shape on read.
 *
 * @param sourceVersion the {@code version} the file declared: {@code 1.0.0},
 * {@code 0.1.0} or empty (read as 0.1.0)
 * @param hook the hook to inject
 * @param when the conditions
 * @param stages the stages, in file order, duplicates kept (each one injects again); null
 * when absent
 */
public record HookDefinition(String sourceVersion, OciHook hook, When when, List<String> stages) {

	public static final String CURRENT_VERSION = "1.0.0";

	public static final String LEGACY_VERSION = "0.1.0";

	public HookDefinition {
		stages = (stages != null) ? List.copyOf(stages) : null;
	}

	public boolean legacy() {
		return !CURRENT_VERSION.equals(this.sourceVersion);
	}

}
