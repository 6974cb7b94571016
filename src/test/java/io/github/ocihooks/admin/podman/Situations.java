package io.github.ocihooks.admin.podman;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.ocihooks.admin.podman.PodmanSituation.Builder;
import io.github.ocihooks.admin.podman.PodmanSituation.Container;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The situations: the real-world files with their executables swapped for recording
 * scripts, then masking, broken and skipped files, conditions (annotations, volumes,
 * commands), extension stages, {@code --hooks-dir} and podman's fixed directories. Every
 * situation gets its own directories under {@code base}.
 */
final class Situations {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String ALWAYS = "{\"always\": true}";

	private final PodmanRunner podman;

	private final Path base;

	private final Path realworld;

	private final List<PodmanSituation> all = new ArrayList<>();

	/**
	 * @param realworld the real-world hook files, or null when they are not beside the
	 * project (those are left out)
	 */
	Situations(PodmanRunner podman, Path base, Path realworld) {
		this.podman = podman;
		this.base = base;
		this.realworld = realworld;
	}

	private String dir(String situation, String dir) {
		return this.base.resolve(situation).resolve(dir).toString();
	}

	/** A 1.0.0 definition whose executable is the recording script {@code id}. */
	private String rec(String id, String when, String... stages) throws IOException {
		return "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"" + this.podman.recorder(id) + "\", \"args\": [\"" + id
				+ "\", \"" + id + "\"]}, \"when\": " + when + ", \"stages\": " + JSON.writeValueAsString(stages) + "}";
	}

	private Builder situation(String name) {
		return new Builder(name);
	}

	/**
	 * A situation whose directories a, b (, c) are read through containers.conf
	 * {@code hooks_dir}.
	 */
	private Builder conf(String name, String... dirs) {
		String[] paths = new String[dirs.length];
		for (int i = 0; i < dirs.length; i++) {
			paths[i] = dir(name, dirs[i]);
		}
		return new Builder(name).hooksDir(paths);
	}

	private void add(Builder b) {
		this.all.add(b.build());
	}

	private Container volume() {
		return Container.of("/bin/true").volume("-v", this.base.resolve("volume") + ":/mnt");
	}

	List<PodmanSituation> all() throws IOException {
		Files.createDirectories(this.base.resolve("volume"));
		if (this.realworld != null) {
			realworld();
		}
		masking();
		conditions();
		extensionStages();
		commandLine();
		fixedDirectories();
		return this.all;
	}

	// The real-world files, executables swapped (their when and stages kept).

	private record RealFile(String id, String installName, String published, String swapped, boolean json) {
	}

	private List<RealFile> realFiles() throws IOException {
		List<RealFile> files = new ArrayList<>();
		for (JsonNode entry : JSON.readTree(this.realworld.resolve("manifest.json").toFile())) {
			String id = entry.get("id").asString();
			String published = Files.readString(this.realworld.resolve(id + ".json"));
			String swapped = published.replace("\"" + entry.get("origPath").asString() + "\"",
					"\"" + this.podman.recorder(id) + "\"");
			boolean json = true;
			try {
				JSON.readTree(published);
			}
			catch (JacksonException ex) {
				json = false;
			}
			files.add(new RealFile(id, entry.get("installName").asString(), published, swapped, json));
		}
		return files;
	}

	/** The container that makes a real-world file's conditions true. */
	private Container trigger(String id) {
		Map<String, String> annotation = Map.of("doc-v1-nvidia", "com.example.department=fluid-dynamics",
				"perfext-ldcache", "ldcache.enable=true", "perfext-mps", "mps.enable=true", "qm-device-manager",
				"org.containers.qm.device.input=1", "qm-wayland-client", "org.containers.qm.wayland-client.seat0=1",
				"sarus-glibc", "com.hooks.glibc.enabled=true", "sarus-ssh", "com.hooks.ssh.enabled=true",
				"sarus-mount-slurm", "com.hooks.slurm.activate=true");
		if (annotation.containsKey(id)) {
			String[] kv = annotation.get(id).split("=", 2);
			return Container.of("/bin/true").annotate(kv[0], kv[1]);
		}
		if (List.of("oci-register-machine", "oci-systemd-hook-rhatdan", "doc-v1-systemd").contains(id)) {
			return Container.of("/sbin/init");
		}
		if (id.contains("umount")) {
			return volume();
		}
		return Container.of("/bin/true");
	}

