package io.github.ocihooks.admin.engine.precreate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.ocihooks.admin.engine.OciHook;

/**
 * Runs one hook process the way containers/common {@code exec.RunWithOptions} does:
 * exactly the hook's arguments and environment, the given bytes on stdin, the hook's
 * {@code timeout} enforced with a kill. Differences, all on purpose: the working
 * directory is a fresh temporary directory (deleted afterwards) instead of the bundle; a
 * kill takes the whole process tree; stdout is capped and only the tail of stderr is
 * kept; output is what the hook wrote until it exited, so a background process that still
 * holds stdout or stderr does not block the chain (Go waits for it); and nothing the hook
 * started outlives it: at exit as on timeout, every process it started is killed, whether
 * still its descendant or already orphaned ({@link Leftovers}). Java cannot set
 * {@code argv[0]} apart from the executable, so the process sees {@code path} as
 * {@code argv[0]} where Go would pass {@code args[0]}.
 */
final class HookProcess {

	private static final Pattern JAVA_START_ERROR = Pattern.compile("error=\\d+, (.*)$");

	private HookProcess() {
	}

	/** What happened to one hook process. */
	record Outcome(byte[] stdout, String stderr, Integer exitStatus, long durationMillis, boolean timedOut,
			String error) {
	}

	/**
	 * The argv Go's {@code exec.Cmd} uses: {@code args}, or {@code [path]} when args is
	 * empty.
	 */
	static List<String> argv(OciHook hook) {
		return (hook.args() == null || hook.args().isEmpty()) ? List.of(hook.path()) : hook.args();
	}

	/** Go's {@code %v} of a string slice. */
	static String goArgs(List<String> args) {
		return "[" + String.join(" ", args) + "]";
	}

	static Outcome run(OciHook hook, byte[] stdin, ConfigFilterChain.Options options) {
		Path dir;
		try {
			dir = Files.createTempDirectory("precreate-");
		}
		catch (IOException ex) {
			return new Outcome(null, "", null, 0, false, "create working directory: " + ex.getMessage());
		}
		try {
			return run(hook, stdin, options, dir);
		}
		finally {
			deleteTree(dir);
		}
	}

	private static Outcome run(OciHook hook, byte[] stdin, ConfigFilterChain.Options options, Path dir) {
		List<String> argv = argv(hook);
		String executable = Path.of(hook.path()).isAbsolute() ? hook.path() : dir.resolve(hook.path()).toString();
		List<String> command = new ArrayList<>();
		command.add(executable);
		command.addAll(argv.subList(1, argv.size()));
		ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
		Map<String, String> environment = builder.environment();
		environment.clear();
		if (hook.env() != null) {
			for (String entry : hook.env()) {
				int eq = entry.indexOf('=');
				// Java cannot pass entries without '=' (or with an empty name); Go would
				// pass them as they are.
				if (eq > 0) {
					environment.put(entry.substring(0, eq), entry.substring(eq + 1));
				}
			}
		}

		long started = System.nanoTime();
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException | IllegalArgumentException ex) {
			return new Outcome(null, "", null, elapsedMillis(started), false, startError(hook.path(), ex));
		}

