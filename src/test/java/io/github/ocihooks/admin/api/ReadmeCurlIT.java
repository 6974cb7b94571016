package io.github.ocihooks.admin.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's curl session (section "API overview", the fenced {@code bash} block after
 * "A curl session"), run as printed with {@code bash} against a demo instance
 * ({@code demo} profile, its directories and state in a temporary directory), with
 * {@code H} pointing at it. Every curl call must succeed: a {@code .curlrc} given through
 * {@code CURL_HOME} adds {@code --fail}, so any status of 400 or more ends the script
 * ({@code set -e}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
class ReadmeCurlIT {

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("hooks.directories", () -> root.resolve("hooks") + "," + root.resolve("overrides"));
		registry.add("hooks.state-dir", () -> root.resolve("state").toString());
	}

	static Path readme() {
		return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).resolve("README.md");
	}

	/**
	 * The first fenced {@code bash} block after {@code marker} within the section headed
	 * {@code heading}.
	 */
	static String bashBlock(String markdown, String heading, String marker) {
		int section = markdown.indexOf("\n## " + heading + "\n");
		assertThat(section).as("README section \"%s\"", heading).isNotNegative();
		int next = markdown.indexOf("\n## ", section + 1);
		String text = markdown.substring(section, (next < 0) ? markdown.length() : next);
		int at = text.indexOf(marker);
		assertThat(at).as("\"%s\" in README section \"%s\"", marker, heading).isNotNegative();
		int open = text.indexOf("```bash\n", at);
		assertThat(open).as("a ```bash block after \"%s\"", marker).isNotNegative();
		int close = text.indexOf("\n```", open + 8);
		return text.substring(open + 8, close + 1);
	}

	@Test
	void theCurlSessionRunsAsPrintedAgainstTheDemo() throws Exception {
		Assumptions.assumeTrue(onPath("curl"),
				"curl is not installed (.ci/run installs it): README curl session skipped");
		String block = bashBlock(Files.readString(readme(), StandardCharsets.UTF_8), "API overview", "A curl session");
		assertThat(block).contains("curl ").doesNotContain("<etag>", "<version>", "{...}");

		Path work = Files.createDirectories(root.resolve("work"));
		Path curlHome = Files.createDirectories(root.resolve("curl-home"));
		Files.writeString(curlHome.resolve(".curlrc"), "fail\nsilent\nshow-error\nmax-time = 30\n");
		Path script = root.resolve("session.sh");
		Files.writeString(script, "set -euxo pipefail\n" + block + "\necho SESSION-COMPLETE\n");

		ProcessBuilder bash = new ProcessBuilder("bash", script.toString()).directory(work.toFile())
			.redirectErrorStream(true)
			.redirectOutput(root.resolve("session.log").toFile());
		bash.environment().put("H", "http://127.0.0.1:" + this.port);
		bash.environment().put("CURL_HOME", curlHome.toString());
		Process process = bash.start();
		boolean finished = process.waitFor(3, TimeUnit.MINUTES);
		if (!finished) {
			process.destroyForcibly();
		}
		String log = Files.readString(root.resolve("session.log"), StandardCharsets.UTF_8);
		System.out.println(log);
		assertThat(finished).as("the session ended within 3 minutes:%n%s", log).isTrue();
		assertThat(process.exitValue()).as("exit status of the README's curl session:%n%s", log).isZero();
		assertThat(log).contains("SESSION-COMPLETE");

		// What it did: created, replaced, restored and deleted 50-gpu.json in the
		// writable (highest) directory.
		assertThat(root.resolve("overrides/50-gpu.json")).doesNotExist();
		assertThat(work.resolve("export.json")).isNotEmptyFile();
		assertThat(log).contains("\"status\":\"UP\"");
		assertThat(log).contains("HTTP/1.1 200");
	}

	private static boolean onPath(String command) throws IOException, InterruptedException {
		for (String dir : List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))) {
			if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
				return true;
			}
		}
		return false;
	}

}
