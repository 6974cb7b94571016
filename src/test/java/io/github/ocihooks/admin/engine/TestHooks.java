package io.github.ocihooks.admin.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lays out real hook directories in a temp folder and previews them through the engine.
 */
final class TestHooks {

	static final List<String> PODMAN = List.of("precreate", "poststop");

	private final List<Path> dirs = new ArrayList<>();

	TestHooks(Path root, int directories) {
		for (int i = 0; i < directories; i++) {
			this.dirs.add(root.resolve("d" + i));
		}
	}

	Path dir(int i) {
		return this.dirs.get(i);
	}

	TestHooks write(int dir, String name, String content) {
		try {
			Files.createDirectories(this.dirs.get(dir));
			Files.writeString(this.dirs.get(dir).resolve(name), content, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this;
	}

	/** A valid 1.0.0 definition. */
	static String hook(String path, String when, String... stages) {
		StringBuilder s = new StringBuilder("[");
		for (int i = 0; i < stages.length; i++) {
			s.append(i > 0 ? ", " : "").append('"').append(stages[i]).append('"');
		}
		return "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"" + path + "\"}, \"when\": " + when + ", \"stages\": "
				+ s.append(']') + "}";
	}

	Snapshot snapshot() {
		return snapshot(PODMAN);
	}

	Snapshot snapshot(List<String> extensionStages) {
		List<DirectoryScan> scans = new HookLoader(ExecutableProbe.fileSystem())
			.scan(this.dirs.stream().map(Path::toString).toList());
		return new Snapshot(1, Instant.EPOCH, scans, extensionStages);
	}

	static PreviewResult preview(Snapshot snapshot, List<String> args, Map<String, String> annotations,
			boolean bindMounts) {
		ContainerConfig config = new ContainerConfig(args != null, (args != null) ? args : List.of(), annotations,
				List.of(), false, Map.of());
		return HookPreview.preview(snapshot,
				new PreviewInput(config, annotations, bindMounts, snapshot.extensionStages()));
	}

	static FileState state(Snapshot snapshot, int dir, String name) {
		return snapshot.resolution()
			.files()
			.stream()
			.filter(f -> f.file().directoryIndex() == dir && f.name().equals(name))
			.findFirst()
			.orElseThrow();
	}

}