	private void realworld() throws IOException {
		List<RealFile> files = realFiles();
		for (RealFile f : files) {
			String name = "rw-" + f.id();
			add(conf(name, "a").file(dir(name, "a"), f.installName(), f.swapped()).container(trigger(f.id())));
		}
		// Conditions false: nothing runs.
		add(conf("rw-doc-v1-systemd-not-init", "a")
			.file(dir("rw-doc-v1-systemd-not-init", "a"), "oci-systemd-hook.json", swapped(files, "doc-v1-systemd"))
			.container(Container.of("/bin/echo", "init")));
		add(conf("rw-oci-umount-no-volume", "a").file(dir("rw-oci-umount-no-volume", "a"), "oci-umount.json",
				swapped(files, "oci-umount")));
		add(conf("rw-doc-v1-nvidia-other-department", "a")
			.file(dir("rw-doc-v1-nvidia-other-department", "a"), "nvidia.json", swapped(files, "doc-v1-nvidia"))
			.container(Container.of("/bin/true").annotate("com.example.department", "fluid-dynamics-lab")));
		// All the valid ones together, every condition true: podman's order across files,
		// stages listed twice.
		String together = "rw-all-swapped-every-condition";
		Builder all = conf(together, "a");
		Container everything = Container.of("/sbin/init").volume("--tmpfs", "/scratch");
		for (RealFile f : files) {
			if (f.json()) {
				all.file(dir(together, "a"), f.id() + ".json", f.swapped());
			}
			Container t = trigger(f.id());
			for (Map.Entry<String, String> a : t.annotations().entrySet()) {
				everything = everything.annotate(a.getKey(), a.getValue());
			}
		}
		add(all.container(everything));
		String plain = "rw-all-swapped-plain-container";
		Builder plainAll = conf(plain, "a");
		for (RealFile f : files) {
			if (f.json()) {
				plainAll.file(dir(plain, "a"), f.id() + ".json", f.swapped());
			}
		}
		add(plainAll);
		// As published: every executable missing, silently skipped.
		String published = "rw-all-as-published-valid-json";
		Builder pub = conf(published, "a");
		for (RealFile f : files) {
			if (f.json()) {
				pub.file(dir(published, "a"), f.id() + ".json", f.published());
			}
		}
		add(pub.container(everything));
		// Installed as their packages name them, two generations in two directories: the
		// newer masks the older.
		String installed = "rw-installed-two-directories";
		add(conf(installed, "a", "b")
			.file(dir(installed, "a"), "oci-nvidia-hook.json", swapped(files, "nvidia-toolkit-2020"))
			.file(dir(installed, "a"), "99-nvidia.json", swapped(files, "nvidia-ctk-crio-old-path"))
			.file(dir(installed, "a"), "oci-umount.json", swapped(files, "oci-umount"))
			.file(dir(installed, "b"), "oci-nvidia-hook.json", swapped(files, "nvidia-runtime-hook-2021"))
			.file(dir(installed, "b"), "99-nvidia.json", swapped(files, "nvidia-ctk-crio-99-nvidia"))
			.container(volume()));
		// A documentation example with a trailing comma, masked by the working file:
		// still refuses every container.
		String maskedDoc = "rw-broken-doc-example-masked";
		add(conf(maskedDoc, "a", "b")
			.file(dir(maskedDoc, "a"), "oci-umount.json", swapped(files, "doc-v1-umount-trailing-comma"))
			.file(dir(maskedDoc, "b"), "oci-umount.json", swapped(files, "oci-umount"))
			.container(volume()));
	}

	private static String swapped(List<RealFile> files, String id) {
		return files.stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow().swapped();
	}

