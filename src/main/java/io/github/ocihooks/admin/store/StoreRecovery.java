package io.github.ocihooks.admin.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

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
 * Start-up recovery after a crash: removes the temporary files of writes killed before their rename, and settles the
 * audit log's pending entries by looking at which content is on disk. Runs before any other application runner.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class StoreRecovery implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(StoreRecovery.class);

	private final HookDirectories directories;

	private final AuditLog audit;

	StoreRecovery(HookDirectories directories, AuditLog audit) {
		this.directories = directories;
		this.audit = audit;
	}

	@Override
	public void run(ApplicationArguments args) {
		recover();
	}

	void recover() {
		removeLeftovers();
		this.audit.recover((directory, name) -> {
			try {
				return HookLoader.sha256(HookLoader.readRegularFile(Path.of(directory, name)));
			}
			catch (IOException ex) {
				return null;
			}
		});
	}

	/** Removes temporary files of writes that were killed before their rename. */
	private void removeLeftovers() {
		for (Path dir : this.directories.configuredWritable()) {
			try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
				for (Path p : stream) {
					if (AtomicFiles.isLeftover(p.getFileName().toString())
							&& Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
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
