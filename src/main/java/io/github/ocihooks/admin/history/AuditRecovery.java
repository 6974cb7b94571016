package io.github.ocihooks.admin.history;

import java.io.IOException;
import java.nio.file.Path;

import io.github.ocihooks.admin.engine.HookLoader;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Start-up recovery of the audit log after a crash: every intent without an outcome gets one, from the content on
 * disk now. Runs before any other application runner, like the store's removal of leftover temporary files.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class AuditRecovery implements ApplicationRunner {

	private final AuditLog audit;

	AuditRecovery(AuditLog audit) {
		this.audit = audit;
	}

	@Override
	public void run(ApplicationArguments args) {
		this.audit.recover((directory, name) -> {
			try {
				return HookLoader.sha256(HookLoader.readRegularFile(Path.of(directory, name)));
			}
			catch (IOException ex) {
				return null;
			}
		});
	}

}
