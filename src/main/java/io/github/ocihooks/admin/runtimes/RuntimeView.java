package io.github.ocihooks.admin.runtimes;

import java.util.List;

import io.github.ocihooks.admin.engine.Resolution;
import io.github.ocihooks.admin.engine.RuntimeError;
import io.github.ocihooks.admin.engine.Snapshot;
import io.github.ocihooks.admin.profiles.RuntimeProfile;
import org.jspecify.annotations.Nullable;

/**
 * One runtime's reading of the hook directories.
 *
 * @param profile the runtime
 * @param snapshot the scans of its directories only, in its order (the files are the
 * store's, read once)
 * @param resolution what its {@code hooks.New} makes of them, with its load mode and
 * extension stages
 * @param verdict works, refuses every container, fails to start, or no hooks
 * @param why one sentence: what happens and why
 * @param culprits the files (or directories) responsible for a verdict other than
 * {@link Verdict#WORKS}
 */
public record RuntimeView(RuntimeProfile profile, Snapshot snapshot, Resolution resolution, Verdict verdict, String why,
		List<RuntimeError.FileError> culprits) {

	public RuntimeView {
		culprits = List.copyOf(culprits);
	}

	/** The runtime's load error, or null. */
	public @Nullable RuntimeError loadError() {
		return this.resolution.loadError();
	}

}
