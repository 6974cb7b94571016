package io.github.ocihooks.admin.store;

import io.github.ocihooks.admin.engine.Snapshot;

/**
 * Published after a new snapshot became current.
 *
 * @param previous the snapshot before, or null at the first load
 * @param current the new snapshot
 * @param cause what triggered it: {@code startup}, {@code reload} (asked for),
 * {@code watch}, {@code poll}, {@code rescan} (periodic) or {@code write} (a change made
 * through this service)
 */
public record SnapshotChangedEvent(Snapshot previous, Snapshot current, String cause) {
}
