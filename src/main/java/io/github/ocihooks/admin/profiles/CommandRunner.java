package io.github.ocihooks.admin.profiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a host program for its output ({@code podman --version}); replaced in tests. */
@FunctionalInterface
interface CommandRunner {

	/**
	 * The program's standard output.
	 * @throws IOException when it cannot be started, times out or exits non-zero (the
	 * message says which)
	 */
	String run(List<String> command, Duration timeout) throws IOException;

	/**
	 * Runs the program with an empty environment but {@code PATH} and {@code LC_ALL=C},
	 * killing it at the timeout.
	 */
	static CommandRunner processes() {
		return (command, timeout) -> {
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
			builder.environment().clear();
			builder.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
			builder.environment().put("LC_ALL", "C");
			Process process = builder.start();
			try (InputStream out = process.getInputStream()) {
				boolean done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
				if (!done) {
					process.destroyForcibly();
					throw new IOException("no answer within " + timeout.toMillis() + " ms");
				}
				String text = new String(out.readNBytes(64 * 1024), StandardCharsets.UTF_8);
				if (process.exitValue() != 0) {
					throw new IOException("exit status " + process.exitValue() + ": " + text.strip());
				}
				return text;
			}
			catch (InterruptedException ex) {
				process.destroyForcibly();
				Thread.currentThread().interrupt();
				throw new IOException("interrupted");
			}
		};
	}

}
