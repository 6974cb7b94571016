package io.github.ocihooks.admin.inventory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.ocihooks.admin.engine.ExecutableProbe;
import io.github.ocihooks.admin.engine.HookLoader;
import io.github.ocihooks.admin.engine.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The status counts the API and the dashboard show, from real directories. */
class StatusCountsTests {

	@TempDir
	Path root;

	private static String hook(String path) {
		return "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"" + path + "\"}, \"when\": {\"always\": true}, "
				+ "\"stages\": [\"prestart\"]}";
	}

	@Test
	void countsEveryStatusPerDirectoryAndInAll() throws IOException {
		Path low = Files.createDirectories(this.root.resolve("low"));
		Path high = Files.createDirectories(this.root.resolve("high"));
		Path empty = this.root.resolve("empty");
		Files.writeString(low.resolve("a.json"), hook("/bin/true"));
		Files.writeString(low.resolve("b.json"), hook("/bin/true"));
		Files.writeString(high.resolve("b.json"), hook("/bin/sh"));
		Files.writeString(high.resolve("c.json"), "{not json");
		Snapshot snapshot = new Snapshot(1, Instant.EPOCH, new HookLoader(ExecutableProbe.fileSystem())
			.scan(List.of(low.toString(), high.toString(), empty.toString())), List.of("precreate", "poststop"));

		Map<String, Integer> all = StatusCounts.of(snapshot.resolution().files());
		assertThat(all).containsEntry("active", 2).containsEntry("masked", 1).containsEntry("invalid", 1);
		assertThat(all.keySet()).startsWith("active").contains("skipped");
		assertThat(all.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(4);

		Map<Integer, Map<String, Integer>> byDirectory = StatusCounts.byDirectory(snapshot);
		assertThat(byDirectory.get(0)).containsEntry("active", 1).containsEntry("masked", 1);
		assertThat(byDirectory.get(1)).containsEntry("active", 1).containsEntry("invalid", 1);
		assertThat(byDirectory).doesNotContainKey(2);
		assertThat(StatusCounts.zero()).containsOnlyKeys(all.keySet()).allSatisfy((k, v) -> assertThat(v).isZero());
	}

}
