package io.github.ocihooks.admin.config;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.ocihooks.admin.history.AuditLog;
import io.github.ocihooks.admin.store.HookStore;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Profile {@code demo}: seeds the directories during start-up and lets admin/admin sign
 * in.
 */
@SpringBootTest
@ActiveProfiles("demo")
class DemoProfileIntegrationTests {

	@TempDir
	static Path root;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("hooks.directories", () -> root.resolve("hooks") + "," + root.resolve("overrides"));
		// The demo profile keeps its state in ./demo/state: a test must not write to the
		// working directory.
		registry.add("hooks.state-dir", () -> root.resolve("state").toString());
	}

	@Autowired
	HooksProperties properties;

	@Autowired
	UserDetailsService users;

	@Autowired
	HookStore store;

	@Autowired
	AuditLog audit;

	@Autowired
	PasswordEncoder passwordEncoder;

	@Test
	void seedsDirectoriesAndUsesTheDemoPassword() {
		assertThat(this.properties.directories()).containsExactly(root.resolve("hooks"), root.resolve("overrides"));
		assertThat(root.resolve("hooks/oci-systemd-hook.json")).isRegularFile();
		assertThat(root.resolve("overrides/50-log-start.json")).isRegularFile();
		assertThat(Files.isRegularFile(root.resolve("overrides/20-missing-exec.json"))).isTrue();
		String stored = this.users.loadUserByUsername("admin").getPassword();
		assertThat(this.passwordEncoder.matches("admin", stored)).isTrue();
	}

	@Test
	void theFirstSnapshotHoldsTheSeededFilesAndNothingIsAuditedAsExternal() {
		// Seeded before the store reads the directories: the starting state, not changes
		// made by someone else.
		assertThat(this.store.snapshot().generation()).isEqualTo(1);
		assertThat(this.store.snapshot().resolution().files()).extracting(f -> f.name())
			.contains("oci-systemd-hook.json", "50-log-start.json");
		assertThat(this.audit.recent(null, 100)).noneMatch(e -> e.action().startsWith("external"));
	}

}
