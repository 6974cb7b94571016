package io.github.ocihooks.admin.web;

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
import io.github.ocihooks.admin.engine.When;

/**
 * The hooks table: rows built from a snapshot, filtered and sorted as the query parameters of {@code /hooks} ask.
 * Pure functions of their arguments, so they are tested without a server.
 */
final class HookCatalog {

	/** The columns {@code /hooks?sort=} accepts; {@code order} (the runtime's) is the default. */
	static final List<String> SORT_KEYS = List.of("order", "name", "directory", "status", "executable", "timeout");

	private HookCatalog() {
	}

	/** Every file of every directory, in directory then name order. */
	static List<HookRow> rows(Snapshot snapshot, List<String> directoryIds) {
		Map<FileState, Integer> order = new HashMap<>();
		List<FileState> injection = snapshot.resolution().injectionOrder();
		for (int i = 0; i < injection.size(); i++) {
			order.put(injection.get(i), i + 1);
		}
		List<HookRow> rows = new ArrayList<>();
		for (FileState state : snapshot.resolution().files()) {
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
			int index = state.file().directoryIndex();
			rows.add(new HookRow(index, directoryIds.get(index), state.directory(), state.name(),
					state.status().name().toLowerCase(Locale.ROOT),
					(definition != null && definition.stages() != null) ? definition.stages() : List.of(),
					(definition != null) ? summary(definition.when()) : "—",
					(definition != null) ? definition.hook().path() : null,
					(definition != null) ? definition.hook().timeout() : null, order.get(state), errors, warnings,
					state.blocksRuntime(), definition != null && definition.legacy()));
		}
		return rows;
	}

	/**
	 * Keeps the rows that match every given filter (null or blank filters match everything).
	 * @param status a status name
	 * @param stage a stage name
	 * @param directoryId a directory id
	 * @param text text to find in the name, directory, executable or conditions (case-insensitive)
	 */
	static List<HookRow> filter(List<HookRow> rows, String status, String stage, String directoryId, String text) {
		String needle = blank(text) ? null : text.trim().toLowerCase(Locale.ROOT);
		return rows.stream()
			.filter(r -> blank(status) || r.status().equalsIgnoreCase(status))
			.filter(r -> blank(stage) || r.stages().contains(stage))
			.filter(r -> blank(directoryId) || r.directoryId().equals(directoryId))
			.filter(r -> needle == null || r.mentions(needle))
			.collect(Collectors.toList());
	}

	/**
	 * Sorts by a column of {@link #SORT_KEYS}; unknown keys sort by the runtime's order. Rows without an order number
	 * (not active) come after the active ones, by directory and name.
	 */
	static List<HookRow> sort(List<HookRow> rows, String key, boolean descending) {
		Comparator<HookRow> byPlace = Comparator.comparingInt(HookRow::directoryIndex).thenComparing(HookRow::name);
		Comparator<HookRow> comparator = switch ((key != null) ? key : "order") {
			case "name" -> Comparator.comparing((HookRow r) -> r.name().toLowerCase(Locale.ROOT))
				.thenComparing(HookRow::name)
				.thenComparing(byPlace);
			case "directory" -> byPlace;
			case "status" -> Comparator.comparing(HookRow::status).thenComparing(byPlace);
			case "executable" -> Comparator.comparing(HookRow::executable,
					Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(byPlace);
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
	static String summary(When when) {
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

	/** The file state of {@code name} in the directory at {@code index}, if the snapshot has it. */
	static Optional<FileState> find(Snapshot snapshot, int index, String name) {
		return snapshot.resolution()
			.files()
			.stream()
			.filter(s -> s.file().directoryIndex() == index && s.name().equals(name))
			.findFirst();
	}

	/** The files with the same name in the other directories, lowest precedence first. */
	static List<FileState> sameName(Snapshot snapshot, FileState state) {
		return snapshot.resolution()
			.files()
			.stream()
			.filter(s -> s.name().equals(state.name()) && s.file().directoryIndex() != state.file().directoryIndex())
			.toList();
	}

	/** The 1-based injection order of a file, or null when it is not active. */
	static Integer order(Snapshot snapshot, FileState state) {
		int i = snapshot.resolution().injectionOrder().indexOf(state);
		return (i >= 0) ? i + 1 : null;
	}

	private static boolean blank(String s) {
		return s == null || s.isBlank();
	}

}
