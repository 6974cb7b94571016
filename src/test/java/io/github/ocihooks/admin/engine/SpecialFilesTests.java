package io.github.ocihooks.admin.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * FIFOs, devices and oversized files in a hook directory: reported, never opened or read
 * whole.
 */
class SpecialFilesTests {

	@TempDir
	Path root;

	@Test
	void aFifoIsReportedAsHangingTheRuntimeWithoutBeingOpened() throws Exception {
		TestHooks hooks = new TestHooks(this.root, 1).write(0, "a.json",
				TestHooks.hook("/bin/sh", "{\"always\": true}", "prestart"));
		Path fifo = hooks.dir(0).resolve("fifo.json");
		Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
		assertThat(mkfifo.waitFor()).isZero();
		Snapshot snapshot = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> hooks.snapshot());
		FileState state = state(snapshot, "fifo.json");
		assertThat(state.status()).isEqualTo(Status.INVALID);
		assertThat(state.blocksRuntime()).isTrue();
		assertThat(state.problems()).anySatisfy(p -> {
			assertThat(p.code()).isEqualTo("special-file");
			assertThat(p.message()).contains("FIFO").contains("container creation would hang");
		});
		assertThat(state(snapshot, "a.json").status()).isEqualTo(Status.ACTIVE);
	}

	@Test
	void aSymlinkToDevZeroIsReportedWithoutReadingIt() throws Exception {
		TestHooks hooks = new TestHooks(this.root, 1).write(0, "a.json", "{}");
		Files.createSymbolicLink(hooks.dir(0).resolve("zero.json"), Path.of("/dev/zero"));
		long before = usedHeap();
		Snapshot snapshot = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> hooks.snapshot());
		assertThat(usedHeap() - before).isLessThan(256L << 20);
		FileState state = state(snapshot, "zero.json");
		assertThat(state.status()).isEqualTo(Status.INVALID);
		assertThat(state.problems()).anySatisfy(p -> {
			assertThat(p.code()).isEqualTo("special-file");
			assertThat(p.message()).contains("a device").contains("/dev/zero");
		});
	}

	@Test
	void aFileOverTheSizeCapIsNotEvaluatedAndSaysSo() throws Exception {
		TestHooks hooks = new TestHooks(this.root, 1).write(0, "a.json", "{}");
		Files.write(hooks.dir(0).resolve("big.json"), new byte[HookLoader.MAX_FILE_SIZE + 1]);
		// A symbolic link to a regular file is read as the runtime reads it.
		Files.createSymbolicLink(hooks.dir(0).resolve("link.json"), hooks.dir(0).resolve("a.json"));
		Snapshot snapshot = hooks.snapshot();
		FileState big = state(snapshot, "big.json");
		assertThat(big.problems()).anySatisfy(p -> {
			assertThat(p.code()).isEqualTo("file-too-large");
			assertThat(p.message()).contains("1048577 bytes").contains("not evaluated");
		});
		assertThat(state(snapshot, "link.json").problems())
			.noneSatisfy(p -> assertThat(p.code()).isIn("special-file", "file-too-large"));
	}

	private static FileState state(Snapshot snapshot, String name) {
		return snapshot.resolution()
			.files()
			.stream()
			.filter(s -> s.file().name().equals(name))
			.findFirst()
			.orElseThrow();
	}

	private static long usedHeap() {
		Runtime rt = Runtime.getRuntime();
		return rt.totalMemory() - rt.freeMemory();
	}

}