		Leftovers leftovers = new Leftovers(process);
		try {
			return run(hook, stdin, options, argv, process, started);
		}
		finally {
			leftovers.kill();
		}
	}

	private static Outcome run(OciHook hook, byte[] stdin, ConfigFilterChain.Options options, List<String> argv,
			Process process, long started) {
		CappedReader stdout = new CappedReader(process.getInputStream(), process, options.stdoutLimit());
		TailReader stderr = new TailReader(process.getErrorStream(), process, options.stderrTail());
		Thread writer = daemon("precreate-stdin", () -> write(process.getOutputStream(), stdin));
		Thread outThread = daemon("precreate-stdout", stdout);
		Thread errThread = daemon("precreate-stderr", stderr);
		writer.start();
		outThread.start();
		errThread.start();

		boolean timedOut = false;
		boolean overflow = false;
		boolean killed = false;
		String reap = null;
		String waitError = null;
		try {
			CompletableFuture<Object> first = CompletableFuture.anyOf(process.onExit(), stdout.overflow);
			Long timeout = hook.timeout();
			try {
				if (timeout == null) {
					first.get();
				}
				else {
					// Go: time.Duration(*hook.Timeout) * time.Second, which wraps like
					// Java's long arithmetic.
					long nanos = timeout * 1_000_000_000L;
					if (nanos <= 0) {
						throw new TimeoutException();
					}
					first.get(nanos, TimeUnit.NANOSECONDS);
				}
			}
			catch (TimeoutException ex) {
				timedOut = true;
			}
			overflow = stdout.overflow.isDone();
			if (timedOut || overflow) {
				killTree(process);
				killed = true;
				if (!waitFor(process, options.postKillTimeout())) {
					reap = "failed to reap process within " + goDuration(options.postKillTimeout())
							+ " of the kill signal";
				}
			}
		}
		catch (InterruptedException ex) {
			killTree(process);
			Thread.currentThread().interrupt();
			return new Outcome(null, stderr.text(), null, elapsedMillis(started), false, "interrupted");
		}
		catch (ExecutionException ex) {
			killTree(process);
			waitError = "waiting for the process: " + ex.getCause();
		}
		long duration = elapsedMillis(started);

		long drainDeadline = System.nanoTime() + options.postKillTimeout().toNanos();
		boolean drained = join(outThread, drainDeadline) & join(errThread, drainDeadline);
		overflow = stdout.overflow.isDone();
		if (process.isAlive()) {
			killTree(process);
		}
		Integer exitStatus = process.isAlive() ? null : process.exitValue();

		String executing = "executing " + goArgs(argv) + ": ";
		String error = null;
		if (overflow) {
			error = "stdout exceeded " + options.stdoutLimit() + " bytes" + (killed ? "; process killed" : "")
					+ ((reap != null) ? "; " + reap : "");
		}
		else if (timedOut) {
			error = "context deadline exceeded (timeout " + hook.timeout() + "s): "
					+ ((reap != null) ? reap : executing + "signal: killed");
		}
		else if (waitError != null) {
			error = waitError;
		}
		else if (!drained) {
			// Safeguard only: the readers stop by themselves once the process has ended.
			error = executing + "output not read within " + goDuration(options.postKillTimeout())
					+ " after the process ended";
		}
		else if (exitStatus != null && exitStatus != 0) {
			error = executing + "exit status " + exitStatus;
		}
		return new Outcome((error == null) ? stdout.bytes() : null, stderr.text(), exitStatus, duration, timedOut,
				error);
	}

	/**
	 * Go's {@code fork/exec PATH: errno text} from Java's
	 * {@code Cannot run program ...: error=N, Text}.
	 */
	private static String startError(String path, Exception ex) {
		String message = String.valueOf(ex.getMessage());
		Matcher m = JAVA_START_ERROR.matcher(message);
		if (m.find()) {
			String text = m.group(1);
			if (!text.isEmpty()) {
				text = Character.toLowerCase(text.charAt(0)) + text.substring(1);
			}
			return "fork/exec " + path + ": " + text;
		}
		return "fork/exec " + path + ": " + message;
	}

	/**
	 * Everything a hook process starts, so that none of it survives the hook: its
	 * descendants, sampled while it runs, and, on Linux, processes started after it in
	 * this JVM's session and process group that are no longer anyone's descendant here (a
	 * background child whose parent exited is re-parented to init before it could be
	 * sampled). Processes under this JVM's other live children (another hook running
	 * concurrently) are left alone.
	 */
	static final class Leftovers {

		private static final Path PROC = Path.of("/proc");

		private final Process process;

		private final java.util.Set<ProcessHandle> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();

		private final long startTicks;

		private volatile boolean stopped;

		Leftovers(Process process) {
			this.process = process;
			long[] stat = stat(process.pid());
			this.startTicks = (stat != null) ? stat[2] : -1;
			Thread sampler = daemon("precreate-descendants", () -> {
				while (!this.stopped && this.process.isAlive()) {
					this.process.descendants().forEach(this.seen::add);
					try {
						Thread.sleep(10);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			});
			sampler.start();
		}

		void kill() {
			this.stopped = true;
			killTree(this.process);
			for (ProcessHandle handle : this.seen) {
				handle.descendants().forEach(ProcessHandle::destroyForcibly);
				handle.destroyForcibly();
			}
			killOrphans();
		}

		private void killOrphans() {
			long[] self = stat(ProcessHandle.current().pid());
			if (self == null || this.startTicks < 0) {
				return;
			}
			long jvm = ProcessHandle.current().pid();
			try (java.util.stream.Stream<Path> entries = Files.list(PROC)) {
				entries.map(p -> p.getFileName().toString())
					.filter(n -> !n.isEmpty() && n.chars().allMatch(Character::isDigit))
					.mapToLong(Long::parseLong)
					.filter(pid -> pid != jvm)
					.forEach(pid -> {
						long[] stat = stat(pid);
						if (stat != null && stat[0] == self[0] && stat[1] == self[1] && stat[2] >= this.startTicks
								&& !underThisJvm(stat[3], jvm)) {
							ProcessHandle.of(pid).ifPresent(h -> {
								h.descendants().forEach(ProcessHandle::destroyForcibly);
								h.destroyForcibly();
							});
						}
					});
			}
			catch (IOException | UncheckedIOException ex) {
				// No /proc: the sampled descendants are all we know.
			}
		}

		/**
		 * Whether a process whose parent is {@code ppid} still hangs under this JVM
		 * through another child than this hook: a hook of another preview that is running
		 * now, or one of its children. An orphan of this hook has been handed to init (or
		 * another subreaper), and a process still under this hook is this hook's to kill.
		 */
		private boolean underThisJvm(long ppid, long jvm) {
			long parent = ppid;
			for (int depth = 0; depth < 64 && parent > 1; depth++) {
				if (parent == this.process.pid()) {
					return false;
				}
				if (parent == jvm) {
					return true;
				}
				long[] stat = stat(parent);
				if (stat == null) {
					return false;
				}
				parent = stat[3];
			}
			return false;
		}

		/** {pgrp, session, starttime, ppid} from /proc/PID/stat, or null. */
		static long[] stat(long pid) {
			try {
				String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
				String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
				// After "(comm) ": state ppid pgrp session tty tpgid flags minflt cminflt
				// majflt cmajflt utime stime
				// cutime cstime priority nice threads itrealvalue starttime
				return new long[] { Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[19]),
						Long.parseLong(f[1]) };
			}
			catch (IOException | RuntimeException ex) {
				return null;
			}
		}

	}

	/**
	 * Kills the descendants and the process itself with SIGKILL, descendants found before
	 * the parent dies.
	 */
	static void killTree(Process process) {
		List<ProcessHandle> descendants = process.descendants().toList();
		process.destroyForcibly();
		for (ProcessHandle handle : descendants) {
			// Children still alive were reparented when their parent died: walk them
			// through their handles.
			handle.descendants().forEach(ProcessHandle::destroyForcibly);
			handle.destroyForcibly();
		}
	}

	private static boolean waitFor(Process process, Duration timeout) throws InterruptedException {
		return process.waitFor(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
	}

	private static boolean join(Thread thread, long deadlineNanos) {
		try {
			long millis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
			thread.join(Math.max(1, millis));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return !thread.isAlive();
	}

	private static long elapsedMillis(long started) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
	}

	/**
	 * Go's {@code time.Duration.String()} for the usual cases (whole or fractional
	 * seconds, milliseconds).
	 */
	static String goDuration(Duration d) {
		long nanos = d.toNanos();
		if (nanos == 0) {
			return "0s";
		}
		if (nanos % 1_000_000_000L == 0) {
			long s = nanos / 1_000_000_000L;
			if (s < 60) {
				return s + "s";
			}
			long h = s / 3600;
			long m = (s % 3600) / 60;
			long sec = s % 60;
			return (h > 0 ? h + "h" : "") + m + "m" + sec + "s";
		}
		if (nanos < 1_000_000_000L && nanos % 1_000_000L == 0) {
			return (nanos / 1_000_000L) + "ms";
		}
		return new java.math.BigDecimal(nanos).movePointLeft(9).stripTrailingZeros().toPlainString() + "s";
	}

	private static Thread daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

	private static void write(OutputStream out, byte[] data) {
		try (out) {
			out.write(data);
		}
		catch (IOException ex) {
			// The hook may exit or close stdin without reading it all (broken pipe): not
			// an error, as in Go.
		}
	}

	static void deleteTree(Path dir) {
		try {
			Files.walkFileTree(dir, new SimpleFileVisitor<>() {
				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
					Files.deleteIfExists(file);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
					Files.deleteIfExists(d);
					return FileVisitResult.CONTINUE;
				}
			});
		}
		catch (IOException ex) {
			// Best effort: a hook may have left something we cannot remove.
		}
	}

	/**
	 * Reads one output pipe of a process without ever blocking on it: reads only what is
	 * available, and stops once the process has exited and the pipe is empty. A
	 * background process that inherited the pipe therefore cannot hold the chain (a
	 * blocking read would wait for it, and the JDK's own drain at exit races with such a
	 * read).
	 */
	abstract static class PipeReader implements Runnable {

		private static final long MAX_IDLE_WAIT_MILLIS = 20;

		private final InputStream in;

		private final Process process;

		PipeReader(InputStream in, Process process) {
			this.in = in;
			this.process = process;
		}

		/** Takes {@code n} bytes; false stops reading. */
		abstract boolean accept(byte[] chunk, int n);

		@Override
		public void run() {
			byte[] chunk = new byte[64 * 1024];
			long idle = 1;
			try (this.in) {
				while (true) {
					boolean exited = !this.process.isAlive();
					int available = this.in.available();
					if (available > 0) {
						int n = this.in.read(chunk, 0, Math.min(available, chunk.length));
						if (n < 0) {
							return;
						}
						if (!accept(chunk, n)) {
							return;
						}
						idle = 1;
					}
					else if (exited) {
						// Exited before the pipe was found empty: nothing more from the
						// process itself.
						return;
					}
					else {
						try {
							this.process.onExit().get(idle, TimeUnit.MILLISECONDS);
						}
						catch (TimeoutException | ExecutionException ex) {
							// Poll again.
						}
						idle = Math.min(idle * 2, MAX_IDLE_WAIT_MILLIS);
					}
				}
			}
			catch (IOException ex) {
				// The stream was closed under us: keep what was read.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	/**
	 * Reads stdout up to a limit; one byte more completes {@link #overflow} and stops
	 * reading.
	 */
	static final class CappedReader extends PipeReader {

		private final long limit;

		private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

		private long total;

		final CompletableFuture<Void> overflow = new CompletableFuture<>();

		CappedReader(InputStream in, Process process, long limit) {
			super(in, process);
			this.limit = limit;
		}

		@Override
		boolean accept(byte[] chunk, int n) {
			if (this.total + n > this.limit) {
				this.overflow.complete(null);
				return false;
			}
			synchronized (this.buffer) {
				this.buffer.write(chunk, 0, n);
			}
			this.total += n;
			return true;
		}

		byte[] bytes() {
			synchronized (this.buffer) {
				return this.buffer.toByteArray();
			}
		}

	}

	/** Reads stderr to its end, keeping only the last bytes. */
	static final class TailReader extends PipeReader {

		private final byte[] ring;

		private long total;

		TailReader(InputStream in, Process process, int tail) {
			super(in, process);
			this.ring = new byte[tail];
		}

		@Override
		synchronized boolean accept(byte[] chunk, int n) {
			if (this.ring.length == 0) {
				this.total += n;
				return true;
			}
			for (int i = 0; i < n; i++) {
				this.ring[(int) (this.total % this.ring.length)] = chunk[i];
				this.total++;
			}
			return true;
		}

		/** The kept tail, decoded as UTF-8 with malformed bytes replaced. */
		synchronized String text() {
			int size = (int) Math.min(this.total, this.ring.length);
			byte[] out = new byte[size];
			long start = this.total - size;
			for (int i = 0; i < size; i++) {
				out[i] = this.ring[(int) ((start + i) % this.ring.length)];
			}
			return new String(out, StandardCharsets.UTF_8);
		}

	}

}