	private void masking() throws IOException {
		String n = "mask-higher-directory-wins";
		add(conf(n, "a", "b").file(dir(n, "a"), "x.json", rec("mask-low", ALWAYS, "prestart"))
			.file(dir(n, "b"), "x.json", rec("mask-high", ALWAYS, "poststart")));
		n = "mask-order-of-hooks-dir-decides";
		add(conf(n, "b", "a").file(dir(n, "a"), "x.json", rec("order-a", ALWAYS, "prestart"))
			.file(dir(n, "b"), "x.json", rec("order-b", ALWAYS, "prestart")));
		n = "mask-three-directories";
		add(conf(n, "a", "b", "c").file(dir(n, "a"), "x.json", rec("three-a", ALWAYS, "prestart"))
			.file(dir(n, "a"), "y.json", rec("three-ay", ALWAYS, "prestart"))
			.file(dir(n, "b"), "x.json", rec("three-b", ALWAYS, "prestart"))
			.file(dir(n, "c"), "y.json", rec("three-cy", ALWAYS, "createRuntime")));
		n = "mask-broken-file-masked-still-refuses";
		add(conf(n, "a", "b").file(dir(n, "a"), "x.json", "{\"version\": \"1.0.0\", \"hook\": ")
			.file(dir(n, "b"), "x.json", rec("masks-broken", ALWAYS, "prestart")));
		n = "mask-broken-file-masking-a-good-one";
		add(conf(n, "a", "b").file(dir(n, "a"), "x.json", rec("masked-by-broken", ALWAYS, "prestart"))
			.file(dir(n, "b"), "x.json", "not json"));
		n = "mask-missing-executable-does-not-mask";
		add(conf(n, "a", "b").file(dir(n, "a"), "x.json", rec("stays-active", ALWAYS, "prestart"))
			.file(dir(n, "b"), "x.json", hook("/nonexistent/hook", ALWAYS, "prestart")));
		n = "mask-missing-executable-first-hides-later-errors";
		add(conf(n, "a").file(dir(n, "a"), "a-missing.json", hook("/nonexistent/hook", ALWAYS, "prestart"))
			.file(dir(n, "a"), "b-broken.json", "{")
			.file(dir(n, "a"), "c-good.json", rec("after-hidden-error", ALWAYS, "prestart")));
		n = "mask-broken-first-then-missing-executable";
		add(conf(n, "a").file(dir(n, "a"), "a-broken.json", "{")
			.file(dir(n, "a"), "b-missing.json", hook("/nonexistent/hook", ALWAYS, "prestart")));
		n = "mask-two-broken-files-chained-error";
		add(conf(n, "a").file(dir(n, "a"), "a.json", "{").file(dir(n, "a"), "b.json", "[]"));
		n = "load-unknown-stage";
		add(conf(n, "a").file(dir(n, "a"), "x.json", rec("midstart", ALWAYS, "prestart", "midstart")));
		n = "load-invalid-command-regexp";
		add(conf(n, "a").file(dir(n, "a"), "x.json", rec("bad-regexp", "{\"commands\": [\"(\"]}", "prestart")));
		n = "load-no-when-condition";
		add(conf(n, "a").file(dir(n, "a"), "x.json", rec("no-when", "{}", "prestart")));
		n = "load-annotation-value-not-a-string";
		// The wording depends on the Go release podman was built with (GoRelease):
		// Debian's is Go 1.19.
		add(conf(n, "a").file(dir(n, "a"), "x.json", rec("number-value", "{\"annotations\": {\"a\": 1}}", "prestart")));
		n = "load-regexp-lookbehind";
		add(conf(n, "a").file(dir(n, "a"), "x.json", rec("lookbehind", "{\"commands\": [\"(?<=/)sh\"]}", "prestart")));
		n = "load-regexp-named-group-angle-brackets";
		// Valid from Go 1.22 on; a podman built with an older Go refuses every container.
		add(conf(n, "a").file(dir(n, "a"), "x.json",
				rec("named-angle", "{\"commands\": [\"(?<cmd>true)\"]}", "prestart")));
		n = "load-missing-directory-is-fine";
		add(conf(n, "a", "missing").file(dir(n, "a"), "x.json", rec("missing-dir", ALWAYS, "prestart")));
		n = "load-directory-is-a-file";
		add(conf(n, "a", "a/x.json").file(dir(n, "a"), "x.json", rec("dir-is-file", ALWAYS, "prestart")));
		n = "load-non-json-names-ignored";
		add(conf(n, "a").file(dir(n, "a"), "README", "{")
			.file(dir(n, "a"), "x.json.bak", "{")
			.file(dir(n, "a"), "X.JSON", "{")
			.file(dir(n, "a"), "x.json", rec("only-json", ALWAYS, "prestart")));
		n = "order-case-insensitive-by-file-name";
		add(conf(n, "a", "b").file(dir(n, "a"), "B.json", rec("upper-b", ALWAYS, "prestart"))
			.file(dir(n, "b"), "a.json", rec("lower-a", ALWAYS, "prestart"))
			.file(dir(n, "a"), "c.json", rec("lower-c", ALWAYS, "prestart", "poststart")));
		n = "order-stage-listed-twice-injects-twice";
		add(conf(n, "a").file(dir(n, "a"), "x.json", rec("twice", ALWAYS, "prestart", "prestart", "createRuntime")));
		n = "exact-args-env-timeout";
		add(conf(n, "a").file(dir(n, "a"), "x.json",
				"{\"version\": \"1.0.0\", \"hook\": {\"path\": \"" + this.podman.recorder("exact")
						+ "\", \"args\": [\"exact\", \"--flag=1\", \"two words?\"], \"env\": "
						+ "[\"A=1\", \"PATH=/nowhere\"], \"timeout\": 30}, \"when\": {\"always\": true}, \"stages\": "
						+ "[\"createContainer\", \"prestart\"]}")
			.file(dir(n, "a"), "y.json",
					"{\"version\": \"1.0.0\", \"hook\": {\"path\": \"" + this.podman.recorder("no-args")
							+ "\", \"args\": [], \"env\": []}, \"when\": {\"always\": "
							+ "true}, \"stages\": [\"poststart\"]}"));
	}

