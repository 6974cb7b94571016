package io.github.ocihooks.admin.inventory;

import java.util.Locale;

import io.github.ocihooks.admin.engine.FileState;
import io.github.ocihooks.admin.engine.HookDefinition;

/**
 * The one filter of the hook list, for {@code GET /api/v1/hooks} and the {@code /hooks}
 * page. Null or blank parts match everything.
 *
 * @param status a status name (case-insensitive)
 * @param stage a stage the definition asks for
 * @param directory a directory id or path as configured
 * @param text text to find (case-insensitive) in the name, directory, executable,
 * arguments or conditions
 */
public record HookFilter(String status, String stage, String directory, String text) {

	/** Matches every file. */
	public static final HookFilter NONE = new HookFilter(null, null, null, null);

	/**
	 * Whether the file (in the directory with id {@code directoryId}) passes every part
	 * of the filter.
	 */
	public boolean test(FileState state, String directoryId) {
		HookDefinition definition = state.file().definition();
		if (!blank(this.status) && !state.status().name().equalsIgnoreCase(this.status.trim())) {
			return false;
		}
		if (!blank(this.stage)
				&& (definition == null || definition.stages() == null || !definition.stages().contains(this.stage))) {
			return false;
		}
		if (!blank(this.directory) && !this.directory.equals(directoryId)
				&& !this.directory.equals(state.directory())) {
			return false;
		}
		if (blank(this.text)) {
			return true;
		}
		StringBuilder haystack = new StringBuilder(state.name()).append(' ').append(state.directory());
		if (definition != null) {
			haystack.append(' ')
				.append(definition.hook().path())
				.append(' ')
				.append(definition.hook().args())
				.append(' ')
				.append(definition.when().annotations())
				.append(' ')
				.append(definition.when().commands())
				.append(' ')
				.append(HookCatalog.summary(definition.when()));
		}
		return haystack.toString().toLowerCase(Locale.ROOT).contains(this.text.trim().toLowerCase(Locale.ROOT));
	}

	private static boolean blank(String s) {
		return s == null || s.isBlank();
	}

}
