package io.github.ocihooks.admin.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import io.github.ocihooks.admin.config.HooksProperties;
import io.github.ocihooks.admin.config.HooksPropertiesFixture;
import io.github.ocihooks.admin.directories.HookDirectories;
import io.github.ocihooks.admin.profiles.RuntimeProfiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up recovery of the hook directories (issue 16, item 12): temporary files of
 * writes a kill -9 interrupted are removed, in the current short form and in the form
 * earlier versions used; hook files stay.
 */
class StoreRecoveryTests {

	@TempDir
	Path root;

	@Test
	void leftoversInTheHookDirectoryAreRemovedAndHookFilesStay() throws Exception {
		Path hooks = Files.createDirectories(this.root.resolve("hooks"));
		Path[] leftovers = { hooks.resolve(".oha-55.tmp"), hooks.resolve(".x.json.77.tmp") };
		for (Path p : leftovers) {
			Files.writeString(p, "torn");
			Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(3600)));
		}
		Path hook = Files.writeString(hooks.resolve("a.json"), "{}");

		HooksProperties properties = HooksPropertiesFixture.of(null, hooks);
		new StoreRecovery(new HookDirectories(properties, RuntimeProfiles.explicit(properties))).recover();

		for (Path p : leftovers) {
			assertThat(p).as(p.toString()).doesNotExist();
		}
		assertThat(hook).exists();
	}

}
