package io.github.ocihooks.admin.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.ocihooks.admin.engine.FileState;
import io.github.ocihooks.admin.engine.HookDefinition;
import io.github.ocihooks.admin.engine.Snapshot;
import io.github.ocihooks.admin.engine.Status;

/**
 * Where hook files get in each other's way: the same name in several directories, names
 * that differ only in case, the same executable injected twice at a stage, and masked
 * files that still break the runtime.
 *
 * @param sameName names present in more than one directory
 * @param caseInsensitive active names equal when lower-cased (the runtime's order between
 * them is unspecified)
 * @param sameExecutable one executable at one stage from several active files
 * @param maskedButFatal files masked by a higher file of the same name that still make
 * the runtime refuse containers
 */
public record Collisions(List<SameName> sameName, List<List<FileState>> caseInsensitive,
		List<SameExecutable> sameExecutable, List<MaskedButFatal> maskedButFatal) {

	/** A name in several directories, which one wins, and why. */
	public record SameName(String name, List<FileState> files, FileState winner, String reason) {
	}

	/**
	 * One invocation (executable and the same arguments) injected at a stage by several
	 * active files. The same executable with other arguments is another invocation and no
	 * collision.
	 *
	 * @param args the arguments they share (null when none are given)
	 * @param sameConditions whether their conditions are identical too: then every
	 * container that gets one gets the invocation as many times as there are files;
	 * otherwise only containers matching several of them
	 */
	public record SameExecutable(String stage, String executable, List<FileState> files, List<String> args,
			boolean sameConditions) {
	}

	/** A broken file that a higher file of the same name masks in name only. */
	public record MaskedButFatal(FileState file, FileState higher) {
	}

	public boolean isEmpty() {
		return this.sameName.isEmpty() && this.caseInsensitive.isEmpty() && this.sameExecutable.isEmpty()
				&& this.maskedButFatal.isEmpty();
	}

	public int count() {
		return this.sameName.size() + this.caseInsensitive.size() + this.sameExecutable.size()
				+ this.maskedButFatal.size();
	}

	public static Collisions of(Snapshot snapshot) {
		List<FileState> files = snapshot.resolution()
			.files()
			.stream()
			.filter(s -> s.status() != Status.IGNORED)
			.toList();

		Map<String, List<FileState>> byName = new LinkedHashMap<>();
		for (FileState s : files) {
			byName.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(s);
		}
		List<SameName> sameName = new ArrayList<>();
		List<MaskedButFatal> maskedButFatal = new ArrayList<>();
		for (Map.Entry<String, List<FileState>> e : byName.entrySet()) {
			List<FileState> group = e.getValue();
			if (group.size() < 2) {
				continue;
			}
			group.sort(java.util.Comparator.comparingInt(s -> s.file().directoryIndex()));
			FileState winner = group.stream().filter(s -> s.status() == Status.ACTIVE).findFirst().orElse(null);
			sameName.add(new SameName(e.getKey(), List.copyOf(group), winner, reason(group, winner)));
			for (FileState s : group) {
				if (s.blocksRuntime()) {
					group.stream()
						.filter(h -> h.file().directoryIndex() > s.file().directoryIndex())
						.reduce((first, second) -> second)
						.ifPresent(h -> maskedButFatal.add(new MaskedButFatal(s, h)));
				}
			}
		}

		Map<String, List<FileState>> byLowerName = new LinkedHashMap<>();
		Map<String, List<FileState>> byStageAndPath = new LinkedHashMap<>();
		for (FileState s : snapshot.resolution().injectionOrder()) {
			byLowerName.computeIfAbsent(s.name().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(s);
			HookDefinition d = s.file().definition();
			if (d.stages() != null) {
				for (String stage : new java.util.LinkedHashSet<>(d.stages())) {
					byStageAndPath
						.computeIfAbsent(stage + "\u0000" + d.hook().path() + "\u0000" + d.hook().args(),
								k -> new ArrayList<>())
						.add(s);
				}
			}
		}
		List<List<FileState>> caseInsensitive = byLowerName.values()
			.stream()
			.filter(l -> l.size() > 1)
			.map(List::copyOf)
			.toList();
		List<SameExecutable> sameExecutable = new ArrayList<>();
		byStageAndPath.forEach((key, list) -> {
			if (list.size() > 1) {
				String[] parts = key.split("\u0000", 3);
				HookDefinition first = list.get(0).file().definition();
				boolean sameConditions = list.stream().allMatch(f -> f.file().definition().when().equals(first.when()));
				sameExecutable.add(
						new SameExecutable(parts[0], parts[1], List.copyOf(list), first.hook().args(), sameConditions));
			}
		});
		return new Collisions(List.copyOf(sameName), caseInsensitive, List.copyOf(sameExecutable),
				List.copyOf(maskedButFatal));
	}

	private static String reason(List<FileState> group, FileState winner) {
		FileState highest = group.get(group.size() - 1);
		if (winner == null) {
			return "No file of this name is active: none of them is valid, so the runtime injects none of them.";
		}
		if (winner == highest) {
			return "The highest-precedence directory wins: its valid file masks the others.";
		}
		return "The file in the higher-precedence directory is " + highest.status().name().toLowerCase(Locale.ROOT)
				+ ", and a file the runtime rejects or skips masks nothing, so the lower valid file stays active.";
	}

}
