package io.github.ocihooks.admin.security;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.ocihooks.admin.OciHooksAdminApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The service refuses to start when it could not keep its audit log and history. */
class StateDirectoryTests {

	@TempDir
	Path root;

	@Test
	void refusesToStartWhenTheStateDirectoryIsNotWritable() throws Exception {
		Path file = Files.writeString(this.root.resolve("a-file"), "x");
		assertThatThrownBy(() -> new SpringApplicationBuilder(OciHooksAdminApplication.class)
			.run("--server.port=0", "--hooks.directories=" + this.root.resolve("hooks"), "--hooks.admin.password=x",
					"--hooks.state-dir=" + file.resolve("state"), "--hooks.watch.mode=off",
					"--spring.main.banner-mode=off")
			.close())
			.hasStackTraceContaining("hooks.state-dir " + file.resolve("state") + " is not a writable directory");
	}

}
