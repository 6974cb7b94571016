package io.github.ocihooks.admin.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import io.github.ocihooks.admin.directories.HookDirectories;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Start-up recovery after a crash: removes the temporary files of writes killed before
 * their rename. Runs before any other application runner, like the audit log's own
 * recovery ({@code history.AuditRecovery}), which settles its pending entries by looking
 * at which content is on disk.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class StoreRecovery implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(StoreRecovery.class);

	private final HookDirectories directories;

	StoreRecovery(HookDirectories directories) {
		this.directories = directories;
	}

	@Override
	public void run(ApplicationArguments args) {
		recover();
	}

	void recover() {
		removeLeftovers();
	}

	/** Removes temporary files of writes that were killed before their rename. */
	private void removeLeftovers() {
		for (Path dir : this.directories.configuredWritable()) {
			try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
				for (Path p : stream) {
					if (AtomicFiles.isLeftover(p.getFileName().toString())
							&& Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
							&& AtomicFiles.olderThanThisProcess(p)) {
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
