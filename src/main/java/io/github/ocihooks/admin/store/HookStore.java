package io.github.ocihooks.admin.store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import io.github.ocihooks.admin.config.HooksProperties;
import io.github.ocihooks.admin.engine.DirectoryScan;
import io.github.ocihooks.admin.engine.ExecutableProbe;
import io.github.ocihooks.admin.engine.HookLoader;
import io.github.ocihooks.admin.engine.Snapshot;
import io.github.ocihooks.admin.profiles.RuntimeProfiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The hook directories on disk, as one immutable {@link Snapshot} at a time. Readers take
 * the current snapshot and never wait; a reload builds a new one aside and swaps it in
 * atomically. Reloads are serialized; an incremental refresh re-reads only the files that
 * changed.
 */
@Component
public class HookStore {

	private static final Logger logger = LoggerFactory.getLogger(HookStore.class);

	private final RuntimeProfiles profiles;

	private volatile List<String> directories;

	private final List<String> extensionStages;

	private final HookLoader loader;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final AtomicReference<Snapshot> current = new AtomicReference<>();

	private final AtomicLong generations = new AtomicLong();

	private final ReentrantLock reloading = new ReentrantLock();

	@Autowired
	HookStore(HooksProperties properties, RuntimeProfiles profiles, ApplicationEventPublisher events) {
		this(properties, profiles, ExecutableProbe.fileSystem(), Clock.systemUTC(), events);
	}

	HookStore(HooksProperties properties, RuntimeProfiles profiles, ExecutableProbe probe, Clock clock,
			ApplicationEventPublisher events) {
		this.profiles = profiles;
		this.directories = managed(profiles);
		this.extensionStages = List.copyOf(properties.extensionStages());
		this.loader = new HookLoader(probe);
		this.clock = clock;
		this.events = events;
		// Loaded at construction, so that nothing ever sees "no snapshot" (the demo
		// profile seeds its directories
		// before this bean is created).
		swap(new Snapshot(this.generations.incrementAndGet(), clock.instant(), this.loader.scan(this.directories),
				this.extensionStages), "startup");
	}

	/** The current snapshot. */
	public Snapshot snapshot() {
		return this.current.get();
	}

	/** Rescans every directory now and makes the result current. */
	public Snapshot reload() {
		return reload("reload");
	}

	/**
	 * Detects the runtime profiles again (their configuration files may have changed),
	 * takes their directories as the ones this service manages, and rescans every
	 * directory.
	 */
	public Snapshot redetect() {
		this.reloading.lock();
		try {
			this.profiles.refresh();
			this.directories = managed(this.profiles);
			return reload("reload");
		}
		finally {
			this.reloading.unlock();
		}
	}

	/**
	 * The directories this service manages: every runtime profile's, each once (exactly
	 * hooks.directories if set).
	 */
	private static List<String> managed(RuntimeProfiles profiles) {
		return profiles.managedDirectories().stream().map(Object::toString).toList();
	}

	Snapshot reload(String cause) {
		this.reloading.lock();
		try {
			List<DirectoryScan> scans = this.loader.scan(this.directories);
			// A reload that finds nothing new (a rescan, a reload asked for, the watcher
			// seeing this service's own
			// write again) makes no new snapshot: the generation changes only when the
			// files did.
			if (unchanged(scans)) {
				return this.current.get();
			}
			return swap(
					new Snapshot(this.generations.incrementAndGet(), this.clock.instant(), scans, this.extensionStages),
					cause);
		}
		finally {
			this.reloading.unlock();
		}
	}

	/**
	 * Re-reads only what changed and makes the result current.
	 * @param changed per directory index, the file names that changed (created, modified,
	 * deleted, renamed)
	 * @param rescan directory indexes to scan in full (created, deleted, or too many
	 * events)
	 */
	Snapshot refresh(Map<Integer, ? extends Collection<String>> changed, Set<Integer> rescan, String cause) {
		this.reloading.lock();
		try {
			Snapshot previous = this.current.get();
			if (!previous.directories().stream().map(DirectoryScan::path).toList().equals(this.directories)) {
				// The managed directories changed since the watcher counted them: its
				// indexes mean nothing now.
				return reload(cause);
			}
			List<DirectoryScan> scans = new ArrayList<>(previous.directories());
			for (int i = 0; i < scans.size(); i++) {
				if (rescan.contains(i)) {
					scans.set(i, this.loader.scanDirectory(i, this.directories.get(i)));
				}
				else if (changed.containsKey(i)) {
					scans.set(i, this.loader.rescan(scans.get(i), changed.get(i)));
				}
			}
			if (unchanged(scans)) {
				return previous;
			}
			return swap(previous.with(this.generations.incrementAndGet(), this.clock.instant(), scans), cause);
		}
		finally {
			this.reloading.unlock();
		}
	}

	private boolean unchanged(List<DirectoryScan> scans) {
		return fingerprint(scans).equals(fingerprint(this.current.get().directories()));
	}

	/**
	 * What a scan found, for telling whether anything changed: the directories (the
	 * detected runtimes may now read others holding the same names), names, kinds,
	 * content hashes and errors.
	 */
	private static List<String> fingerprint(List<DirectoryScan> scans) {
		List<String> out = new ArrayList<>();
		for (DirectoryScan scan : scans) {
			out.add(scan.index() + "|" + scan.path() + "|" + scan.exists() + "|" + scan.error());
			for (var f : scan.files()) {
				out.add(f.name() + "|" + f.kind() + "|" + f.sha256() + "|"
						+ ((f.error() != null) ? f.error().message() : ""));
			}
		}
		return out;
	}

	private Snapshot swap(Snapshot snapshot, String cause) {
		Snapshot previous = this.current.getAndSet(snapshot);
		if (snapshot.resolution().loadError() != null) {
			logger.warn("Hook snapshot {} ({}): the runtime would refuse every container: {}", snapshot.generation(),
					cause, snapshot.resolution().loadError().message());
		}
		else {
			logger.debug("Hook snapshot {} ({})", snapshot.generation(), cause);
		}
		if (this.events != null) {
			this.events.publishEvent(new SnapshotChangedEvent(previous, snapshot, cause));
		}
		return snapshot;
	}

	/**
	 * The directories this service manages (read, watches, writes), in increasing
	 * precedence: exactly {@code hooks.directories} when set, else the union of the
	 * runtime profiles' directories as this service reads them
	 * ({@link RuntimeProfiles#directories()}). They change only when {@link #redetect()}
	 * finds other ones.
	 */
	public List<String> directories() {
		return this.directories;
	}

	public List<String> extensionStages() {
		return this.extensionStages;
	}

}
