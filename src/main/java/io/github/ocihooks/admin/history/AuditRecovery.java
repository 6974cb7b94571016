package io.github.ocihooks.admin.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.github.ocihooks.admin.engine.HookLoader;
import io.github.ocihooks.admin.store.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Start-up recovery of the state directory after a crash: removes the temporary files its
 * writers leave when killed (kept versions, the write check), gives the audit log and
 * every kept version mode 0600 (also those written by earlier versions with 0644), and
 * settles the audit log: every intent without an outcome gets one, from the content on
 * disk now. Runs before any other application runner, like the store's removal of
 * leftover temporary files.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class AuditRecovery implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(AuditRecovery.class);

	private final AuditLog audit;

	private final History history;

	AuditRecovery(AuditLog audit, History history) {
		this.audit = audit;
		this.history = history;
	}

	@Override
	public void run(ApplicationArguments args) {
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
	 * Removes the temporary files the state directory's writers leave when killed
	 * (history versions, the audit log's write check) and makes the audit log and every
	 * kept version 0600. Links are not followed.
	 */
	private void cleanStateDirectory(Path state) {
		try (Stream<Path> walk = Files.walk(state)) {
			walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).forEach(p -> {
				String name = p.getFileName().toString();
				try {
					if ((AtomicFiles.isLeftover(name) || (name.startsWith(StateDirectory.WRITE_CHECK)
							&& name.endsWith(AtomicFiles.TEMPORARY_SUFFIX))) && AtomicFiles.olderThanThisProcess(p)) {
						Files.deleteIfExists(p);
						logger.info("Removed {}, left over by an interrupted write", p);
					}
					else if ((p.equals(this.audit.file()) || p.startsWith(this.history.root()))
							&& AtomicFiles.makePrivate(p)) {
						logger.info("Made {} 0600 (it holds hook contents or user names)", p);
					}
				}
				catch (IOException ex) {
					logger.warn("Cannot clean up {}: {}", p, ex.getMessage());
				}
			});
		}
		catch (IOException | UncheckedIOException ex) {
			logger.warn("Cannot look for leftovers in {}: {}", state, ex.getMessage());
		}
	}

}
