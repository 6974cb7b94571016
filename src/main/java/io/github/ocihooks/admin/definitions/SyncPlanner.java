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

import org.springframework.stereotype.Component;

/**
 * Declarative sync: which creates, updates and deletes make a directory hold exactly a desired set of canonical
 * definitions, and applying them file by file through the write path. Applying the same set twice changes nothing the
 * second time.
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
		UNCHANGED;

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
	 */
	public record Change(String name, Action action, String diff, String etag) {
	}

	/**
	 * The plan for the directory at {@code index} to hold exactly {@code canonical} (file name to canonical bytes);
	 * by file name. Only files with a valid hook file name are considered.
	 */
	public List<Change> plan(int index, Map<String, byte[]> canonical) {
		String id = this.directories.id(index);
		Map<String, HookFiles.StoredFile> current = new TreeMap<>();
		for (String name : this.files.names(index)) {
			if (HookFiles.NAME.matcher(name).matches()) {
				this.files.read(id, name).ifPresent(f -> current.put(name, f));
			}
		}
		Set<String> all = new TreeSet<>(canonical.keySet());
		all.addAll(current.keySet());
		List<Change> plan = new ArrayList<>();
		for (String name : all) {
			byte[] now = current.containsKey(name) ? current.get(name).content() : null;
			byte[] next = canonical.get(name);
			String etag = (now != null) ? current.get(name).etag() : null;
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

	/**
	 * Applies a plan through the write path, each change conditioned on the ETag it was planned with; returns the
	 * snapshot generation afterwards.
	 */
	public long apply(int index, List<Change> plan, Map<String, byte[]> canonical) {
		String id = this.directories.id(index);
		long generation = this.store.snapshot().generation();
		for (Change change : plan) {
			switch (change.action()) {
				case CREATE -> generation = this.files
					.write(id, change.name(), canonical.get(change.name()), new HookFiles.Precondition(null, true))
					.snapshot()
					.generation();
				case UPDATE -> generation = this.files
					.write(id, change.name(), canonical.get(change.name()),
							new HookFiles.Precondition(change.etag(), false))
					.snapshot()
					.generation();
				case DELETE -> generation = this.files.delete(id, change.name(), change.etag()).generation();
				case UNCHANGED -> {
				}
			}
		}
		return generation;
	}

	/** How many changes of each action, in the order of {@link Action}, with the API's names. */
	public static Map<String, Integer> summary(List<Change> plan) {
		Map<String, Integer> summary = new LinkedHashMap<>();
		for (Action action : Action.values()) {
			summary.put(action.wire(), (int) plan.stream().filter(c -> c.action() == action).count());
		}
		return summary;
	}

}
