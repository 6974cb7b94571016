package io.github.ocihooks.admin.directories;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.ocihooks.admin.config.HooksProperties;
import io.github.ocihooks.admin.profiles.ProfileDirectory;
import io.github.ocihooks.admin.profiles.RuntimeProfile;
import io.github.ocihooks.admin.profiles.RuntimeProfiles;
import io.github.ocihooks.admin.store.StoreException;

import org.springframework.stereotype.Component;

/**
 * The configured hook directories: their ids, their paths, and the one answer to "does
 * this directory accept writes through this service" ({@code hooks.writable-directories},
 * existence, file-system permission). The API, the pages and the write path all ask here.
 * <p>
 * Longer than the ~250 lines the project aims for: the managed list changes with
 * detection, and ids, writability and the default target are recomputed from it.
 */
@Component
public class HookDirectories {

	private final RuntimeProfiles profiles;

	private final HooksProperties properties;

	private volatile State state;

	/** What is derived from one list of managed directories. */
	private record State(List<String> directories, List<String> ids, Map<String, String> idsByDirectory,
			Set<Path> writable) {
	}

	public HookDirectories(HooksProperties properties, RuntimeProfiles profiles) {
		this.properties = properties;
		this.profiles = profiles;
		this.state = compute(managed());
	}

	/**
	 * The directories this service manages, as the store reads them:
	 * {@link RuntimeProfiles#directories()} (exactly {@code hooks.directories} when set).
	 */
	private List<String> managed() {
		return this.profiles.managedDirectories().stream().map(Object::toString).toList();
	}

	private State state() {
		List<String> now = managed();
		State s = this.state;
		if (!s.directories().equals(now)) {
			s = compute(now);
			this.state = s;
		}
		return s;
	}

	private State compute(List<String> directories) {
		List<String> ids = DirectoryIds.of(directories);
		Map<String, String> byDirectory = new LinkedHashMap<>();
		for (int i = 0; i < directories.size(); i++) {
			byDirectory.put(directories.get(i), ids.get(i));
		}
		List<Path> writable;
		if (this.properties.writableDirectories() != null || this.profiles.explicitDirectories()) {
			writable = this.properties.effectiveWritableDirectories();
		}
		else {
			writable = this.profiles.current().sharedDirectories();
		}
		return new State(List.copyOf(directories), ids, Collections.unmodifiableMap(byDirectory),
				Set.copyOf(writable.stream().map(p -> p.toAbsolutePath().normalize()).toList()));
	}

	/**
	 * The runtime profiles that read the directory at {@code index}, by id (empty: no
	 * runtime reads it, a file there never runs).
	 */
	public List<String> readers(int index) {
		return this.profiles.readers(path(index)).stream().map(RuntimeProfile::id).toList();
	}

	/**
	 * Refuses (422, {@code UNREAD_DIRECTORY}) a write to a directory that no runtime
	 * reads, unless the caller says {@code force}.
	 */
	public void requireRead(int index, boolean force) {
		String unread = unread(index);
		if (!force && unread != null) {
			throw new StoreException(StoreException.Kind.UNREAD_DIRECTORY, unread + " Write anyway with force=true.");
		}
	}

	/**
	 * That no runtime reads the directory at {@code index}, with what each one reads;
	 * null when some runtime reads it.
	 */
	public String unread(int index) {
		if (!readers(index).isEmpty()) {
			return null;
		}
		return "No runtime reads directory " + location(index)
				+ ": a hook file there never runs. Runtimes and what they read: "
				+ this.profiles.profiles()
					.stream()
					.map(p -> p.id() + " " + p.directories().stream().map(ProfileDirectory::path).toList())
					.toList()
				+ ".";
	}

	/** The managed directories as the store reads them, in increasing precedence. */
	public List<String> paths() {
		return state().directories();
	}

	/** Each directory's id, in increasing precedence. */
	public List<String> ids() {
		return state().ids();
	}

	/** The id of the directory at {@code index}. */
	public String id(int index) {
		return state().ids().get(index);
	}

