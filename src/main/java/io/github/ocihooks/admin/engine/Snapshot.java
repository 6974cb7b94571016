package io.github.ocihooks.admin.engine;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An immutable view of the hook directories at one moment: every file as read,
 * precompiled, plus how the runtime resolves them for the configured extension stages.
 * Resolutions for other extension stages (a preview may ask for CRI-O's none instead of
 * podman's two), another {@link LoadMode} or another {@link GoRelease} are computed on
 * demand from the same scan and kept.
 */
public final class Snapshot {

	private static final int MAX_CACHED_RESOLUTIONS = 16;

	private final long generation;

	private final Instant loadedAt;

	private final List<DirectoryScan> directories;

	private final List<String> extensionStages;

	private final Resolution resolution;

	private final Map<Key, Resolution> others = new ConcurrentHashMap<>();

	private record Key(Set<String> extensionStages, LoadMode loadMode, GoRelease go) {
	}

	public Snapshot(long generation, Instant loadedAt, List<DirectoryScan> directories, List<String> extensionStages) {
		this.generation = generation;
		this.loadedAt = loadedAt;
		this.directories = List.copyOf(directories);
		this.extensionStages = List.copyOf(extensionStages);
		this.resolution = new Resolution(this.directories, this.extensionStages);
	}

	public long generation() {
		return this.generation;
	}

	public Instant loadedAt() {
		return this.loadedAt;
	}

	public List<DirectoryScan> directories() {
		return this.directories;
	}

	public List<String> extensionStages() {
		return this.extensionStages;
	}

	/** The resolution for the configured extension stages. */
	public Resolution resolution() {
		return this.resolution;
	}

	/**
	 * The resolution for the given extension stages, all directories loaded at once
	 * ({@link LoadMode#MERGED}).
	 */
	public Resolution resolution(Collection<String> extensionStages) {
		return resolution(extensionStages, LoadMode.MERGED);
	}

	/**
	 * The resolution for the given extension stages and the consumer's way of loading the
	 * directories.
	 */
	public Resolution resolution(Collection<String> extensionStages, LoadMode loadMode) {
		return resolution(extensionStages, loadMode, GoRelease.LATEST);
	}

	/**
	 * The resolution for the given extension stages, way of loading the directories and
	 * the Go release the consumer was built with (which decides some files' validity and
	 * error texts, see {@link GoRelease}).
	 */
	public Resolution resolution(Collection<String> extensionStages, LoadMode loadMode, GoRelease go) {
		Set<String> stages = new TreeSet<>(extensionStages);
		if (loadMode == LoadMode.MERGED && go.equals(GoRelease.LATEST)
				&& stages.equals(new TreeSet<>(this.extensionStages))) {
			return this.resolution;
		}
		Key key = new Key(stages, loadMode, go);
		Resolution cached = this.others.get(key);
		if (cached != null) {
			return cached;
		}
		Resolution computed = Resolution.of(this.directories, stages, loadMode, go);
		if (this.others.size() < MAX_CACHED_RESOLUTIONS) {
			this.others.putIfAbsent(key, computed);
		}
		return computed;
	}

	/**
	 * A new snapshot that reuses unchanged scans: only the given directories were read
	 * again.
	 */
	public Snapshot with(long generation, Instant loadedAt, List<DirectoryScan> directories) {
		return new Snapshot(generation, loadedAt, directories, this.extensionStages);
	}

}
