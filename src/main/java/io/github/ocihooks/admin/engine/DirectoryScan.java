package io.github.ocihooks.admin.engine;

import java.util.List;

/**
 * One configured directory as found at load time.
 *
 * @param index precedence position (0 = lowest)
 * @param path the directory as configured
 * @param exists whether it exists
 * @param error a listing failure other than "does not exist" (for example "not a
 * directory"): the runtime then refuses every container; null otherwise
 * @param files its entries, sorted by name as Go's {@code os.ReadDir} returns them
 */
public record DirectoryScan(int index, String path, boolean exists, String error, List<HookFile> files) {

	public DirectoryScan {
		files = List.copyOf(files);
	}

}
