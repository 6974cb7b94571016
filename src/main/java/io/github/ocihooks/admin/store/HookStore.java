package io.github.ocihooks.admin.store;

import java.time.Clock;
import java.util.List;
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
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The hook directories on disk, as one immutable {@link Snapshot} at a time. Readers take the current snapshot and
 * never wait; a reload builds a new one aside and swaps it in atomically.
 */
@Component
public class HookStore {

	private static final Logger logger = LoggerFactory.getLogger(HookStore.class);

	private final List<String> directories;

	private final List<String> extensionStages;

	private final HookLoader loader;

	private final Clock clock;

	private final AtomicReference<Snapshot> current = new AtomicReference<>();

	private final AtomicLong generations = new AtomicLong();

	private final ReentrantLock reloading = new ReentrantLock();

	@Autowired
	HookStore(HooksProperties properties) {
		this(properties, ExecutableProbe.fileSystem(), Clock.systemUTC());
	}

	HookStore(HooksProperties properties, ExecutableProbe probe, Clock clock) {
		this.directories = properties.directories().stream().map(Object::toString).toList();
		this.extensionStages = List.copyOf(properties.extensionStages());
		this.loader = new HookLoader(probe);
		this.clock = clock;
	}

	/** The current snapshot (loading it first if nothing was loaded yet). */
	public Snapshot snapshot() {
		Snapshot snapshot = this.current.get();
		return (snapshot != null) ? snapshot : reload();
	}

	/** Rescans every directory now and makes the result current. */
	public Snapshot reload() {
		this.reloading.lock();
		try {
			List<DirectoryScan> scans = this.loader.scan(this.directories);
			Snapshot snapshot = new Snapshot(this.generations.incrementAndGet(), this.clock.instant(), scans,
					this.extensionStages);
			this.current.set(snapshot);
			if (snapshot.resolution().loadError() != null) {
				logger.warn("Hook directories reloaded (generation {}): the runtime would refuse every container: {}",
						snapshot.generation(), snapshot.resolution().loadError().message());
			}
			else {
				logger.debug("Hook directories reloaded (generation {})", snapshot.generation());
			}
			return snapshot;
		}
		finally {
			this.reloading.unlock();
		}
	}

	public List<String> directories() {
		return this.directories;
	}

	public List<String> extensionStages() {
		return this.extensionStages;
	}

	@EventListener(ApplicationReadyEvent.class)
	void loadAtStart() {
		Snapshot s = reload();
		logger.info("Loaded {} hook directories: {} files", s.directories().size(),
				s.directories().stream().mapToInt(d -> d.files().size()).sum());
	}

}
