package io.github.ocihooks.admin.fleet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Which nodes differ, and where: nodes with the same set hash form a group (they see the
 * same files with the same outcome), and the matrix has one row per hook name and one
 * column per group. A cell compares the group's effective file of that name with the
 * fleet's reference for that name (the content most nodes have).
 *
 * @param computedAt when
 * @param nodes how many members
 * @param reachable how many answered their last poll
 * @param refusing nodes whose runtime refuses every container (by their last report),
 * first thing to look at
 * @param unreachable nodes that did not answer their last poll
 * @param groups groups of nodes with identical sets, largest first (unreachable nodes are
 * grouped by their last report)
 * @param hooks one row per hook name, drifting rows first
 */
@Schema(name = "FleetDrift")
public record Drift(Instant computedAt, int nodes, int reachable, List<String> refusing, List<String> unreachable,
		List<Group> groups, List<Row> hooks) {

	/** A cell of the matrix. */
	@Schema(name = "DriftCell")
	public enum Cell {

		/** Active with the reference content. */
		SAME,
		/** Active with other content. */
		DIFFERENT,
		/** No file of that name. */
		MISSING,
		/**
		 * A file of that name exists but the runtime does not use it (invalid, or its
		 * executable is missing).
		 */
		BROKEN

	}

	/**
	 * Nodes with one set.
	 *
	 * @param id short id (the set hash's first 8 hex digits)
	 * @param label A, B, C... by size
	 * @param setHash the set hash
	 * @param nodes the node names
	 * @param refusesEveryContainer the group's runtime verdict
	 * @param active how many active hooks
	 */
	@Schema(name = "FleetGroup")
	public record Group(String id, String label, String setHash, List<String> nodes, boolean refusesEveryContainer,
			int active) {
	}

	/**
	 * One hook name.
	 *
	 * @param name the file name
	 * @param reference the SHA-256 most nodes have for it (null when no node has it
	 * active)
	 * @param uniform whether every group's cell is {@link Cell#SAME}
	 * @param cells group id to cell
	 */
	@Schema(name = "DriftRow")
	public record Row(String name, String reference, boolean uniform, Map<String, Cell> cells) {
	}

	/**
	 * A file as the runtime sees it on one node: the active one of that name, else a
	 * broken one.
	 */
	record Effective(String sha256, boolean active) {
	}

	static Map<String, Effective> effective(NodeReport report) {
		Map<String, Effective> out = new TreeMap<>();
		for (NodeReport.Directory d : report.directories()) {
			d.files().forEach((name, f) -> {
				if ("active".equals(f.status())) {
					out.put(name, new Effective(f.sha256(), true));
				}
			});
		}
		for (NodeReport.Directory d : report.directories()) {
			d.files().forEach((name, f) -> {
				if (("invalid".equals(f.status()) || "skipped".equals(f.status())) && !out.containsKey(name)) {
					out.put(name, new Effective(f.sha256(), false));
				}
			});
		}
		return out;
	}

	public static Drift of(List<NodeState> states) {
		Map<String, List<NodeState>> bySet = new LinkedHashMap<>();
		List<String> refusing = new ArrayList<>();
		List<String> unreachable = new ArrayList<>();
		int reachable = 0;
		for (NodeState s : states) {
			if (s.reachable()) {
				reachable++;
			}
			else {
				unreachable.add(s.name());
			}
			if (s.report() == null) {
				continue;
			}
			if (s.report().verdict().refusesEveryContainer()) {
				refusing.add(s.name());
			}
			bySet.computeIfAbsent(s.report().setHash(), k -> new ArrayList<>()).add(s);
		}
		List<Map.Entry<String, List<NodeState>>> sets = new ArrayList<>(bySet.entrySet());
		sets.sort(Comparator.<Map.Entry<String, List<NodeState>>>comparingInt(e -> -e.getValue().size())
			.thenComparing(Map.Entry::getKey));
		List<Group> groups = new ArrayList<>();
		Map<String, Map<String, Effective>> effectiveByGroup = new LinkedHashMap<>();
		Map<String, Map<String, Integer>> votes = new HashMap<>();
		TreeSet<String> names = new TreeSet<>();
		for (int i = 0; i < sets.size(); i++) {
			String hash = sets.get(i).getKey();
			List<NodeState> members = sets.get(i).getValue();
			NodeReport sample = members.get(0).report();
			Map<String, Effective> eff = effective(sample);
			String id = hash.substring(0, Math.min(8, hash.length()));
			effectiveByGroup.put(id, eff);
			names.addAll(eff.keySet());
			eff.forEach((name, e) -> {
				if (e.active()) {
					votes.computeIfAbsent(name, k -> new HashMap<>()).merge(e.sha256(), members.size(), Integer::sum);
				}
			});
			List<String> nodeNames = members.stream().map(NodeState::name).sorted().toList();
			int active = (int) eff.values().stream().filter(Effective::active).count();
			groups.add(new Group(id, label(i), hash, nodeNames, sample.verdict().refusesEveryContainer(), active));
		}
		List<Row> rows = new ArrayList<>();
		for (String name : names) {
			String reference = votes.getOrDefault(name, Map.of())
				.entrySet()
				.stream()
				.sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry::getKey))
				.map(Map.Entry::getKey)
				.findFirst()
				.orElse(null);
			Map<String, Cell> cells = new LinkedHashMap<>();
			boolean uniform = true;
			for (Map.Entry<String, Map<String, Effective>> g : effectiveByGroup.entrySet()) {
				Effective e = g.getValue().get(name);
				Cell cell = (e == null) ? Cell.MISSING
						: !e.active() ? Cell.BROKEN : e.sha256().equals(reference) ? Cell.SAME : Cell.DIFFERENT;
				cells.put(g.getKey(), cell);
				uniform &= cell == Cell.SAME;
			}
			rows.add(new Row(name, reference, uniform, cells));
		}
		rows.sort(Comparator.comparing(Row::uniform).thenComparing(Row::name));
		return new Drift(Instant.now(), states.size(), reachable, refusing, unreachable, groups, rows);
	}

	static String label(int i) {
		StringBuilder sb = new StringBuilder();
		int n = i;
		do {
			sb.insert(0, (char) ('A' + n % 26));
			n = n / 26 - 1;
		}
		while (n >= 0);
		return sb.toString();
	}

}
