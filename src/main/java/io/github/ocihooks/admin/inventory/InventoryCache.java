package io.github.ocihooks.admin.inventory;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.github.ocihooks.admin.engine.Snapshot;

import org.springframework.stereotype.Component;

/**
 * What the dashboard's long pages derive from a whole snapshot (every row, the
 * collisions), computed once per snapshot generation and kept until the next one: paging
 * through 20,000 files then costs one slice per page, not a pass over every file.
 */
@Component
public class InventoryCache {

	private record Rows(long generation, List<String> directoryIds, List<HookRow> rows) {
	}

	private record CachedCollisions(long generation, Collisions collisions) {
	}

	private final AtomicReference<Rows> rows = new AtomicReference<>();

	private final AtomicReference<CachedCollisions> collisions = new AtomicReference<>();

	/** Every file's row ({@link HookCatalog#rows(Snapshot, List)}) of this snapshot. */
	public List<HookRow> rows(Snapshot snapshot, List<String> directoryIds) {
		Rows cached = this.rows.get();
		if (cached == null || cached.generation() != snapshot.generation()
				|| !cached.directoryIds().equals(directoryIds)) {
			cached = new Rows(snapshot.generation(), List.copyOf(directoryIds),
					List.copyOf(HookCatalog.rows(snapshot, directoryIds)));
			this.rows.set(cached);
		}
		return cached.rows();
	}

	/** {@link Collisions#of} this snapshot. */
	public Collisions collisions(Snapshot snapshot) {
		CachedCollisions cached = this.collisions.get();
		if (cached == null || cached.generation() != snapshot.generation()) {
			cached = new CachedCollisions(snapshot.generation(), Collisions.of(snapshot));
			this.collisions.set(cached);
		}
		return cached.collisions();
	}

}