	private static String hook(String path, String when, String... stages) {
		return "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"" + path + "\"}, \"when\": " + when + ", \"stages\": "
				+ JSON.writeValueAsString(stages) + "}";
	}

	private void conditions() throws IOException {
		String annotated = "{\"annotations\": {\"^com\\\\.example\\\\.team$\": \"^(blue|green)$\"}}";
		String n = "annotation-matches";
		add(conf(n, "a").file(dir(n, "a"), "x.json", rec("team", annotated, "prestart"))
			.container(Container.of("/bin/true").annotate("com.example.team", "green")));
		n = "annotation-value-does-not-match";
		add(conf(n, "a").file(dir(n, "a"), "x.json", rec("team-no", annotated, "prestart"))
			.container(Container.of("/bin/true").annotate("com.example.team", "greenish")));
		n = "annotation-podmans-own-are-matched";
		add(conf(n, "a")
			.file(dir(n, "a"), "manager.json",
					rec("own-manager", "{\"annotations\": {\"^io\\\\.container\\\\.manager$\": \"^libpod$\"}}",
							"prestart"))
			.file(dir(n, "a"), "signal.json", rec("own-signal",
					"{\"annotations\": {\"^org\\\\.opencontainers\\\\.image\\\\.stopSignal$\": \"^15$\"}}", "prestart"))
			.file(dir(n, "a"), "tty.json",
					rec("own-tty", "{\"annotations\": {\"cri-o\\\\.TTY\": \"false\"}}", "prestart")));
		n = "annotation-pattern-is-unanchored";
		add(conf(n, "a")
			.file(dir(n, "a"), "x.json", rec("unanchored", "{\"annotations\": {\"team\": \"re\"}}", "prestart"))
			.container(Container.of("/bin/true").annotate("com.example.team", "green")));
		n = "volume-bind";
		String bindWhen = "{\"hasBindMounts\": true}";
		add(conf(n, "a").file(dir(n, "a"), "x.json", rec("bind-v", bindWhen, "prestart")).container(volume()));
		n = "volume-tmpfs-counts";
		add(conf(n, "a").file(dir(n, "a"), "x.json", rec("bind-tmpfs", bindWhen, "prestart"))
			.container(Container.of("/bin/true").volume("--tmpfs", "/scratch")));
		n = "volume-named-counts";
		add(conf(n, "a").file(dir(n, "a"), "x.json", rec("bind-named", bindWhen, "prestart"))
			.container(Container.of("/bin/true").volume("-v", "rpit-named:/data")));
		n = "volume-mount-flag-counts";
		add(conf(n, "a").file(dir(n, "a"), "x.json", rec("bind-mount", bindWhen, "prestart"))
			.container(Container.of("/bin/true").volume("--mount", "type=tmpfs,destination=/scratch")));
		n = "volume-none";
		add(conf(n, "a").file(dir(n, "a"), "x.json", rec("bind-none", bindWhen, "prestart")));
		String init = "{\"commands\": [\".*/init$\"]}";
		n = "command-matches-args0";
		add(conf(n, "a").file(dir(n, "a"), "x.json", rec("cmd-init", init, "prestart"))
			.container(Container.of("/sbin/init")));
		n = "command-only-args0-counts";
		add(conf(n, "a").file(dir(n, "a"), "x.json", rec("cmd-arg1", init, "prestart"))
			.container(Container.of("/bin/echo", "/sbin/init")));
		n = "command-as-given-not-resolved";
		add(conf(n, "a").file(dir(n, "a"), "x.json", rec("cmd-abs", "{\"commands\": [\"^/bin/true$\"]}", "prestart"))
			.file(dir(n, "a"), "y.json", rec("cmd-rel", "{\"commands\": [\"^true$\"]}", "prestart"))
			.container(Container.of("true")));
		n = "volume-systemd-mode-mounts-are-not-volumes";
		add(conf(n, "a").file(dir(n, "a"), "x.json", rec("bind-systemd", bindWhen, "prestart"))
			.file(dir(n, "a"), "y.json", rec("systemd-cmd", "{\"commands\": [\".*/systemd$\"]}", "prestart"))
			.container(Container.of("/usr/lib/systemd/systemd")));
		n = "conditions-any-one-suffices";
		add(conf(n, "a")
			.file(dir(n, "a"), "x.json",
					rec("any-one", "{\"always\": false, \"commands\": [\"nomatch\"], " + "\"hasBindMounts\": true}",
							"prestart"))
			.container(volume()));
	}

