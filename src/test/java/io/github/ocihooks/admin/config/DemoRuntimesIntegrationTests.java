package io.github.ocihooks.admin.config;

import java.nio.file.Path;

import io.github.ocihooks.admin.runtimes.FileStatus;
import io.github.ocihooks.admin.runtimes.RuntimeViews;
import io.github.ocihooks.admin.runtimes.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Profile {@code demo} as shipped (no {@code hooks.directories}): two configured runtimes
 * over the seeded directories that disagree, podman 5 working and CRI-O 1.30 failing to
 * start on the demo's precreate hook.
 */
@SpringBootTest
@ActiveProfiles("demo")
class DemoRuntimesIntegrationTests {

	@TempDir
	static Path root;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("hooks.host-root", () -> root.toString());
		registry.add("hooks.state-dir", () -> root.resolve("state").toString());
	}

	@Autowired
	RuntimeViews runtimes;

	@Test
	void podmanWorksWhileCrioFailsToStartOnThePrecreateHook() throws InterruptedException {
		// The seeder may run after the store's first scan; the watcher rescans once it
		// has started.
		RuntimeViews.Views views = this.runtimes.current();
		for (int i = 0; i < 100 && views.runtime("crio").orElseThrow().verdict() == Verdict.WORKS; i++) {
			Thread.sleep(100);
			views = this.runtimes.current();
		}
		assertThat(views.runtimes()).extracting((r) -> r.profile().id()).containsExactly("podman", "crio");
		assertThat(views.runtime("podman").orElseThrow().verdict()).isEqualTo(Verdict.WORKS);
		assertThat(views.runtime("crio").orElseThrow().verdict()).isEqualTo(Verdict.FAILS_TO_START);
		assertThat(views.runtime("crio").orElseThrow().why()).contains("add-cdi-devices.json");
		assertThat(views.file(root.resolve("hooks").toString(), "add-cdi-devices.json").orElseThrow().refusedBy())
			.containsExactly("crio");
		assertThat(views.file(root.resolve("hooks").toString(), "oci-systemd-hook.json").orElseThrow().readings())
			.extracting((r) -> r.status())
			.doesNotContain(FileStatus.NOT_READ, FileStatus.INVALID);
	}

}
