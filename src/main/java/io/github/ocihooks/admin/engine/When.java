package io.github.ocihooks.admin.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Injection conditions of a hook ({@code when} in schema 1.0.0). Null means "absent"
 * exactly as Go's nil.
 *
 * @param always {@code always}; null when absent
 * @param annotations key pattern to value pattern; null when absent
 * @param commands patterns for {@code process.args[0]}; null when absent
 * @param hasBindMounts {@code hasBindMounts}; null when absent
 * @param or any-of matching: true only for hooks converted from the legacy 0.1.0 schema
 */
public record When(Boolean always, Map<String, String> annotations, List<String> commands, Boolean hasBindMounts,
		boolean or) {

	static final When EMPTY = new When(null, null, null, null, false);

	public When {
		annotations = (annotations != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(annotations)) : null;
		commands = (commands != null) ? List.copyOf(commands) : null;
	}

	/** True when no condition is set: the runtime then never injects the hook. */
	public boolean isEmpty() {
		return this.always == null && (this.annotations == null || this.annotations.isEmpty())
				&& (this.commands == null || this.commands.isEmpty()) && this.hasBindMounts == null;
	}

}