	private void extensionStages() throws IOException {
		String n = "extension-precreate-and-poststop";
		add(conf(n, "a", "b").file(dir(n, "a"), "b.json", rec("pre-b", ALWAYS, "precreate"))
			.file(dir(n, "b"), "a.json", rec("pre-a", ALWAYS, "precreate", "poststop"))
			.file(dir(n, "a"), "c.json", rec("stop-c", ALWAYS, "poststop", "prestart"))
			.file(dir(n, "b"), "d.json", rec("stop-d", ALWAYS, "poststop")));
		n = "extension-only-gives-empty-hooks";
		add(conf(n, "a").file(dir(n, "a"), "x.json", rec("only-precreate", ALWAYS, "precreate")));
		n = "extension-conditional";
		add(conf(n, "a")
			.file(dir(n, "a"), "x.json",
					rec("pre-annotated", "{\"annotations\": {\"^stage$\": \"^pre$\"}}", "precreate"))
			.file(dir(n, "a"), "y.json",
					rec("stop-annotated", "{\"annotations\": {\"^stage$\": \"^stop$\"}}", "poststop"))
			.container(Container.of("/bin/true").annotate("stage", "stop")));
	}

	private void commandLine() throws IOException {
		String n = "cli-hooks-dir-replaces-conf";
		add(situation(n).hooksDir(dir(n, "conf"))
			.file(dir(n, "conf"), "x.json", rec("from-conf", ALWAYS, "prestart"))
			.file(dir(n, "cli"), "y.json", rec("from-cli", ALWAYS, "prestart"))
			.cli(dir(n, "cli")));
		n = "cli-two-flags-mask";
		add(situation(n).noHooksDirKey()
			.file(dir(n, "a"), "x.json", rec("cli-low", ALWAYS, "prestart"))
			.file(dir(n, "b"), "x.json", rec("cli-high", ALWAYS, "prestart"))
			.file(dir(n, "b"), "y.json", rec("cli-y", ALWAYS, "poststop"))
			.cli(dir(n, "a"), dir(n, "b")));
		n = "cli-comma-separated";
		add(situation(n).hooksDir(dir(n, "a"))
			.file(dir(n, "a"), "x.json", rec("comma-low", ALWAYS, "prestart"))
			.file(dir(n, "b"), "x.json", rec("comma-high", ALWAYS, "prestart"))
			.cli(dir(n, "a") + "," + dir(n, "b")));
		n = "cli-broken-file-refuses";
		add(situation(n).hooksDir(dir(n, "conf"))
			.file(dir(n, "cli"), "x.json", "{\"version\": \"2.0.0\"}")
			.cli(dir(n, "cli")));
	}

	private void fixedDirectories() throws IOException {
		String usr = EnginePredictor.DEFAULT_DIR;
		String etc = EnginePredictor.OVERRIDE_DIR;
		add(situation("fixed-no-hooks-dir-key-reads-usr-share-only").noHooksDirKey()
			.file(usr, "x.json", rec("usr-only", ALWAYS, "prestart"))
			.file(etc, "y.json", rec("etc-never", ALWAYS, "prestart"))
			.defaultDirs());
		add(situation("fixed-no-hooks-dir-key-broken-usr-share-refuses").noHooksDirKey()
			.file(usr, "x.json", "{")
			.defaultDirs());
		add(situation("fixed-empty-hooks-dir-reads-nothing").hooksDir()
			.file(usr, "x.json", rec("empty-usr", ALWAYS, "prestart", "precreate"))
			.file(etc, "x.json", rec("empty-etc", ALWAYS, "prestart", "poststop"))
			.defaultDirs());
		add(situation("fixed-empty-hooks-dir-broken-file-harmless").hooksDir()
			.file(usr, "x.json", "{")
			.file(etc, "y.json", "{")
			.defaultDirs());
		add(situation("fixed-both-named-etc-masks-usr-share").hooksDir(usr, etc)
			.file(usr, "x.json", rec("named-usr", ALWAYS, "prestart"))
			.file(etc, "x.json", rec("named-etc", ALWAYS, "prestart"))
			.file(usr, "z.json", rec("named-usr-z", ALWAYS, "precreate"))
			.defaultDirs());
	}

}
