package io.github.ocihooks.admin.engine.precreate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.ocihooks.admin.engine.OciHook;
import io.github.ocihooks.admin.engine.precreate.ConfigFilterChain.Options;
import io.github.ocihooks.admin.engine.precreate.ConfigFilterChain.Result;
import io.github.ocihooks.admin.engine.precreate.ConfigFilterChain.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link ConfigFilterChain} with real executables: shell scripts written into a temporary
 * directory, after containers/common's {@code runtimeconfigfilter_test.go} and
 * {@code exec_test.go}.
 */
class ConfigFilterChainTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The reference test's input, as Go's json.Marshal writes it. */
	private static final String FUSE = "{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"rootfs\"},\"linux\":{\"devices\":"
			+ "[{\"path\":\"/dev/fuse\",\"type\":\"c\",\"major\":10,\"minor\":229,\"fileMode\":384,\"uid\":0,\"gid\":0}]}}";

	private static final String SDA = "{\"path\": \"/dev/sda\",\"type\":\"b\",\"major\":8,\"minor\":0,\"fileMode\":384,"
			+ "\"uid\":0,\"gid\":0}";

	private static final String INJECT_SDA = "sed 's|\\(\"gid\":0}\\)|\\1," + SDA + "|'";

	/**
	 * Variables a shell adds even when started with an empty environment (exec_test.go's
	 * unavoidable keys).
	 */
	private static final Set<String> UNAVOIDABLE = Set.of("PWD", "SHLVL", "_");

	private final ConfigFilterChain chain = new ConfigFilterChain();

	@TempDir
	Path dir;

	private Path script(String name, String body) throws IOException {
		Path file = this.dir.resolve(name);
		Files.writeString(file, "#!/bin/sh\n" + body + "\n");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
		return file;
	}

	private static OciHook hook(Path script, Long timeout, String... extraArgs) {
		List<String> args = new ArrayList<>();
		args.add(script.toString());
		args.addAll(Arrays.asList(extraArgs));
		return new OciHook(script.toString(), args, null, timeout);
	}

	private Result run(String config, OciHook... hooks) {
		return this.chain.run(config, List.of(hooks), Options.defaults());
	}

	private static JsonNode json(String text) {
		return JSON.readTree(text);
	}

	@Test
	void noHooksGiveTheInputBack() {
		Result result = run(FUSE);
		assertThat(result.error()).isNull();
		assertThat(result.steps()).isEmpty();
		assertThat(result.finalConfigJson()).isEqualTo(FUSE);
		assertThat(result.finalConfig()).isEqualTo(json(FUSE));
	}

	@Test
	void noOpCat() throws IOException {
		Result result = run("{\"ociVersion\": \"1.0.0\", \"root\": {\"path\": \"rootfs\"}}",
				hook(script("cat.sh", "cat"), null));
		assertThat(result.error()).isNull();
		assertThat(result.finalConfigJson()).isEqualTo("{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"rootfs\"}}");
		assertThat(result.finalConfig()).isEqualTo(json("{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"rootfs\"}}"));
		Step step = result.steps().get(0);
		assertThat(step.index()).isZero();
		assertThat(step.path()).isEqualTo(this.dir.resolve("cat.sh").toString());
		assertThat(step.args()).containsExactly(this.dir.resolve("cat.sh").toString());
		assertThat(step.exitStatus()).isZero();
		assertThat(step.timedOut()).isFalse();
		assertThat(step.stderr()).isEmpty();
		assertThat(step.patch()).isEmpty();
		assertThat(step.error()).isNull();
	}

	@Test
	void referenceStyleShellHook() {
		// runtimeconfigfilter_test.go's own form: path /bin/sh, args [sh -c cat].
		Result result = run(FUSE, new OciHook("/bin/sh", List.of("sh", "-c", "cat"), null, null));
		assertThat(result.error()).isNull();
		assertThat(result.finalConfigJson()).isEqualTo(FUSE);
		assertThat(result.steps().get(0).args()).containsExactly("sh", "-c", "cat");
	}

	@Test
	void inputIsWrittenAsGoMarshalsIt() throws IOException {
		Result result = run(
				"{ \"annotations\" : {\"a\":\"<b>&\u2028\\u0001\\t\"}, \"n\": 1.5e-7, \"m\": 1e21, \"k\": 10 }",
				hook(script("cat.sh", "cat"), null));
		assertThat(result.error()).isNull();
		assertThat(result.finalConfigJson()).isEqualTo(
				"{\"annotations\":{\"a\":\"\\u003cb\\u003e\\u0026\\u2028\\u0001\\t\"},\"n\":1.5e-7,\"m\":1e+21,\"k\":10}");
	}

	@Test
	void deviceInjection() throws IOException {
		Result result = run(FUSE, hook(script("inject.sh", INJECT_SDA), null));
		assertThat(result.error()).isNull();
		String expected = FUSE.replace("\"gid\":0}", "\"gid\":0}," + SDA);
		assertThat(result.finalConfigJson()).as("GNU sed adds no newline the input lacks").isEqualTo(expected);
		assertThat(result.finalConfig()).isEqualTo(json(expected));
		assertThat(result.steps().get(0).patch())
			.containsExactly(JsonPatchOperation.add("/linux/devices/1", json(SDA)));
	}

	@Test
	void chainingFeedsEachOutputToTheNextHook() throws IOException {
		Result result = run(FUSE, hook(script("inject.sh", INJECT_SDA), null),
				hook(script("rename.sh", "sed 's|/dev/sda|/dev/sdb|'"), null));
		assertThat(result.error()).isNull();
		assertThat(result.steps()).hasSize(2);
		String expected = FUSE.replace("\"gid\":0}", "\"gid\":0}," + SDA.replace("/dev/sda", "/dev/sdb"));
		assertThat(result.finalConfigJson()).as("GNU sed adds no newline the input lacks").isEqualTo(expected);
		assertThat(result.finalConfig())
			.isEqualTo(json("{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"rootfs\"},\"linux\":{\"devices\":["
					+ "{\"path\":\"/dev/fuse\",\"type\":\"c\",\"major\":10,\"minor\":229,\"fileMode\":384,\"uid\":0,\"gid\":0},"
					+ "{\"path\":\"/dev/sdb\",\"type\":\"b\",\"major\":8,\"minor\":0,\"fileMode\":384,\"uid\":0,\"gid\":0}]}}"));
		assertThat(result.steps().get(0).patch())
			.containsExactly(JsonPatchOperation.add("/linux/devices/1", json(SDA)));
		assertThat(result.steps().get(1).index()).isEqualTo(1);
		assertThat(result.steps().get(1).patch())
			.containsExactly(JsonPatchOperation.replace("/linux/devices/1/path", json("\"/dev/sdb\"")));
	}

	@Test
	void timeoutKillsTheHookAndItsChildren() throws Exception {
		Path pidFile = this.dir.resolve("child.pid");
		Path sleeper = script("sleeper.sh", "sleep 30 &\necho $! > \"$1\"\nwait");
		long started = System.nanoTime();
		Result result = run(FUSE, hook(sleeper, 1L, pidFile.toString()), hook(script("cat.sh", "cat"), null));
		long elapsed = Duration.ofNanos(System.nanoTime() - started).toSeconds();
		assertThat(elapsed).as("returned long before the 30 s sleep would end").isLessThan(20);
		assertThat(result.error())
			.isEqualTo("precreate hook 0 (" + sleeper + "): context deadline exceeded (timeout 1s): " + "executing ["
					+ sleeper + " " + pidFile + "]: signal: killed");
		assertThat(result.finalConfig()).isNull();
		assertThat(result.finalConfigJson()).isNull();
		assertThat(result.steps()).hasSize(1);
		Step step = result.steps().get(0);
		assertThat(step.timedOut()).isTrue();
		assertThat(step.exitStatus()).isEqualTo(128 + 9);
		assertThat(step.patch()).isNull();
		long child = Long.parseLong(Files.readString(pidFile).trim());
		assertThat(waitUntilGone(child)).as("child sleep %d killed", child).isTrue();
	}

	@Test
	void zeroTimeoutKillsAtOnce() throws IOException {
		Path sleeper = script("sleeper.sh", "sleep 30");
		Result result = run(FUSE, hook(sleeper, 0L));
		assertThat(result.steps().get(0).timedOut()).isTrue();
		assertThat(result.error()).isEqualTo("precreate hook 0 (" + sleeper
				+ "): context deadline exceeded (timeout 0s): " + "executing [" + sleeper + "]: signal: killed");
	}

	@Test
	void backgroundProcessHoldingStdoutDoesNotBlock() throws IOException {
		// The hook exits but leaves a child holding its stdout. Go would wait for the
		// child; Java stops reading a
		// process's pipes when it exits (keeping what is buffered), so the chain goes on
		// at once.
		Path hook = script("orphan.sh", "sleep 30 &\ncat");
		Options options = new Options(Duration.ofSeconds(1), Options.DEFAULT_STDOUT_LIMIT, Options.DEFAULT_STDERR_TAIL);
		long started = System.nanoTime();
		Result result = this.chain.run(FUSE, List.of(hook(hook, null)), options);
		assertThat(Duration.ofNanos(System.nanoTime() - started).toSeconds())
			.as("returned long before the child's 30 s")
			.isLessThan(20);
		assertThat(result.error()).isNull();
		assertThat(result.finalConfigJson()).isEqualTo(FUSE);
	}

	@Test
	void interruptingTheCallerKillsTheHook() throws Exception {
		Path pidFile = this.dir.resolve("hook.pid");
		Path hook = script("forever.sh", "echo $$ > \"$1\"\nsleep 30");
		Result[] holder = new Result[1];
		Thread caller = new Thread(() -> holder[0] = run(FUSE, hook(hook, null, pidFile.toString())));
		caller.start();
		for (int i = 0; i < 100 && !(Files.exists(pidFile) && Files.readString(pidFile).endsWith("\n")); i++) {
			Thread.sleep(50);
		}
		caller.interrupt();
		caller.join(20_000);
		assertThat(caller.isAlive()).isFalse();
		assertThat(holder[0].error()).isEqualTo("precreate hook 0 (" + hook + "): interrupted");
		assertThat(waitUntilGone(Long.parseLong(Files.readString(pidFile).trim()))).isTrue();
	}

	@Test
	void invalidJson() throws IOException {
		Path hook = script("brace.sh", "echo '{'");
		Result result = run(FUSE, hook(hook, null), hook(script("cat.sh", "cat"), null));
		assertThat(result.error())
			.isEqualTo("precreate hook 0 (" + hook + "): unmarshal output: unexpected end of JSON input");
		assertThat(result.steps()).hasSize(1);
		assertThat(result.steps().get(0).exitStatus()).isZero();
		assertThat(result.steps().get(0).patch()).isNull();
		assertThat(result.finalConfig()).isNull();
	}

	@Test
	void arrayIsNotAConfig() throws IOException {
		Path hook = script("array.sh", "echo '[]'");
		Result result = run(FUSE, hook(hook, null));
		assertThat(result.error()).isEqualTo("precreate hook 0 (" + hook
				+ "): unmarshal output: json: cannot unmarshal array into Go value of type specs.Spec");
		assertThat(result.finalConfig()).isNull();
	}

	@Test
	void trailingGarbageIsInvalid() throws IOException {
		Path hook = script("twice.sh", "cat; echo ' {}'");
		Result result = run(FUSE, hook(hook, null));
		assertThat(result.error()).isEqualTo(
				"precreate hook 0 (" + hook + "): unmarshal output: invalid character '{' after top-level value");
	}

	@Test
	void nonZeroExitKeepsStderr() throws IOException {
		Path hook = script("fail.sh", "cat > /dev/null\necho 'no GPU found' >&2\nexit 1");
		Result result = run(FUSE, hook(hook, null));
		assertThat(result.error())
			.isEqualTo("precreate hook 0 (" + hook + "): executing [" + hook + "]: exit status 1");
		Step step = result.steps().get(0);
		assertThat(step.exitStatus()).isEqualTo(1);
		assertThat(step.stderr()).isEqualTo("no GPU found\n");
		assertThat(step.timedOut()).isFalse();
		assertThat(result.finalConfig()).isNull();
	}

	@Test
	void stderrKeepsOnlyTheTail() throws IOException {
		// 100,000 bytes of 'a' then a marker; only the last 64 KiB are kept.
		Path hook = script("noisy.sh", "head -c 100000 /dev/zero | tr '\\0' a >&2\necho END >&2\ncat");
		Result result = run(FUSE, hook(hook, null));
		assertThat(result.error()).isNull();
		String stderr = result.steps().get(0).stderr();
		assertThat(stderr).hasSize(64 * 1024).endsWith("aaaEND\n");
	}

	@Test
	void stdoutCapKillsTheHook() throws Exception {
		Path pidFile = this.dir.resolve("hook.pid");
		Path hook = script("flood.sh", "echo $$ > \"$1\"\nhead -c 20971520 /dev/zero\nsleep 30");
		long started = System.nanoTime();
		Result result = run(FUSE, hook(hook, null, pidFile.toString()));
		assertThat(Duration.ofNanos(System.nanoTime() - started).toSeconds()).isLessThan(20);
		assertThat(result.error())
			.isEqualTo("precreate hook 0 (" + hook + "): stdout exceeded 16777216 bytes; process killed");
		assertThat(result.steps().get(0).patch()).isNull();
		assertThat(result.finalConfig()).isNull();
		assertThat(waitUntilGone(Long.parseLong(Files.readString(pidFile).trim()))).isTrue();
	}

	@Test
	void stdoutCapIsConfigurable() throws IOException {
		Path hook = script("cat.sh", "cat");
		Options exact = new Options(Duration.ofSeconds(10), FUSE.length(), 1024);
		assertThat(this.chain.run(FUSE, List.of(hook(hook, null)), exact).error()).isNull();
		// Over the cap, a hook that is still running when the cap is hit (cat would race
		// its own exit against the
		// kill, and then the message lacks "; process killed"): it writes the config,
		// then waits to be killed.
		Path waiting = script("cat-then-wait.sh", "cat\nexec sleep 60");
		Options smaller = new Options(Duration.ofSeconds(10), FUSE.length() - 1, 1024);
		assertThat(this.chain.run(FUSE, List.of(hook(waiting, null)), smaller).error()).isEqualTo("precreate hook 0 ("
				+ waiting + "): stdout exceeded " + (FUSE.length() - 1) + " bytes; process killed");
	}

	@Test
	void missingExecutableFailsToStart() {
		Path missing = this.dir.resolve("missing");
		Result result = run(FUSE, new OciHook(missing.toString(), null, null, null));
		assertThat(result.error())
			.isEqualTo("precreate hook 0 (" + missing + "): fork/exec " + missing + ": no such file or directory");
		assertThat(result.steps().get(0).exitStatus()).isNull();
		assertThat(result.steps().get(0).args()).containsExactly(missing.toString());
	}

	@Test
	void notExecutableFailsToStart() throws IOException {
		Path plain = this.dir.resolve("plain.sh");
		Files.writeString(plain, "#!/bin/sh\ncat\n");
		Result result = run(FUSE, new OciHook(plain.toString(), null, null, null));
		assertThat(result.error())
			.isEqualTo("precreate hook 0 (" + plain + "): fork/exec " + plain + ": permission denied");
	}

	@Test
	void nullEnvIsEmptyNotInherited() throws IOException {
		Path envFile = this.dir.resolve("env.txt");
		Path hook = script("env.sh", "env > \"$1\"\ncat");
		Result result = run(FUSE, hook(hook, null, envFile.toString()));
		assertThat(result.error()).isNull();
		List<String> names = names(Files.readAllLines(envFile));
		assertThat(System.getenv()).containsKey("PATH");
		assertThat(names).doesNotContain("HOME", "PATH").allMatch(UNAVOIDABLE::contains);
	}

	@Test
	void envIsExactlyTheHooksEnv() throws IOException {
		Path envFile = this.dir.resolve("env.txt");
		// PATH is the hook's own here: no command lookup in the script.
		Path hook = script("env.sh", "/usr/bin/env > \"$1\"\nexec /bin/cat");
		OciHook withEnv = new OciHook(hook.toString(), List.of(hook.toString(), envFile.toString()),
				List.of("FOO=bar baz", "PATH=/nowhere", "EMPTY="), null);
		Result result = run(FUSE, withEnv);
		assertThat(result.error()).isNull();
		List<String> lines = Files.readAllLines(envFile);
		assertThat(lines).contains("FOO=bar baz", "PATH=/nowhere", "EMPTY=");
		assertThat(names(lines)).doesNotContain("HOME")
			.allMatch(n -> UNAVOIDABLE.contains(n) || Set.of("FOO", "PATH", "EMPTY").contains(n));
	}

	@Test
	void argsArePassedAsGiven() throws IOException {
		Path hook = script("args.sh", "printf '{\"argc\":%s,\"first\":\"%s\",\"second\":\"%s\"}' \"$#\" \"$1\" \"$2\"");
		Result result = run(FUSE, hook(hook, null, "a b", "*"));
		assertThat(result.error()).isNull();
		assertThat(result.finalConfigJson()).isEqualTo("{\"argc\":2,\"first\":\"a b\",\"second\":\"*\"}");
	}

	@Test
	void workingDirectoryIsFreshAndRemoved() throws IOException {
		Path hook = script("pwd.sh", "touch left-behind\nprintf '{\"cwd\":\"%s\"}' \"$(pwd)\"");
		Result result = run(FUSE, hook(hook, null));
		assertThat(result.error()).isNull();
		Path cwd = Path.of(result.finalConfig().get("cwd").stringValue());
		assertThat(cwd).isNotEqualTo(Path.of("").toAbsolutePath());
		assertThat(cwd.getFileName().toString()).startsWith("precreate-");
		assertThat(cwd).doesNotExist();
	}

	@Test
	void hookThatIgnoresStdinStillWorks() throws IOException {
		// Larger than a pipe buffer, so the writer sees a broken pipe.
		StringBuilder big = new StringBuilder("{\"annotations\":{");
		for (int i = 0; i < 20000; i++) {
			big.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
		}
		big.append("}}");
		Path hook = script("ignore.sh", "echo '{\"ociVersion\":\"1.0.2\"}'");
		Result result = run(big.toString(), hook(hook, null));
		assertThat(result.error()).isNull();
		assertThat(result.finalConfig()).isEqualTo(json("{\"ociVersion\":\"1.0.2\"}"));
		assertThat(result.steps().get(0).patch()).hasSize(2);
	}

	@Test
	void concurrentRunsAreIndependent() throws Exception {
		Path hook = script("tag.sh", "sed 's|\"root\"|\"tag\":\"'\"$1\"'\",\"root\"|'");
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<Result>> futures = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				String tag = "t" + i;
				futures.add(pool.submit(() -> run(FUSE, hook(hook, null, tag))));
			}
			for (int i = 0; i < futures.size(); i++) {
				Result result = futures.get(i).get();
				assertThat(result.error()).isNull();
				assertThat(result.finalConfig().get("tag").stringValue()).isEqualTo("t" + i);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void inputMustBeAnObject() {
		assertThatIllegalArgumentException().isThrownBy(() -> run("[]"));
		assertThatIllegalArgumentException().isThrownBy(() -> run("{"));
	}

	private static List<String> names(List<String> envLines) {
		return envLines.stream().map(l -> l.substring(0, l.indexOf('='))).toList();
	}

	/**
	 * Whether the process is gone (or a zombie) within a few seconds; a zombie waits for
	 * a non-reaping init.
	 */
	private static boolean waitUntilGone(long pid) throws InterruptedException {
		for (int i = 0; i < 50; i++) {
			Path stat = Path.of("/proc/" + pid + "/stat");
			try {
				String text = Files.readString(stat, StandardCharsets.UTF_8);
				char state = text.charAt(text.lastIndexOf(')') + 2);
				if (state == 'Z' || state == 'X') {
					return true;
				}
			}
			catch (IOException ex) {
				return true;
			}
			Thread.sleep(100);
		}
		return false;
	}

}
