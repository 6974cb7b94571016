package io.github.ocihooks.admin.store;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.github.ocihooks.admin.config.HooksProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps the {@link HookStore} current with what others do on disk (packages, config
 * management, editors).
 * <p>
 * With inotify (the JDK's WatchService on Linux) it watches every configured directory
 * that exists and the parent of each, and for a directory that does not exist yet the
 * nearest existing ancestor, so that creating, removing or renaming a hook directory is
 * noticed too. Events are debounced: a burst of changes becomes one incremental refresh
 * that re-reads only the files named by the events. Where inotify is not available (or
 * {@code hooks.watch.mode=poll}) the directories' listings are compared every
 * {@code poll-interval} instead. Independently, every {@code full-rescan-interval} all
 * directories are rescanned, which also notices hook executables installed or removed
 * elsewhere; a rescan that finds nothing new does not make a new snapshot.
 * <p>
 * Above 250 lines because inotify, polling, debouncing and the periodic rescan share one
 * thread and one state.
 */
@Component
class DirectoryWatcher implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(DirectoryWatcher.class);

	private final HookStore store;

	private final HooksProperties.Watch settings;

	private volatile List<Path> directories;

	private final Map<WatchKey, Path> keys = new ConcurrentHashMap<>();

	private final Object lock = new Object();

	private final Map<Integer, Set<String>> changed = new HashMap<>();

	private final Set<Integer> rescan = new HashSet<>();

	private long firstPending;

	private ScheduledFuture<?> flush;

	private ScheduledExecutorService scheduler;

	private WatchService service;

	private Thread thread;

	private volatile boolean running;

	private Map<Integer, Map<String, String>> polled;

	DirectoryWatcher(HookStore store, HooksProperties properties) {
		this.store = store;
		this.settings = properties.watch();
		this.directories = store.directories().stream().map(d -> Path.of(d).toAbsolutePath().normalize()).toList();
	}

	@Override
	public void start() {
		this.running = true;
		if (this.settings.mode() == HooksProperties.Watch.Mode.OFF) {
			logger.info("Watching hook directories is off (hooks.watch.mode=off)");
			return;
		}
		this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "hooks-watch-refresh");
			t.setDaemon(true);
			return t;
		});
		HooksProperties.Watch.Mode mode = this.settings.mode();
		if (mode == HooksProperties.Watch.Mode.INOTIFY) {
			try {
				this.service = FileSystems.getDefault().newWatchService();
				resync();
				this.thread = new Thread(this::loop, "hooks-watch");
				this.thread.setDaemon(true);
				this.thread.start();
				logger.info("Watching {} hook directories (debounce {})", this.directories.size(),
						this.settings.debounce());
			}
			catch (IOException ex) {
				logger.warn("Cannot watch the hook directories ({}); polling every {} instead", ex.getMessage(),
						this.settings.pollInterval());
				mode = HooksProperties.Watch.Mode.POLL;
			}
		}
		if (mode == HooksProperties.Watch.Mode.POLL) {
			this.polled = listings();
			long every = Math.max(100, this.settings.pollInterval().toMillis());
			this.scheduler.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
			logger.info("Polling {} hook directories every {}", this.directories.size(), this.settings.pollInterval());
		}
		// Anything created between the first load and the start of watching (the demo
		// profile seeds its
		// directories then) would otherwise wait for the periodic rescan.
		this.scheduler.execute(() -> {
			try {
				this.store.reload("rescan");
			}
			catch (RuntimeException ex) {
				logger.warn("Rescanning the hook directories after starting to watch failed", ex);
			}
		});
		long full = this.settings.fullRescanInterval().toMillis();
		if (full > 0) {
			this.scheduler.scheduleWithFixedDelay(this::fullRescan, full, full, TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * The store manages other directories (a reload detected other runtime profiles):
	 * watch those from now on. Pending changes are dropped: the store has just scanned
	 * everything.
	 */
	@org.springframework.context.event.EventListener
	void onSnapshotChanged(SnapshotChangedEvent event) {
		List<Path> now = this.store.directories().stream().map(d -> Path.of(d).toAbsolutePath().normalize()).toList();
		if (now.equals(this.directories)) {
			return;
		}
		synchronized (this.lock) {
			this.directories = now;
			this.changed.clear();
			this.rescan.clear();
			if (this.polled != null) {
				this.polled = listings();
			}
			if (this.service != null) {
				try {
					resync();
				}
				catch (IOException ex) {
					logger.warn("Watching the new hook directories failed", ex);
				}
			}
		}
		logger.info("Watching {} hook directories now: {}", now.size(), now);
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.service != null) {
			try {
				this.service.close();
			}
			catch (IOException ex) {
				logger.debug("Closing the watch service", ex);
			}
		}
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void loop() {
		while (this.running) {
			WatchKey key;
			try {
				key = this.service.take();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (ClosedWatchServiceException ex) {
				return;
			}
			try {
				handle(key);
			}
			catch (RuntimeException ex) {
				logger.warn("Handling a change in the hook directories failed; rescanning", ex);
				synchronized (this.lock) {
					for (int i = 0; i < this.directories.size(); i++) {
						this.rescan.add(i);
					}
					schedule();
				}
			}
		}
	}

	private void handle(WatchKey key) {
		Path watched = this.keys.get(key);
		List<WatchEvent<?>> events = key.pollEvents();
		boolean valid = key.reset();
		if (watched == null) {
			return;
		}
		synchronized (this.lock) {
			for (WatchEvent<?> event : events) {
				if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
					for (int i = 0; i < this.directories.size(); i++) {
						if (this.directories.get(i).startsWith(watched)) {
							this.rescan.add(i);
						}
					}
					continue;
				}
				Path child = watched.resolve((Path) event.context());
				for (int i = 0; i < this.directories.size(); i++) {
					Path dir = this.directories.get(i);
					if (dir.equals(watched)) {
						this.changed.computeIfAbsent(i, k -> new LinkedHashSet<>()).add(event.context().toString());
					}
					else if (dir.startsWith(child)) {
						// The directory itself (or one above it) was created, removed or
						// renamed.
						this.rescan.add(i);
					}
				}
			}
			if (!valid) {
				this.keys.remove(key);
				for (int i = 0; i < this.directories.size(); i++) {
					if (this.directories.get(i).startsWith(watched)) {
						this.rescan.add(i);
					}
				}
			}
			schedule();
		}
	}

	/**
	 * Debounce: flush after a quiet {@code debounce}, but no later than {@code max-delay}
	 * after the first change.
	 */
	private void schedule() {
		if (this.changed.isEmpty() && this.rescan.isEmpty()) {
			return;
		}
		long now = System.nanoTime();
		if (this.flush == null || this.flush.isDone()) {
			this.firstPending = now;
		}
		else {
			this.flush.cancel(false);
		}
		long debounce = this.settings.debounce().toNanos();
		long latest = this.firstPending + this.settings.maxDelay().toNanos();
		long at = Math.min(now + debounce, Math.max(latest, now));
		this.flush = this.scheduler.schedule(this::flush, at - now, TimeUnit.NANOSECONDS);
	}

	private void flush() {
		Map<Integer, Set<String>> names;
		Set<Integer> full;
		synchronized (this.lock) {
			names = new HashMap<>(this.changed);
			full = new HashSet<>(this.rescan);
			this.changed.clear();
			this.rescan.clear();
		}
		if (names.isEmpty() && full.isEmpty()) {
			return;
		}
		try {
			this.store.refresh(names, full, "watch");
			if (!full.isEmpty() && this.service != null) {
				resync();
			}
		}
		catch (RuntimeException | IOException ex) {
			logger.warn("Refreshing the hook snapshot failed", ex);
		}
	}

	/** Registers what should be watched now, and forgets what should not. */
	private void resync() throws IOException {
		Set<Path> desired = new LinkedHashSet<>();
		for (Path dir : this.directories) {
			if (Files.isDirectory(dir)) {
				desired.add(dir);
				if (dir.getParent() != null) {
					desired.add(dir.getParent());
				}
			}
			else {
				Path ancestor = dir.getParent();
				while (ancestor != null && !Files.isDirectory(ancestor)) {
					ancestor = ancestor.getParent();
				}
				if (ancestor != null) {
					desired.add(ancestor);
				}
			}
		}
		for (Map.Entry<WatchKey, Path> e : new ArrayList<>(this.keys.entrySet())) {
			if (!desired.contains(e.getValue()) || !e.getKey().isValid()) {
				e.getKey().cancel();
				this.keys.remove(e.getKey());
			}
		}
		for (Path path : desired) {
			if (!this.keys.containsValue(path)) {
				try {
					WatchKey key = path.register(this.service, StandardWatchEventKinds.ENTRY_CREATE,
							StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
					this.keys.put(key, path);
				}
				catch (IOException ex) {
					logger.debug("Cannot watch {}: {}", path, ex.getMessage());
				}
			}
		}
	}

	private void poll() {
		try {
			Map<Integer, Map<String, String>> now = listings();
			Map<Integer, Set<String>> names = new HashMap<>();
			Set<Integer> full = new HashSet<>();
			for (int i = 0; i < this.directories.size(); i++) {
				Map<String, String> before = this.polled.get(i);
				Map<String, String> after = now.get(i);
				if ((before == null) != (after == null)) {
					full.add(i);
					continue;
				}
				if (before == null) {
					continue;
				}
				Set<String> all = new HashSet<>(before.keySet());
				all.addAll(after.keySet());
				for (String name : all) {
					if (!Objects.equals(before.get(name), after.get(name))) {
						names.computeIfAbsent(i, k -> new HashSet<>()).add(name);
					}
				}
			}
			this.polled = now;
			if (!names.isEmpty() || !full.isEmpty()) {
				this.store.refresh(names, full, "poll");
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Polling the hook directories failed", ex);
		}
	}

	/**
	 * Per directory index: name to size+mtime+inode, or null when the directory cannot be
	 * listed.
	 */
	private Map<Integer, Map<String, String>> listings() {
		Map<Integer, Map<String, String>> out = new HashMap<>();
		for (int i = 0; i < this.directories.size(); i++) {
			Map<String, String> entries = new HashMap<>();
			try (DirectoryStream<Path> stream = Files.newDirectoryStream(this.directories.get(i))) {
				for (Path p : stream) {
					String stamp;
					try {
						BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
						stamp = a.size() + "/" + a.lastModifiedTime().toMillis() + "/" + a.fileKey();
					}
					catch (IOException ex) {
						stamp = Files.isSymbolicLink(p) ? "dangling" : "unreadable";
					}
					if (Files.isSymbolicLink(p)) {
						try {
							stamp += "->" + Files.readSymbolicLink(p);
						}
						catch (IOException ex) {
							stamp += "->?";
						}
					}
					entries.put(p.getFileName().toString(), stamp);
				}
				out.put(i, entries);
			}
			catch (IOException ex) {
				out.put(i, null);
			}
		}
		return out;
	}

	private void fullRescan() {
		try {
			this.store.reload("rescan");
		}
		catch (RuntimeException ex) {
			logger.warn("Periodic rescan of the hook directories failed", ex);
		}
	}

}
