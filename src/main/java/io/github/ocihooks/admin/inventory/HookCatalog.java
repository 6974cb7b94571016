package io.github.ocihooks.admin.inventory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.github.ocihooks.admin.engine.FileState;
import io.github.ocihooks.admin.engine.HookDefinition;
import io.github.ocihooks.admin.engine.Problem;
import io.github.ocihooks.admin.engine.Severity;
import io.github.ocihooks.admin.engine.Snapshot;
import io.github.ocihooks.admin.engine.Status;
import io.github.ocihooks.admin.engine.When;

/**
 * The inventory of hook files as the runtime sees them: rows, the one filter
 * ({@link HookFilter}), sorting, the runtime's injection order (one numbering for the API
 * and the pages), the condition summary, and what becomes effective after a delete. Pure
 * functions of a snapshot, so they are tested without a server and offered to the API and
 * the dashboard alike.
 */
public final class HookCatalog {

	/**
	 * The columns {@code /hooks?sort=} accepts; {@code order} (the runtime's) is the
	 * default.
	 */
	public static final List<String> SORT_KEYS = List.of("order", "name", "directory", "status", "executable",
			"timeout");

	private HookCatalog() {
	}

	/** Every file of every directory, in directory then name order. */
	public static List<HookRow> rows(Snapshot snapshot, List<String> directoryIds) {
		return rows(snapshot, directoryIds, HookFilter.NONE);
	}

	/** The files that pass {@code filter}, in directory then name order. */
	public static List<HookRow> rows(Snapshot snapshot, List<String> directoryIds, HookFilter filter) {
		Map<FileState, Integer> order = orders(snapshot);
		List<HookRow> rows = new ArrayList<>();
		for (FileState state : snapshot.resolution().files()) {
			int index = state.file().directoryIndex();
			if (!filter.test(state, directoryIds.get(index))) {
				continue;
			}
			HookDefinition definition = state.file().definition();
			int errors = 0;
			int warnings = 0;
			for (Problem p : state.problems()) {
				if (p.severity() == Severity.ERROR) {
					errors++;
				}
				else if (p.severity() == Severity.WARNING) {
					warnings++;
				}
			}
			rows.add(new HookRow(index, directoryIds.get(index), state.directory(), state.name(), state.status(),
					(definition != null && definition.stages() != null) ? definition.stages() : List.of(),
					(definition != null) ? summary(definition.when()) : "—",
					(definition != null) ? definition.hook().path() : null,
					(definition != null) ? definition.hook().timeout() : null, order.get(state), errors, warnings,
					state.blocksRuntime(), definition != null && definition.legacy()));
		}
		return rows;
	}

	/**
	 * Each active file's place in the runtime's injection order, 0-based: the API's
	 * {@code order}. Pages show the {@link #position} of the same number.
	 */
	public static Map<FileState, Integer> orders(Snapshot snapshot) {
		Map<FileState, Integer> order = new HashMap<>();
		List<FileState> injection = snapshot.resolution().injectionOrder();
		for (int i = 0; i < injection.size(); i++) {
			order.put(injection.get(i), i);
		}
		return order;
	}

	/**
	 * The 0-based injection order of a file (the API's {@code order}), or null when it is
	 * not active.
	 */
	public static Integer order(Snapshot snapshot, FileState state) {
		int i = snapshot.resolution().injectionOrder().indexOf(state);
		return (i >= 0) ? i : null;
	}

	/**
	 * The 1-based position an admin reads ({@code #1} is injected first) of a 0-based
	 * {@link #order}.
	 */
	public static Integer position(Integer order) {
		return (order != null) ? order + 1 : null;
	}

	/**
	 * Sorts by a column of {@link #SORT_KEYS}; unknown keys sort by the runtime's order.
	 * Rows without an order number (not active) come after the active ones, by directory
	 * and name.
	 */
	public static List<HookRow> sort(List<HookRow> rows, String key, boolean descending) {
		Comparator<HookRow> byPlace = Comparator.comparingInt(HookRow::directoryIndex).thenComparing(HookRow::name);
		Comparator<HookRow> comparator = switch ((key != null) ? key : "order") {
			case "name" -> Comparator.comparing((HookRow r) -> r.name().toLowerCase(Locale.ROOT))
				.thenComparing(HookRow::name)
				.thenComparing(byPlace);
			case "directory" -> byPlace;
			case "status" -> Comparator.comparing(HookRow::statusName).thenComparing(byPlace);
			case "executable" ->
				Comparator.comparing(HookRow::executable, Comparator.nullsLast(Comparator.naturalOrder()))
					.thenComparing(byPlace);
			case "timeout" -> Comparator.comparing(HookRow::timeout, Comparator.nullsLast(Comparator.naturalOrder()))
				.thenComparing(byPlace);
			default -> Comparator.comparing(HookRow::order, Comparator.nullsLast(Comparator.naturalOrder()))
				.thenComparing(byPlace);
		};
		List<HookRow> sorted = new ArrayList<>(rows);
		sorted.sort(descending ? comparator.reversed() : comparator);
		return sorted;
	}

	/** A one-line summary of a definition's conditions, in the runtime's terms. */
	public static String summary(When when) {
		if (when == null || when.isEmpty()) {
			return "never (no condition set)";
		}
		List<String> parts = new ArrayList<>();
		if (when.always() != null) {
			parts.add("always: " + when.always());
		}
		if (when.annotations() != null && !when.annotations().isEmpty()) {
			parts.add("annotation " + when.annotations()
				.entrySet()
				.stream()
				.map(e -> e.getKey() + " = " + e.getValue())
				.collect(Collectors.joining(", ")));
		}
		if (when.commands() != null && !when.commands().isEmpty()) {
			parts.add("command " + String.join(" | ", when.commands()));
		}
		if (when.hasBindMounts() != null) {
			parts.add("hasBindMounts: " + when.hasBindMounts());
		}
		return String.join(when.or() ? " OR " : "; ", parts);
	}

	/**
	 * The file state of {@code name} in the directory at {@code index}, if the snapshot
	 * has it.
	 */
	public static Optional<FileState> find(Snapshot snapshot, int index, String name) {
		return snapshot.resolution()
			.files()
			.stream()
			.filter(s -> s.file().directoryIndex() == index && s.name().equals(name))
			.findFirst();
	}

	/** The files with the same name in the other directories, lowest precedence first. */
	public static List<FileState> sameName(Snapshot snapshot, FileState state) {
		return snapshot.resolution()
			.files()
			.stream()
			.filter(s -> s.name().equals(state.name()) && s.file().directoryIndex() != state.file().directoryIndex())
			.toList();
	}

	/**
	 * The file that takes over a name when {@code state} is deleted: the highest valid
	 * file of the same name in a lower directory. When {@code state} is not active, the
	 * current winner (if any) simply stays.
	 */
	public static FileState replacement(Snapshot snapshot, FileState state) {
		FileState best = null;
		for (FileState other : sameName(snapshot, state)) {
			boolean valid = other.status() == Status.ACTIVE || other.status() == Status.MASKED;
			if (valid && other.file().directoryIndex() < state.file().directoryIndex()) {
				best = other;
			}
		}
		if (state.status() != Status.ACTIVE) {
			return sameName(snapshot, state).stream().filter(s -> s.status() == Status.ACTIVE).findFirst().orElse(best);
		}
		return best;
	}

}
