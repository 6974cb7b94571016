package io.github.ocihooks.admin.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;

import io.github.ocihooks.admin.store.AtomicFiles;
import io.github.ocihooks.admin.config.HooksProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The state directory ({@code hooks.state-dir}) with the audit log and the history. It is
 * created if missing (mode 0700); the service refuses to start when it cannot write
 * there, because then it could not keep its promise to lose nothing.
 */
@Configuration(proxyBeanMethods = false)
class StateDirectory {

	/**
	 * Prefix of the temporary file that checks the directory is writable (removed at
	 * start if a kill left it).
	 */
	static final String WRITE_CHECK = ".write-check";

	@Bean
	AuditLog auditLog(HooksProperties properties) {
		Path dir = prepare(properties.stateDir());
		return new AuditLog(dir.resolve("audit.log"), Clock.systemUTC());
	}

	@Bean
	History history(HooksProperties properties) {
		Path dir = prepare(properties.stateDir()).resolve("history");
		try {
			Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw unusable(properties.stateDir(), ex.getMessage());
		}
		return new History(dir);
	}

	static Path prepare(Path stateDir) {
		Path dir = stateDir.toAbsolutePath().normalize();
		try {
			if (!Files.isDirectory(dir)) {
				Files.createDirectories(dir);
				try {
					Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
				}
				catch (UnsupportedOperationException ex) {
					// Not POSIX.
				}
			}
			Path probe = Files.createTempFile(dir, WRITE_CHECK, AtomicFiles.TEMPORARY_SUFFIX);
			Files.delete(probe);
		}
		catch (IOException | SecurityException ex) {
			throw unusable(dir, ex.getMessage());
		}
		return dir;
	}

	private static IllegalStateException unusable(Path dir, String reason) {
		return new IllegalStateException("hooks.state-dir " + dir + " is not a writable directory (" + reason
				+ "). The audit log and the history of overwritten and deleted hook files are kept there; set "
				+ "hooks.state-dir (env HOOKS_STATE_DIR) to a directory this service can write.");
	}

}
