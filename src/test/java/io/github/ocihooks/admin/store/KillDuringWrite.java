package io.github.ocihooks.admin.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link AtomicFilesTests}: starts an atomic write and kills its
 * own process (halt, no shutdown hooks, like SIGKILL) after the temporary file is written
 * and flushed, before the rename.
 */
public final class KillDuringWrite {

	private KillDuringWrite() {
	}

	public static void main(String[] args) throws Exception {
		AtomicFiles.write(Path.of(args[0]), args[1].getBytes(StandardCharsets.UTF_8),
				temporary -> Runtime.getRuntime().halt(137));
	}

}
