package io.github.ocihooks.admin.definitions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonValue;
import io.github.ocihooks.admin.directories.HookDirectories;
import io.github.ocihooks.admin.history.TextDiff;
import io.github.ocihooks.admin.store.HookFiles;
import io.github.ocihooks.admin.store.HookStore;
import io.github.ocihooks.admin.store.StoreException;

import org.springframework.stereotype.Component;

/**
 * Declarative sync: which creates, updates and deletes make a directory hold exactly a
 * desired set of canonical definitions, and applying them through the write path all or
 * nothing. Applying the same set twice changes nothing the second time.
 * <p>
 * The plan covers every entry the runtime reads: every name ending in {@code .json},
 * whatever else it holds ({@code .hidden.json}, {@code caf\u00e9.json}, {@code a b.json},
 * {@code x..y.json}). A regular file not in the set is deleted by its name on disk; what
 * this service never follows, replaces or deletes (symbolic links, directories, FIFOs and
 * devices, files over 1 MiB or unreadable) is {@link Action#REFUSE}d with the reason, and
 * a plan with a refusal is not {@linkplain #converges converged}: applying it is refused
 * as a whole.
 */
@Component
public class SyncPlanner {

	private final HookStore store;

	private final HookFiles files;

	private final HookDirectories directories;

	SyncPlanner(HookStore store, HookFiles files, HookDirectories directories) {
		this.store = store;
		this.files = files;
		this.directories = directories;
	}

	/** What a sync does to one file. */
	public enum Action {

		/** A new file. */
		CREATE,
		/** Different content for an existing file. */
		UPDATE,
		/** A file not in the desired set. */
		DELETE,
		/** Same content: nothing to do. */
		UNCHANGED,
		/**
		 * An entry the runtime reads that this service cannot delete or replace: manage
		 * it on disk.
		 */
		REFUSE;

		/** The lower-case name the API reports. */
		@JsonValue
		public String wire() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * One file's change.
	 *
	 * @param name the file name
	 * @param action what happens to it
	 * @param diff unified diff from the current to the new text (empty when unchanged)
	 * @param etag the file's ETag before the change, if it existed
	 * @param reason for {@link Action#REFUSE}, what the entry is and what to do; else
	 * null
	 */
	public record Change(String name, Action action, String diff, String etag, String reason) {

		Change(String name, Action action, String diff, String etag) {
			this(name, action, diff, etag, null);
		}

	}

	/**
	 * The plan for the directory at {@code index} to hold exactly {@code canonical} (file
	 * name to canonical bytes); by file name. Every entry the runtime reads is in it (see
	 * the class comment).
	 */
	public List<Change> plan(int index, Map<String, byte[]> canonical) {
		Map<String, HookFiles.Entry> current = new TreeMap<>();
		for (HookFiles.Entry e : this.files.entries(index)) {
			current.put(e.name(), e);
		}
		Set<String> all = new TreeSet<>(canonical.keySet());
		all.addAll(current.keySet());
		List<Change> plan = new ArrayList<>();
		for (String name : all) {
			HookFiles.Entry entry = current.get(name);
			byte[] next = canonical.get(name);
			if (entry != null && entry.kind() != HookFiles.EntryKind.FILE) {
				plan.add(new Change(name, Action.REFUSE, "", null, refusal(entry, next != null)));
				continue;
			}
			byte[] now = (entry != null) ? entry.content() : null;
			String etag = (entry != null) ? entry.etag() : null;
			if (next == null) {
				plan.add(new Change(name, Action.DELETE, TextDiff.unifiedText(name, now, null), etag));
			}
			else if (now == null) {
				plan.add(new Change(name, Action.CREATE, TextDiff.unifiedText(name, null, next), null));
			}
			else if (Arrays.equals(now, next)) {
				plan.add(new Change(name, Action.UNCHANGED, "", etag));
			}
			else {
				plan.add(new Change(name, Action.UPDATE, TextDiff.unifiedText(name, now, next), etag));
			}
		}
		return plan;
	}

	private static String refusal(HookFiles.Entry entry, boolean declared) {
		String what = entry.name() + " is " + entry.detail() + ". The runtime reads every name ending in .json"
				+ ((entry.kind() == HookFiles.EntryKind.SYMBOLIC_LINK) ? " and follows links" : "") + "; this service "
				+ "never follows, replaces or deletes such an entry, so ";
		return what
				+ (declared ? "the declared definition cannot be written there"
						: "it stays although the " + "desired set does not name it")
				+ ": manage it on disk (remove it, or replace it with a regular " + "file), then sync again.";
	}

	/**
	 * Whether applying the plan leaves exactly the desired set as the runtime reads it
	 * (nothing refused).
	 */
	public static boolean converges(List<Change> plan) {
		return plan.stream().noneMatch(c -> c.action() == Action.REFUSE);
	}

	/**
	 * Applies a plan through the write path all or nothing ({@link HookFiles#applyAll}):
	 * each change conditioned on the ETag it was planned with; a plan that does not
	 * converge is refused ({@code CONFLICT}, property {@code refused}) before anything is
	 * written. Returns the snapshot generation afterwards.
	 */
	public long apply(int index, List<Change> plan, Map<String, byte[]> canonical) {
		List<Change> refused = plan.stream().filter(c -> c.action() == Action.REFUSE).toList();
		if (!refused.isEmpty()) {
			throw new StoreException(StoreException.Kind.CONFLICT, refused.size() + " entries the runtime reads "
					+ "cannot be made to match the desired set by this service (listed in refused, each with the "
					+ "reason): manage them on disk. Nothing was applied.",
					Map.of("refused",
							refused.stream().map(c -> Map.of("name", c.name(), "reason", c.reason())).toList(),
							"applied", List.of()));
		}
		List<HookFiles.Step> steps = new ArrayList<>();
		for (Change change : plan) {
			switch (change.action()) {
				case CREATE -> steps.add(new HookFiles.Step(change.name(), canonical.get(change.name()), null));
				case UPDATE ->
					steps.add(new HookFiles.Step(change.name(), canonical.get(change.name()), change.etag()));
				case DELETE -> steps.add(new HookFiles.Step(change.name(), null, change.etag()));
				case UNCHANGED, REFUSE -> {
				}
			}
		}
		if (steps.isEmpty()) {
			return this.store.snapshot().generation();
		}
		return this.files.applyAll(this.directories.id(index), steps).generation();
	}

	/**
	 * How many changes of each action, in the order of {@link Action}, with the API's
	 * names.
	 */
	public static Map<String, Integer> summary(List<Change> plan) {
		Map<String, Integer> summary = new LinkedHashMap<>();
		for (Action action : Action.values()) {
			summary.put(action.wire(), (int) plan.stream().filter(c -> c.action() == action).count());
		}
		return summary;
	}

}
