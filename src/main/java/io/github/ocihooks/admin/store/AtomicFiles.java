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
 * Writes that never leave a torn file: the content goes to a temporary file in the same
 * directory (named {@code .oha-RANDOM.tmp}, short so that every target name up to the
 * file system's 255 bytes can be written, and ignored by the runtime because it does not
 * end in {@code .json}), is flushed to disk, gets its mode (0644 for hook files, 0600 for
 * the state directory's files), and is renamed over the target, after which the directory
 * entry is flushed too. A failure at any point, even a kill, leaves either the old file
 * or the new one, and at worst a temporary file that start-up recovery removes
 * ({@link #isLeftover}).
 */
public final class AtomicFiles {

	static final Set<PosixFilePermission> MODE_0644 = PosixFilePermissions.fromString("rw-r--r--");

	/** Files of the state directory: they hold hook contents and user names. */
	public static final Set<PosixFilePermission> MODE_0600 = PosixFilePermissions.fromString("rw-------");

	/**
	 * Prefix of every temporary file: short, hidden, and never ending in {@code .json}.
	 */
	static final String TEMPORARY_PREFIX = ".oha-";

	public static final String TEMPORARY_SUFFIX = ".tmp";

	/**
	 * Called between the temporary write and the rename; tests use it to simulate a
	 * crash.
	 */
	interface Interruption {

		void beforeRename(Path temporary) throws IOException;

	}

	private AtomicFiles() {
	}

	/**
	 * Writes {@code content} to {@code target} atomically with mode 0600: the state
	 * directory's files (kept versions) hold hook contents and user names.
	 */
	public static void writePrivate(Path target, byte[] content) throws IOException {
		write(target, content, MODE_0600, null);
	}

	/**
	 * Gives an existing state-directory file mode 0600 (files of earlier versions were
	 * 0644); true when changed.
	 */
	public static boolean makePrivate(Path file) throws IOException {
		try {
			if (!Files.getPosixFilePermissions(file, java.nio.file.LinkOption.NOFOLLOW_LINKS).equals(MODE_0600)) {
				Files.setPosixFilePermissions(file, MODE_0600);
				return true;
			}
		}
		catch (UnsupportedOperationException ex) {
			// Not a POSIX file system.
		}
		return false;
	}

	static void write(Path target, byte[] content, Interruption interruption) throws IOException {
		write(target, content, MODE_0644, interruption);
	}

	static void write(Path target, byte[] content, Set<PosixFilePermission> mode, Interruption interruption)
			throws IOException {
		Path dir = target.getParent();
		Path temporary = Files.createTempFile(dir, TEMPORARY_PREFIX, TEMPORARY_SUFFIX);
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
				Files.setPosixFilePermissions(temporary, mode);
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

	/**
	 * fsync of the directory, so that the rename or removal itself survives a power loss.
	 */
	static void syncDirectory(Path dir) {
		try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// Some file systems refuse to open or sync a directory; the rename is still
			// atomic.
		}
	}

	/**
	 * Leftovers of writes that were killed before their rename: {@code .oha-DIGITS.tmp},
	 * and {@code .NAME.json.DIGITS.tmp} of earlier versions of this service.
	 */
	public static boolean isLeftover(String fileName) {
		if (!fileName.endsWith(TEMPORARY_SUFFIX)) {
			return false;
		}
		return fileName.startsWith(TEMPORARY_PREFIX) || (fileName.startsWith(".") && fileName.contains(".json."));
	}

	/**
	 * A temporary file of this process may be a write in progress (requests can arrive
	 * before start-up recovery).
	 */
	public static boolean olderThanThisProcess(Path file) throws IOException {
		long started = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
		return Files.getLastModifiedTime(file, java.nio.file.LinkOption.NOFOLLOW_LINKS).toMillis() < started;
	}

}
