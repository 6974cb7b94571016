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
import io.github.ocihooks.admin.store.StoreException;

import org.springframework.stereotype.Component;

/**
 * The configured hook directories: their ids, their paths, and the one answer to "does this directory accept writes
 * through this service" ({@code hooks.writable-directories}, existence, file-system permission). The API, the pages
 * and the write path all ask here.
 */
@Component
public class HookDirectories {

	private final List<String> directories;

	private final List<String> ids;

	private final Map<String, String> idsByDirectory;

	private final Set<Path> writable;

	public HookDirectories(HooksProperties properties) {
		this.directories = properties.directories().stream().map(Object::toString).toList();
		this.ids = DirectoryIds.of(this.directories);
		Map<String, String> byDirectory = new LinkedHashMap<>();
		for (int i = 0; i < this.directories.size(); i++) {
			byDirectory.put(this.directories.get(i), this.ids.get(i));
		}
		this.idsByDirectory = Collections.unmodifiableMap(byDirectory);
		this.writable = Set.copyOf(properties.effectiveWritableDirectories()
			.stream()
			.map(p -> p.toAbsolutePath().normalize())
			.toList());
	}

	/** The configured directories as configured, in increasing precedence. */
	public List<String> paths() {
		return this.directories;
	}

	/** Each directory's id, in increasing precedence. */
	public List<String> ids() {
		return this.ids;
	}

	/** The id of the directory at {@code index}. */
	public String id(int index) {
		return this.ids.get(index);
	}

	/** Each directory's id by its path, in precedence order (for links from a file's directory to its pages). */
	public Map<String, String> idsByDirectory() {
		return this.idsByDirectory;
	}

	/**
	 * The index of a directory given by id, by path as configured or by its absolute location (as the audit log
	 * names it); {@code NOT_FOUND} when none is configured so.
	 */
	public int index(String idOrPath) {
		for (int i = 0; i < this.directories.size(); i++) {
			if (this.ids.get(i).equals(idOrPath) || this.directories.get(i).equals(idOrPath)
					|| location(i).equals(idOrPath)) {
				return i;
			}
		}
		throw new StoreException(StoreException.Kind.NOT_FOUND, "No configured hook directory \"" + idOrPath + "\"");
	}

	/** The absolute, normalized path of the directory at {@code index}. */
	public Path path(int index) {
		return Path.of(this.directories.get(index)).toAbsolutePath().normalize();
	}

	/** Where the directory at {@code index} is, absolute and normalized, for messages and pages. */
	public String location(int index) {
		return path(index).toString();
	}

	/** Where file {@code name} of the directory at {@code index} is, absolute and normalized. */
	public String location(int index, String name) {
		return path(index).resolve(name).toString();
	}

	/** The absolute, normalized paths of the directories this service may write to (they may not exist). */
	public Set<Path> configuredWritable() {
		return this.writable;
	}

	/** Whether {@code hooks.writable-directories} lets this service write into the directory at {@code index}. */
	public boolean configuredWritable(int index) {
		return this.writable.contains(path(index));
	}

	/** Whether the directory at {@code index} accepts writes now. */
	public boolean accepts(int index) {
		return refusal(index) == null;
	}

	/** Why writes to a directory are refused, or null when they are accepted. */
	public String refusal(int index) {
		Path dir = path(index);
		if (!this.writable.contains(dir)) {
			return "Directory " + dir + " does not accept writes through this service (hooks.writable-directories; "
					+ "by default only the highest-precedence directory does)";
		}
		if (!Files.isDirectory(dir)) {
			return "Directory " + dir + " does not exist";
		}
		if (!Files.isWritable(dir)) {
			return "Directory " + dir + " is not writable by this service";
		}
		return null;
	}

	/** Throws the {@code CONFLICT} refusal when the directory at {@code index} does not accept writes. */
	public void requireAccepts(int index) {
		String refusal = refusal(index);
		if (refusal != null) {
			throw new StoreException(StoreException.Kind.CONFLICT, refusal);
		}
	}

	/** (path, id) of the directories that accept writes, in precedence order. */
	public List<Map.Entry<String, String>> accepting() {
		List<Map.Entry<String, String>> out = new ArrayList<>();
		for (int i = 0; i < this.directories.size(); i++) {
			if (accepts(i)) {
				out.add(Map.entry(path(i).toString(), this.ids.get(i)));
			}
		}
		return out;
	}

	/**
	 * The directory a new definition goes to when none is named: the highest-precedence one that accepts writes, else
	 * the highest-precedence one (whose refusal then explains why nothing can be written).
	 */
	public int defaultTarget() {
		for (int i = this.directories.size() - 1; i >= 0; i--) {
			if (accepts(i)) {
				return i;
			}
		}
		return this.directories.size() - 1;
	}

	/** Whether some directory accepts writes (a new hook can be created). */
	public boolean anyAccepts() {
		return !accepting().isEmpty();
	}

	/** Whether the directory at {@code index} is missing and this service may create it. */
	public boolean creatable(int index) {
		return configuredWritable(index) && !Files.exists(path(index));
	}

	/** Whether the file system lets this process write into the directory at {@code index} (false when missing). */
	public boolean writableOnDisk(int index) {
		return Files.isWritable(Path.of(this.directories.get(index)));
	}

}
