package io.github.ocihooks.admin.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes that never leave a torn file: the content goes to a temporary file in the same directory (named
 * {@code .NAME.RANDOM.tmp}, which the runtime ignores because it does not end in {@code .json}), is flushed to disk,
 * gets mode 0644, and is renamed over the target, after which the directory entry is flushed too. A failure at any
 * point, even a kill, leaves either the old file or the new one.
 */
public final class AtomicFiles {

	static final Set<PosixFilePermission> MODE_0644 = PosixFilePermissions.fromString("rw-r--r--");

	/** Called between the temporary write and the rename; tests use it to simulate a crash. */
	interface Interruption {

		void beforeRename(Path temporary) throws IOException;

	}

	private AtomicFiles() {
	}

	/** Writes {@code content} to {@code target} atomically (the history keeps its versions so). */
	public static void write(Path target, byte[] content) throws IOException {
		write(target, content, null);
	}

	static void write(Path target, byte[] content, Interruption interruption) throws IOException {
		Path dir = target.getParent();
		Path temporary = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
		boolean renamed = false;
		try {
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
					StandardOpenOption.TRUNCATE_EXISTING)) {
				ByteBuffer buffer = ByteBuffer.wrap(content);
				while (buffer.hasRemaining()) {
					channel.write(buffer);
				}
				channel.force(true);
			}
			try {
				Files.setPosixFilePermissions(temporary, MODE_0644);
			}
			catch (UnsupportedOperationException ex) {
				// Not a POSIX file system: keep the default mode.
			}
			if (interruption != null) {
				interruption.beforeRename(temporary);
			}
			Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			renamed = true;
			syncDirectory(dir);
		}
		finally {
			if (!renamed) {
				Files.deleteIfExists(temporary);
			}
		}
	}

	static void delete(Path target) throws IOException {
		Files.delete(target);
		syncDirectory(target.getParent());
	}

	/** fsync of the directory, so that the rename or removal itself survives a power loss. */
	static void syncDirectory(Path dir) {
		try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// Some file systems refuse to open or sync a directory; the rename is still atomic.
		}
	}

	/** Leftovers of writes that were killed before their rename: {@code .NAME.json.DIGITS.tmp}. */
	static boolean isLeftover(String fileName) {
		return fileName.startsWith(".") && fileName.endsWith(".tmp") && fileName.contains(".json.");
	}

}
