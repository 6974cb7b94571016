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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The hook directories on disk, as one immutable {@link Snapshot} at a time. Readers take the current snapshot and
 * never wait; a reload builds a new one aside and swaps it in atomically. Reloads are serialized; an incremental
 * refresh re-reads only the files that changed.
 */
@Component
public class HookStore {

	private static final Logger logger = LoggerFactory.getLogger(HookStore.class);

	private final List<String> directories;

	private final List<String> extensionStages;

	private final HookLoader loader;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final AtomicReference<Snapshot> current = new AtomicReference<>();

	private final AtomicLong generations = new AtomicLong();

	private final ReentrantLock reloading = new ReentrantLock();

	@Autowired
	HookStore(HooksProperties properties, ApplicationEventPublisher events) {
		this(properties, ExecutableProbe.fileSystem(), Clock.systemUTC(), events);
	}

	HookStore(HooksProperties properties, ExecutableProbe probe, Clock clock, ApplicationEventPublisher events) {
		this.directories = properties.directories().stream().map(Object::toString).toList();
		this.extensionStages = List.copyOf(properties.extensionStages());
		this.loader = new HookLoader(probe);
		this.clock = clock;
		this.events = events;
		// Loaded at construction, so that nothing ever sees "no snapshot" (the demo profile seeds its directories
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

	Snapshot reload(String cause) {
		this.reloading.lock();
		try {
			List<DirectoryScan> scans = this.loader.scan(this.directories);
			// A reload that finds nothing new (a rescan, a reload asked for, the watcher seeing this service's own
			// write again) makes no new snapshot: the generation changes only when the files did.
			if (unchanged(scans)) {
				return this.current.get();
			}
			return swap(new Snapshot(this.generations.incrementAndGet(), this.clock.instant(), scans,
					this.extensionStages), cause);
		}
		finally {
			this.reloading.unlock();
		}
	}

	/**
	 * Re-reads only what changed and makes the result current.
	 * @param changed per directory index, the file names that changed (created, modified, deleted, renamed)
	 * @param rescan directory indexes to scan in full (created, deleted, or too many events)
	 */
	Snapshot refresh(Map<Integer, ? extends Collection<String>> changed, Set<Integer> rescan, String cause) {
		this.reloading.lock();
		try {
			Snapshot previous = this.current.get();
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

	/** What a scan found, for telling whether anything changed: names, kinds, content hashes and errors. */
	private static List<String> fingerprint(List<DirectoryScan> scans) {
		List<String> out = new ArrayList<>();
		for (DirectoryScan scan : scans) {
			out.add(scan.index() + "|" + scan.exists() + "|" + scan.error());
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

	/** The configured directories, in increasing precedence. */
	public List<String> directories() {
		return this.directories;
	}

	public List<String> extensionStages() {
		return this.extensionStages;
	}

}
