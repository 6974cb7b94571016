package io.github.ocihooks.admin.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.github.ocihooks.admin.directories.HookDirectories;
import io.github.ocihooks.admin.engine.HookLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Start-up recovery after a crash: removes the temporary files of writes killed before their rename (in the writable
 * hook directories and anywhere under the state directory), gives the audit log and the kept versions mode 0600 (also
 * those written by earlier versions with 0644), and settles the audit log's pending entries by looking at which
 * content is on disk. Runs before any other application runner.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class StoreRecovery implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(StoreRecovery.class);

	private final HookDirectories directories;

	private final AuditLog audit;

	private final History history;

	StoreRecovery(HookDirectories directories, AuditLog audit, History history) {
		this.directories = directories;
		this.audit = audit;
		this.history = history;
	}

	@Override
	public void run(ApplicationArguments args) {
		recover();
	}

	void recover() {
		removeLeftovers();
		cleanStateDirectory(this.audit.file().getParent());
		this.audit.recover((directory, name) -> {
			try {
				return HookLoader.sha256(HookLoader.readRegularFile(Path.of(directory, name)));
			}
			catch (IOException ex) {
				return null;
			}
		});
	}

	/**
	 * Removes the temporary files the state directory's writers leave when killed (history versions, the audit log's
	 * write check) and makes the audit log and every kept version 0600. Links are not followed.
	 */
	private void cleanStateDirectory(Path state) {
		try (Stream<Path> walk = Files.walk(state)) {
			walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).forEach(p -> {
				String name = p.getFileName().toString();
				try {
					if ((AtomicFiles.isLeftover(name) || (name.startsWith(StateDirectory.WRITE_CHECK)
							&& name.endsWith(AtomicFiles.TEMPORARY_SUFFIX))) && olderThanThisProcess(p)) {
						Files.deleteIfExists(p);
						logger.info("Removed {}, left over by an interrupted write", p);
					}
					else if (p.equals(this.audit.file()) || p.startsWith(this.history.root())) {
						privateMode(p);
					}
				}
				catch (IOException ex) {
					logger.warn("Cannot clean up {}: {}", p, ex.getMessage());
				}
			});
		}
		catch (IOException | java.io.UncheckedIOException ex) {
			logger.warn("Cannot look for leftovers in {}: {}", state, ex.getMessage());
		}
	}

	/** A temporary file of this process may be a write in progress (requests can arrive before this runner). */
	private static boolean olderThanThisProcess(Path file) throws IOException {
		long started = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
		return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis() < started;
	}

	private static void privateMode(Path file) throws IOException {
		try {
			if (!Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(AtomicFiles.MODE_0600)) {
				Files.setPosixFilePermissions(file, AtomicFiles.MODE_0600);
				logger.info("Made {} 0600 (it holds hook contents or user names)", file);
			}
		}
		catch (UnsupportedOperationException ex) {
			// Not a POSIX file system.
		}
	}

	/** Removes temporary files of writes that were killed before their rename. */
	private void removeLeftovers() {
		for (Path dir : this.directories.configuredWritable()) {
			try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
				for (Path p : stream) {
					if (AtomicFiles.isLeftover(p.getFileName().toString())
							&& Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && olderThanThisProcess(p)) {
						Files.deleteIfExists(p);
						logger.info("Removed {}, left over by an interrupted write", p);
					}
				}
			}
			catch (IOException ex) {
				logger.debug("Cannot look for leftovers in {}: {}", dir, ex.getMessage());
			}
		}
	}

}
