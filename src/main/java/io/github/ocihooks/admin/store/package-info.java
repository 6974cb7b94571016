/**
 * The hook directories on disk: the snapshot, the watcher, and the one audited write path
 * (lock, precondition, audit, history, atomic change, refresh).
 */
@NullMarked
package io.github.ocihooks.admin.store;

import org.jspecify.annotations.NullMarked;
