package io.github.ocihooks.admin.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Writes never leave a torn file, even when the process dies between the temporary write
 * and the rename.
 */
class AtomicFilesTests {

	@TempDir
	Path dir;

	@Test
	void aKilledWriterLeavesTheOldFileAndALeftoverTheRuntimeIgnores() throws Exception {
		Path target = this.dir.resolve("hook.json");
		Files.writeString(target, "{\"old\": true}\n");
		byte[] before = Files.readAllBytes(target);
		Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), KillDuringWrite.class.getName(), target.toString(),
				"{\"new\": true}\n")
			.redirectErrorStream(true)
			.start();
		assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(child.exitValue()).as(new String(child.getInputStream().readAllBytes())).isEqualTo(137);
		assertThat(Files.readAllBytes(target)).isEqualTo(before);
		List<String> names;
		try (var list = Files.list(this.dir)) {
			names = list.map(p -> p.getFileName().toString()).toList();
		}
		assertThat(names).contains("hook.json").hasSize(2);
		String leftover = names.stream().filter(n -> !n.equals("hook.json")).findFirst().orElseThrow();
		assertThat(leftover).startsWith(".oha-").endsWith(".tmp").doesNotEndWith(".json");
		assertThat(AtomicFiles.isLeftover(leftover)).isTrue();
	}

	@Test
	void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
		Path target = this.dir.resolve("hook.json");
		Files.writeString(target, "old");
		assertThatThrownBy(() -> AtomicFiles.write(target, "new".getBytes(), t -> {
			throw new IOException("disk full");
		})).hasMessage("disk full");
		assertThat(Files.readString(target)).isEqualTo("old");
		try (var list = Files.list(this.dir)) {
			assertThat(list).hasSize(1);
		}
	}

	@Test
	void namesUpTo255BytesCanBeWritten() throws Exception {
		// The temporary name is short whatever the target's: .NAME.RANDOM.tmp did not fit
		// for names over 230 bytes.
		Path target = this.dir.resolve("a".repeat(250) + ".json");
		AtomicFiles.write(target, "x".getBytes(), null);
		assertThat(Files.readString(target)).isEqualTo("x");
		assertThat(AtomicFiles.isLeftover(".oha-123.tmp")).isTrue();
		assertThat(AtomicFiles.isLeftover(".a.json.123.tmp")).isTrue();
		assertThat(AtomicFiles.isLeftover("a.json")).isFalse();
		assertThat(AtomicFiles.isLeftover(".oha-1.json")).isFalse();
	}

	@Test
	void writesReplaceAtomicallyWithMode0644() throws Exception {
		Path target = this.dir.resolve("hook.json");
		AtomicFiles.write(target, "one".getBytes(), null);
		AtomicFiles.write(target, "two".getBytes(), null);
		assertThat(Files.readString(target)).isEqualTo("two");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r--r--");
	}

}
