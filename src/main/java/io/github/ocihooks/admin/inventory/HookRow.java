package io.github.ocihooks.admin.inventory;

import java.util.List;
import java.util.Locale;

import io.github.ocihooks.admin.engine.Status;

/**
 * One line of the hooks table: a file of a hook directory and what the runtime makes of
 * it.
 *
 * @param directoryIndex the directory's precedence position (0 = lowest)
 * @param directoryId the directory's URL id
 * @param directory the directory as configured
 * @param name the file name
 * @param status what the runtime makes of the file
 * @param stages the stages the definition asks for (empty when it could not be read)
 * @param when a one-line summary of the conditions
 * @param executable the hook's executable, or null
 * @param timeout the timeout in seconds, or null
 * @param order 0-based place in the runtime's injection order for active hooks (the API's
 * {@code order}), else null
 * @param errors how many error problems the file has
 * @param warnings how many warnings the file has
 * @param blocksRuntime whether this file makes the runtime refuse every container
 * @param legacy whether the file uses the deprecated 0.1.0 schema
 */
public record HookRow(int directoryIndex, String directoryId, String directory, String name, Status status,
		List<String> stages, String when, String executable, Long timeout, Integer order, int errors, int warnings,
		boolean blocksRuntime, boolean legacy) {

	public HookRow {
		stages = List.copyOf(stages);
	}

	/**
	 * The 1-based position an admin reads ({@code #1} is injected first), or null when
	 * not active.
	 */
	public Integer position() {
		return HookCatalog.position(this.order);
	}

	/**
	 * The status as the pages show it: {@code active}, {@code masked}, {@code invalid},
	 * {@code skipped}, ...
	 */
	public String statusName() {
		return this.status.name().toLowerCase(Locale.ROOT);
	}

}
