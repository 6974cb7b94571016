package io.github.ocihooks.admin.inventory;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.github.ocihooks.admin.engine.FileState;
import io.github.ocihooks.admin.engine.Snapshot;
import io.github.ocihooks.admin.engine.Status;

/**
 * Hook files by status, as the API and the dashboard show them: lower-case status names,
 * every status present (zero when no file has it), in the order of {@link Status}.
 */
public final class StatusCounts {

	private StatusCounts() {
	}

	/** Every status with 0. */
	public static Map<String, Integer> zero() {
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (Status s : Status.values()) {
			counts.put(key(s), 0);
		}
		return counts;
	}

	/** The files' counts. */
	public static Map<String, Integer> of(Iterable<FileState> files) {
		Map<String, Integer> counts = zero();
		for (FileState state : files) {
			counts.merge(key(state.status()), 1, Integer::sum);
		}
		return counts;
	}

	/**
	 * The counts of each directory (by index) that holds files; use {@link #zero()} for
	 * the others.
	 */
	public static Map<Integer, Map<String, Integer>> byDirectory(Snapshot snapshot) {
		Map<Integer, Map<String, Integer>> counts = new HashMap<>();
		for (FileState state : snapshot.resolution().files()) {
			counts.computeIfAbsent(state.file().directoryIndex(), k -> zero())
				.merge(key(state.status()), 1, Integer::sum);
		}
		return counts;
	}

	private static String key(Status status) {
		return status.name().toLowerCase(Locale.ROOT);
	}

}
