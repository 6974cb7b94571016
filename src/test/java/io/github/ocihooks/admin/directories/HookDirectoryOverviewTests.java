package io.github.ocihooks.admin.directories;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.ocihooks.admin.config.HooksPropertiesFixture;
import io.github.ocihooks.admin.directories.HookDirectoryOverview.DirectoryStatus;

import static org.assertj.core.api.Assertions.assertThat;

class HookDirectoryOverviewTests {

	@TempDir
	Path temp;

	@Test
	void listsDirectoriesInPrecedenceOrderWithTheirState() throws Exception {
		Path low = Files.createDirectories(this.temp.resolve("low"));
		Files.writeString(low.resolve("a.json"), "{}");
		Files.writeString(low.resolve("b.json"), "{}");
		Files.writeString(low.resolve("README"), "not a hook");
		Files.createDirectories(low.resolve("sub"));
		Path middle = Files.createDirectories(this.temp.resolve("middle"));
		Path high = this.temp.resolve("high");

		HookDirectoryOverview overview = new HookDirectoryOverview(HooksPropertiesFixture
			.bind(Map.of("hooks.directories", low + "," + middle + "," + high, "hooks.extension-stages", "precreate")));
		List<DirectoryStatus> directories = overview.directories();

		assertThat(directories).extracting(DirectoryStatus::path)
			.containsExactly(low.toString(), middle.toString(), high.toString());
		assertThat(directories).extracting(DirectoryStatus::precedenceLabel)
			.containsExactly("precedence 1 (lowest)", "precedence 2", "precedence 3 (highest)");

		DirectoryStatus first = directories.get(0);
		assertThat(first.exists()).isTrue();
		assertThat(first.directory()).isTrue();
		assertThat(first.writable()).isEqualTo(Files.isWritable(low));
		assertThat(first.jsonFiles()).isEqualTo(2);
		assertThat(first.error()).isNull();

		assertThat(directories.get(1).jsonFiles()).isZero();

		DirectoryStatus last = directories.get(2);
		assertThat(last.exists()).isFalse();
		assertThat(last.writable()).isFalse();
		assertThat(last.jsonFiles()).isZero();

		assertThat(overview.extensionStages()).containsExactly("precreate");
	}

	@Test
	void aFileIsNotADirectory() throws Exception {
		Path file = Files.writeString(this.temp.resolve("file.json"), "{}");
		DirectoryStatus status = HookDirectoryOverview.inspect(file, 1, 1);
		assertThat(status.exists()).isTrue();
		assertThat(status.directory()).isFalse();
		assertThat(status.precedenceLabel()).isEqualTo("precedence 1");
		assertThat(status.absolutePath()).isNull();
	}

	@Test
	void aRelativePathShowsWhereItLeads() {
		// A name no run creates: the demo's ./demo/hooks may exist in the working
		// directory.
		String unique = "not-created-" + UUID.randomUUID();
		DirectoryStatus status = HookDirectoryOverview.inspect(Path.of("./" + unique + "/hooks"), 1, 2);
		assertThat(status.path()).isEqualTo("./" + unique + "/hooks");
		assertThat(status.absolutePath()).isEqualTo(Path.of(unique, "hooks").toAbsolutePath().toString());
		assertThat(status.exists()).isFalse();
	}

}
