package io.github.ocihooks.admin.podman;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * podman's two fixed hook directories ({@code hooks.DefaultDir},
 * {@code hooks.OverrideDir}), which some situations must write to. The test never moves
 * or edits an administrator's hooks: it uses the directories only when each is missing or
 * empty (a fresh CI machine), empties them between situations, and afterwards removes
 * every directory it created (an empty directory that existed before is left, empty).
 */
final class FixedHookDirs implements AutoCloseable {

	static final List<Path> DIRS = List.of(Path.of(EnginePredictor.DEFAULT_DIR), Path.of(EnginePredictor.OVERRIDE_DIR));

	private final List<Path> created = new ArrayList<>();

	private final String unusable;

	private final Thread shutdownHook = new Thread(this::restoreQuietly, "real-podman-fixed-dirs");

	FixedHookDirs() throws IOException {
		String reason = null;
		for (Path dir : DIRS) {
			if (Files.exists(dir)) {
				try (Stream<Path> s = Files.list(dir)) {
					if (s.findAny().isPresent()) {
						reason = dir + " holds hook files of this host: the situations that need podman's fixed "
								+ "directories are skipped rather than touch them";
					}
				}
			}
		}
		this.unusable = reason;
		if (reason == null) {
			Runtime.getRuntime().addShutdownHook(this.shutdownHook);
			for (Path dir : DIRS) {
				List<Path> missing = new ArrayList<>();
				for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
					missing.add(0, p);
				}
				Files.createDirectories(dir);
				this.created.addAll(missing);
			}
		}
	}

	/** Why the fixed directories cannot be used, or null. */
	String unusable() {
		return this.unusable;
	}

	/** Empties both directories (only ever holding what this test wrote). */
	void clear() throws IOException {
		for (Path dir : DIRS) {
			if (!Files.isDirectory(dir)) {
				continue;
			}
			try (Stream<Path> s = Files.list(dir)) {
				for (Path p : s.toList()) {
					Files.delete(p);
				}
			}
		}
	}

	@Override
	public void close() throws IOException {
		if (this.unusable == null) {
			restore();
			try {
				Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
			}
			catch (IllegalStateException ex) {
				// shutting down already
			}
		}
	}

	private void restore() throws IOException {
		clear();
		List<Path> dirs = new ArrayList<>(this.created);
		dirs.sort(Comparator.comparingInt(Path::getNameCount).reversed());
		for (Path p : dirs) {
			Files.deleteIfExists(p);
		}
		this.created.clear();
	}

	private void restoreQuietly() {
		try {
			restore();
		}
		catch (IOException ex) {
			System.err.println("RealPodmanIT: could not restore " + DIRS + ": " + ex);
		}
	}

}
