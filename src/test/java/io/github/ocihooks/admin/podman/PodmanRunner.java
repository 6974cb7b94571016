package io.github.ocihooks.admin.podman;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives the real podman in an isolated store: its own storage (vfs) under a work
 * directory, its own storage.conf and containers.conf (through
 * {@code CONTAINERS_STORAGE_CONF} and {@code CONTAINERS_CONF}, which podman then reads
 * alone), runc, cgroupfs, no network, an image imported from a busybox root file system.
 * Hooks are small shell scripts ({@link #recorder}) that log every run.
 */
final class PodmanRunner implements AutoCloseable {

	static final String IMAGE = "localhost/realpodmanit:1";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Path work;

	private final Path runc;

	private final Path storageConf;

	private final Path log;

	private final Path bin;

	private int containers;

	/** What one {@code podman run} did. */
	record Observation(int exitCode, String stderr, JsonNode config, List<Run> runs) {
	}

	/**
	 * One run of a recording hook.
	 *
	 * @param kind {@code precreate} (podman passed it the config), {@code poststop}
	 * (podman ran it with the stopped state) or {@code oci} (the OCI runtime ran it)
	 * @param script the executable ({@code $0})
	 * @param args its arguments after argv[0]
	 */
	record Run(String kind, String script, List<String> args) {
	}

	/** Why the real podman cannot be driven here, or null when it can. */
	static String unavailable() {
		List<String> missing = new ArrayList<>();
		for (String tool : List.of("podman", "tar", "conmon")) {
			if (which(tool) == null) {
				missing.add(tool);
			}
		}
		if (which("runc") == null && !Files.isExecutable(Path.of("/usr/sbin/runc"))) {
			missing.add("runc");
		}
		if (!Files.isExecutable(Path.of("/bin/busybox"))) {
			missing.add("/bin/busybox (busybox-static)");
		}
		if (!missing.isEmpty()) {
			return "missing " + String.join(", ", missing) + " (on Debian: apt-get install podman runc busybox-static)";
		}
		if (!"root".equals(System.getProperty("user.name"))) {
			return "not root (" + System.getProperty("user.name") + "): rootless podman reads hooks differently";
		}
		return null;
	}

	static Path which(String tool) {
		String path = System.getenv("PATH");
		List<String> dirs = new ArrayList<>(Arrays.asList(((path != null) ? path : "").split(":")));
		dirs.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
		for (String dir : dirs) {
			if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
				return Path.of(dir, tool);
			}
		}
		return null;
	}

	PodmanRunner(Path work) throws IOException, InterruptedException {
		this.work = work;
		Path r = which("runc");
		this.runc = (r != null) ? r : Path.of("/usr/sbin/runc");
		this.bin = Files.createDirectories(work.resolve("bin"));
		this.log = work.resolve("hooks.log");
		this.storageConf = work.resolve("storage.conf");
		Files.writeString(this.storageConf, "[storage]\ndriver = \"vfs\"\nrunroot = \"" + work.resolve("runroot")
				+ "\"\ngraphroot = \"" + work.resolve("root") + "\"\n");
		Path conf = work.resolve("setup.conf");
		Files.writeString(conf, "[engine]\n");
		Path tar = buildRootfs();
		Result imported = podman(conf, List.of(), "import", tar.toString(), IMAGE);
		if (imported.exitCode() != 0) {
			throw new IllegalStateException("podman import failed: " + imported.stderr());
		}
	}

	/** podman's version ({@code podman version 4.3.1} gives {@code 4.3.1}). */
	String version() throws IOException, InterruptedException {
		Result r = exec(List.of("podman", "--version"), Map.of(), 60);
		String out = r.stdout().trim();
		return out.substring(out.lastIndexOf(' ') + 1);
	}

	/**
	 * A busybox root file system: {@code /bin/busybox} and its applets, plus
	 * {@code /sbin/init} and {@code /usr/lib/systemd/systemd} as scripts that exit 0 (so
	 * that {@code .*&#47;init$} hooks can match without running an init).
	 */
	private Path buildRootfs() throws IOException, InterruptedException {
		Path rootfs = this.work.resolve("rootfs");
		Files.createDirectories(rootfs.resolve("bin"));
		Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
		for (String applet : List.of("sh", "true", "false", "echo", "cat", "ls", "sleep", "env")) {
			Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
		}
		for (String d : List.of("sbin", "usr/lib/systemd", "tmp", "proc", "sys", "dev", "etc", "mnt")) {
			Files.createDirectories(rootfs.resolve(d));
		}
		for (String script : List.of("sbin/init", "usr/lib/systemd/systemd")) {
			Path p = rootfs.resolve(script);
			Files.writeString(p, "#!/bin/sh\nexit 0\n");
			Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
		}
		Path tar = this.work.resolve("rootfs.tar");
		Result r = exec(List.of("tar", "-C", rootfs.toString(), "-cf", tar.toString(), "."), Map.of(), 60);
		if (r.exitCode() != 0) {
			throw new IllegalStateException("tar failed: " + r.stderr());
		}
		return tar;
	}

	/**
	 * A recording hook executable for {@code id}: it drains its standard input, echoes
	 * the config back when it is a precreate hook (podman's {@code RuntimeConfigFilter}
	 * reads the new config from its standard output), and appends {@code kind, $0, args}
	 * to the log. Hooks get only their definition's environment, hence absolute paths
	 * only.
	 */
	Path recorder(String id) throws IOException {
		Path script = this.bin.resolve(id);
		if (!Files.exists(script)) {
			String log = this.log.toString();
			Files.writeString(script, """
					#!/bin/sh
					in=$(/bin/busybox cat)
					parent=$(/bin/busybox cat /proc/$PPID/comm 2>/dev/null)
					case "$in" in
					*'"status":"stopped"'*)
					  case "$parent" in podman*) kind=poststop ;; *) kind=oci ;; esac ;;
					*'"status":"'*) kind=oci ;;
					*) kind=precreate; printf '%%s' "$in" ;;
					esac
					line="$kind\t$0"
					for a in "$@"; do line="$line\t$a"; done
					printf '%%s\\n' "$line" >> '%s'
					exit 0
					""".formatted(log));
			Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
		}
		return script;
	}

	/** Writes the containers.conf of a situation. */
	Path containersConf(PodmanSituation situation, Path dir) throws IOException {
		StringBuilder conf = new StringBuilder("[engine]\n");
		situation.confHooksDir().ifPresent(dirs -> {
			conf.append("hooks_dir = [");
			for (int i = 0; i < dirs.size(); i++) {
				conf.append((i > 0) ? ", " : "").append('"').append(dirs.get(i)).append('"');
			}
			conf.append("]\n");
		});
		Files.createDirectories(dir);
		Path file = dir.resolve("containers.conf");
		Files.writeString(file, conf.toString());
		return file;
	}

	/**
	 * Runs the situation's container (its hook files must be on disk) and collects what
	 * podman did.
	 */
	Observation run(PodmanSituation situation, Path conf) throws IOException, InterruptedException {
		Files.deleteIfExists(this.log);
		String name = "rpit-" + (++this.containers);
		List<String> global = new ArrayList<>();
		for (String d : situation.cliHooksDirs()) {
			global.add("--hooks-dir");
			global.add(d);
		}
		List<String> args = new ArrayList<>(List.of("run", "--name", name, "--pull", "never", "--network", "none",
				"--ulimit", "nofile=20000:20000", "--ulimit", "nproc=1000:1000"));
		situation.container().annotations().forEach((k, v) -> {
			args.add("--annotation");
			args.add(k + "=" + v);
		});
		for (PodmanSituation.Flag f : situation.container().volumes()) {
			args.add(f.flag());
			args.add(f.value());
		}
		args.add(IMAGE);
		args.addAll(situation.container().command());
		Result run = podman(conf, global, args.toArray(String[]::new));
		JsonNode config = null;
		Result inspect = podman(conf, List.of(), "container", "inspect", "--format", "{{.Id}}", name);
		if (inspect.exitCode() == 0) {
			String id = inspect.stdout().trim();
			// Synchronous: returns once the container is cleaned up (poststop hooks run),
			// whoever does it first.
			podman(conf, List.of(), "container", "cleanup", id);
			for (String driver : List.of("vfs", "overlay")) {
				Path file = this.work.resolve("root")
					.resolve(driver + "-containers")
					.resolve(id)
					.resolve("userdata/config.json");
				if (Files.exists(file)) {
					config = JSON.readTree(Files.readString(file));
				}
			}
			podman(conf, List.of(), "rm", "-f", "-v", id);
		}
		List<Run> runs = new ArrayList<>();
		if (Files.exists(this.log)) {
			for (String line : Files.readAllLines(this.log)) {
				List<String> parts = List.of(line.split("\t", -1));
				runs.add(new Run(parts.get(0), parts.get(1), parts.subList(2, parts.size())));
			}
		}
		return new Observation(run.exitCode(), run.stderr(), config, runs);
	}

	record Result(int exitCode, String stdout, String stderr) {
	}

	private Result podman(Path conf, List<String> global, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("podman", "--root", this.work.resolve("root").toString(),
				"--runroot", this.work.resolve("runroot").toString(), "--tmpdir", this.work.resolve("tmp").toString(),
				"--storage-driver", "vfs", "--runtime", this.runc.toString(), "--cgroup-manager", "cgroupfs",
				"--events-backend", "none"));
		command.addAll(global);
		command.addAll(List.of(args));
		return exec(command,
				Map.of("CONTAINERS_CONF", conf.toString(), "CONTAINERS_STORAGE_CONF", this.storageConf.toString()),
				120);
	}

	private static Result exec(List<String> command, Map<String, String> env, int timeoutSeconds)
			throws IOException, InterruptedException {
		ProcessBuilder pb = new ProcessBuilder(command);
		pb.environment().remove("CONTAINER_HOST");
		pb.environment().remove("CONTAINER_CONNECTION");
		pb.environment().remove("CONTAINERS_CONF_OVERRIDE");
		pb.environment().putAll(env);
		pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
		Path out = Files.createTempFile("podman-out", ".txt");
		Path err = Files.createTempFile("podman-err", ".txt");
		try {
			pb.redirectOutput(out.toFile());
			pb.redirectError(err.toFile());
			Process p = pb.start();
			if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
				p.destroyForcibly();
				p.waitFor();
				throw new IllegalStateException("timed out after " + timeoutSeconds + " s: " + command);
			}
			return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
					Files.readString(err, StandardCharsets.UTF_8));
		}
		finally {
			Files.deleteIfExists(out);
			Files.deleteIfExists(err);
		}
	}

	/**
	 * Removes every container and volume of the isolated store, then unmounts what is
	 * left under the work dir.
	 */
	@Override
	public void close() throws IOException, InterruptedException {
		Path conf = this.work.resolve("setup.conf");
		podman(conf, List.of(), "rm", "-a", "-f", "-v");
		podman(conf, List.of(), "volume", "rm", "-a", "-f");
		podman(conf, List.of(), "rmi", "-a", "-f");
		List<String> mounts = new ArrayList<>();
		for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
			String[] f = line.split(" ");
			if (f.length > 4 && f[4].startsWith(this.work.toString())) {
				mounts.add(f[4]);
			}
		}
		for (int i = mounts.size() - 1; i >= 0; i--) {
			exec(List.of("umount", "-l", mounts.get(i)), Map.of(), 30);
		}
	}

}
