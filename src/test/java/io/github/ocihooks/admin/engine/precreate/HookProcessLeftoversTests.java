package io.github.ocihooks.admin.engine.precreate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.github.ocihooks.admin.engine.OciHook;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing a precreate hook starts survives it: not at exit, not on timeout. Real
 * processes.
 */
class HookProcessLeftoversTests {

	private static final ConfigFilterChain.Options OPTIONS = new ConfigFilterChain.Options(Duration.ofSeconds(5),
			ConfigFilterChain.Options.DEFAULT_STDOUT_LIMIT, ConfigFilterChain.Options.DEFAULT_STDERR_TAIL);

	@Test
	void aBackgroundChildIsKilledWhenTheHookExits() throws Exception {
		String marker = "sleep 987" + ProcessHandle.current().pid() % 1000 + "1";
		OciHook hook = new OciHook("/bin/sh", List.of("sh", "-c", marker + " & cat"), null, null);
		HookProcess.Outcome outcome = HookProcess.run(hook, "{}".getBytes(StandardCharsets.UTF_8), OPTIONS);
		assertThat(outcome.error()).isNull();
		assertThat(new String(outcome.stdout(), StandardCharsets.UTF_8)).isEqualTo("{}");
		assertThat(awaitGone(marker)).as("no %s left", marker).isEmpty();
	}

	@Test
	void aDoubleForkedChildIsKilledToo() throws Exception {
		String marker = "sleep 986" + ProcessHandle.current().pid() % 1000 + "2";
		OciHook hook = new OciHook("/bin/sh", List.of("sh", "-c", "(" + marker + " >/dev/null 2>&1 &) ; cat"), null,
				null);
		HookProcess.run(hook, "{}".getBytes(StandardCharsets.UTF_8), OPTIONS);
		assertThat(awaitGone(marker)).as("no %s left", marker).isEmpty();
	}

	@Test
	void aBackgroundChildIsKilledOnTimeout() throws Exception {
		String marker = "sleep 985" + ProcessHandle.current().pid() % 1000 + "3";
		OciHook hook = new OciHook("/bin/sh", List.of("sh", "-c", marker + " & sleep 600"), null, 1L);
		HookProcess.Outcome outcome = HookProcess.run(hook, new byte[0], OPTIONS);
		assertThat(outcome.timedOut()).isTrue();
		assertThat(awaitGone(marker)).as("no %s left", marker).isEmpty();
	}

	/**
	 * A live process whose command line is the marker, after giving SIGKILL a moment to
	 * land.
	 */
	private static Optional<ProcessHandle> awaitGone(String marker) throws InterruptedException {
		Optional<ProcessHandle> left = Optional.empty();
		for (int i = 0; i < 50; i++) {
			left = ProcessHandle.allProcesses()
				.filter(ProcessHandle::isAlive)
				.filter(p -> p.info().commandLine().map(c -> c.endsWith(marker)).orElse(false))
				.findFirst();
			if (left.isEmpty()) {
				return left;
			}
			Thread.sleep(100);
		}
		left.ifPresent(ProcessHandle::destroyForcibly);
		return left;
	}

}