	/**
	 * Each directory's id by its path, in precedence order (for links from a file's
	 * directory to its pages).
	 */
	public Map<String, String> idsByDirectory() {
		return state().idsByDirectory();
	}

	/**
	 * The index of a directory given by id, by path as configured or by its absolute
	 * location (as the audit log names it); {@code NOT_FOUND} when none is configured so.
	 */
	public int index(String idOrPath) {
		for (int i = 0; i < state().directories().size(); i++) {
			if (state().ids().get(i).equals(idOrPath) || state().directories().get(i).equals(idOrPath)
					|| location(i).equals(idOrPath)) {
				return i;
			}
		}
		throw new StoreException(StoreException.Kind.NOT_FOUND, "No configured hook directory \"" + idOrPath + "\"");
	}

	/** The absolute, normalized path of the directory at {@code index}. */
	public Path path(int index) {
		return Path.of(state().directories().get(index)).toAbsolutePath().normalize();
	}

	/**
	 * Where the directory at {@code index} is, absolute and normalized, for messages and
	 * pages.
	 */
	public String location(int index) {
		return path(index).toString();
	}

	/**
	 * Where file {@code name} of the directory at {@code index} is, absolute and
	 * normalized.
	 */
	public String location(int index, String name) {
		return path(index).resolve(name).toString();
	}

	/**
	 * The absolute, normalized paths of the directories this service may write to (they
	 * may not exist).
	 */
	public Set<Path> configuredWritable() {
		return state().writable();
	}

	/**
	 * Whether {@code hooks.writable-directories} lets this service write into the
	 * directory at {@code index}.
	 */
	public boolean configuredWritable(int index) {
		return state().writable().contains(path(index));
	}

	/** Whether the directory at {@code index} accepts writes now. */
	public boolean accepts(int index) {
		return refusal(index) == null;
	}

	/** Why writes to a directory are refused, or null when they are accepted. */
	public String refusal(int index) {
		Path dir = path(index);
		if (!state().writable().contains(dir)) {
			return "Directory " + dir + " does not accept writes through this service (hooks.writable-directories; "
					+ (this.profiles.explicitDirectories() || this.properties.writableDirectories() != null
							? "by default only the highest-precedence directory does)"
							: "by default only the directories every detected runtime reads, else those most read, do)");
		}
		if (!Files.isDirectory(dir)) {
			return "Directory " + dir + " does not exist";
		}
		if (!Files.isWritable(dir)) {
			return "Directory " + dir + " is not writable by this service";
		}
		return null;
	}

	/**
	 * Throws the {@code CONFLICT} refusal when the directory at {@code index} does not
	 * accept writes.
	 */
	public void requireAccepts(int index) {
		String refusal = refusal(index);
		if (refusal != null) {
			throw new StoreException(StoreException.Kind.CONFLICT, refusal);
		}
	}

	/** (path, id) of the directories that accept writes, in precedence order. */
	public List<Map.Entry<String, String>> accepting() {
		List<Map.Entry<String, String>> out = new ArrayList<>();
		for (int i = 0; i < state().directories().size(); i++) {
			if (accepts(i)) {
				out.add(Map.entry(path(i).toString(), state().ids().get(i)));
			}
		}
		return out;
	}

	/**
	 * The directory a new definition goes to when none is named: the highest-precedence
	 * one that accepts writes, else the highest-precedence one (whose refusal then
	 * explains why nothing can be written).
	 */
	public int defaultTarget() {
		for (int i = state().directories().size() - 1; i >= 0; i--) {
			if (accepts(i)) {
				return i;
			}
		}
		return state().directories().size() - 1;
	}

	/** Whether some directory accepts writes (a new hook can be created). */
	public boolean anyAccepts() {
		return !accepting().isEmpty();
	}

	/**
	 * Whether the directory at {@code index} is missing and this service may create it.
	 */
	public boolean creatable(int index) {
		return configuredWritable(index) && !Files.exists(path(index));
	}

	/**
	 * Whether the file system lets this process write into the directory at {@code index}
	 * (false when missing).
	 */
	public boolean writableOnDisk(int index) {
		return Files.isWritable(Path.of(state().directories().get(index)));
	}

}
