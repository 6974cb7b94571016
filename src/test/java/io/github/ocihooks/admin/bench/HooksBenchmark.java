package io.github.ocihooks.admin.bench;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.github.ocihooks.admin.OciHooksAdminApplication;
import io.github.ocihooks.admin.engine.ContainerConfig;
import io.github.ocihooks.admin.engine.DirectoryScan;
import io.github.ocihooks.admin.engine.ExecutableProbe;
import io.github.ocihooks.admin.engine.GoJson;
import io.github.ocihooks.admin.engine.HookLoader;
import io.github.ocihooks.admin.engine.HookPreview;
import io.github.ocihooks.admin.engine.LoadMode;
import io.github.ocihooks.admin.engine.PrestartStage;
import io.github.ocihooks.admin.engine.PreviewInput;
import io.github.ocihooks.admin.engine.PreviewResult;
import io.github.ocihooks.admin.engine.Snapshot;
import io.github.ocihooks.admin.profiles.DirectorySource;
import io.github.ocihooks.admin.profiles.ProfileDirectory;
import io.github.ocihooks.admin.profiles.ProfileOrigin;
import io.github.ocihooks.admin.profiles.ProfileSet;
import io.github.ocihooks.admin.profiles.RuntimeKind;
import io.github.ocihooks.admin.profiles.RuntimeProfile;
import io.github.ocihooks.admin.profiles.RuntimeVersion;
import io.github.ocihooks.admin.profiles.VersionSource;
import io.github.ocihooks.admin.preview.PreviewService;
import io.github.ocihooks.admin.runtimes.RuntimeViews;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The committed benchmark (run with {@code ./mvnw -Pbench -DskipTests verify}; see the
 * README). Plain timing with warm-up, medians and percentiles; results go to stdout and
 * {@code target/benchmark.md}. It measures, on generated but realistic hook directories:
 * <ul>
 * <li>full reload (scan, parse, validate, compile, resolve) of 10,000 files, and the heap
 * the snapshot holds;</li>
 * <li>in-process preview at 10, 1,000 and 10,000 hooks;</li>
 * <li>preview over HTTP (the real server, HTTP Basic) at 10 and 1,000 hooks: one client,
 * then 16 concurrent clients; and, as the floor, the same load on
 * {@code GET /actuator/health}.</li>
 * </ul>
 */
public final class HooksBenchmark {

	private static final String PASSWORD = "bench-password";

	private static final List<String> EXTENSION_STAGES = List.of("precreate", "poststop");

	private static final String CONFIG = "{\"ociVersion\": \"1.0.2\", \"process\": {\"args\": [\"/usr/sbin/init\", "
			+ "\"--foreground\"], \"cwd\": \"/\"}, \"annotations\": {\"io.kubernetes.cri-o.ContainerType\": \"container\", "
			+ "\"com.example.gpu\": \"true\"}, \"mounts\": [{\"destination\": \"/data\", \"type\": \"bind\", \"source\": "
			+ "\"/srv/data\", \"options\": [\"rbind\", \"rw\"]}]}";

	private final StringBuilder report = new StringBuilder();

	public static void main(String[] args) throws Exception {
		new HooksBenchmark().run();
		// HTTP client threads are not daemons; the measurements are done.
		System.exit(0);
	}

	void run() throws Exception {
		Path root = Files.createTempDirectory("hooks-bench");
		line("# Benchmark");
		line("");
		line("Run " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors() + " cores, Java "
				+ System.getProperty("java.version") + ", max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
				+ " MiB.");
		line("");
		line("| measurement | hooks | result |");
		line("|---|---:|---|");
		// -Dbench.only wins; the pom passes "all" when it is not given, and then
		// BENCH_ONLY decides.
		String only = System.getProperty("bench.only");
		if (only == null || only.equals("all")) {
			only = System.getenv("BENCH_ONLY");
		}
		if ("dashboard".equals(only)) {
			// ./mvnw -Pbench -DskipTests verify -Dbench.only=dashboard: only the
			// dashboard row.
			Path dir = root.resolve("h20000");
			generate(dir, 20_000);
			dashboardPages(dir, 20_000);
			write();
			return;
		}
		if ("profiles".equals(only)) {
			// BENCH_ONLY=profiles ./mvnw -Pbench -DskipTests verify: only the per-runtime
			// row.
			Path dir = root.resolve("h1000");
			generate(dir, 1_000);
			Snapshot snapshot = load(dir);
			previewAcrossProfiles(snapshot, 1_000);
			receptionAcrossProfiles(snapshot, 1_000);
			Path big = root.resolve("h10000");
			generate(big, 10_000);
			receptionAcrossProfiles(load(big), 10_000);
			write();
			return;
		}
		for (int n : new int[] { 10, 1_000, 10_000 }) {
			Path dir = root.resolve("h" + n);
			generate(dir, n);
			Snapshot snapshot = load(dir);
			previewInProcess(snapshot, n, true);
			previewInProcess(snapshot, n, false);
		}
		previewAcrossProfiles(load(root.resolve("h1000")), 1_000);
		receptionAcrossProfiles(load(root.resolve("h1000")), 1_000);
		receptionAcrossProfiles(load(root.resolve("h10000")), 10_000);
		reload(root.resolve("h10000"), 10_000);
		incremental(root.resolve("h10000"), 10_000);
		previewOverHttp(root.resolve("h10"), 10, 16, true);
		previewOverHttp(root.resolve("h1000"), 1_000, 16, false);
		generate(root.resolve("h20000"), 20_000);
		dashboardPages(root.resolve("h20000"), 20_000);
		write();
	}

	private void write() throws IOException {
		Path out = Path.of("target", "benchmark.md");
		Files.createDirectories(out.getParent());
		Files.writeString(out, this.report);
		System.out.println();
		System.out.println("Written to " + out.toAbsolutePath());
	}

	private void line(String s) {
		System.out.println(s);
		this.report.append(s).append('\n');
	}

	/**
	 * Realistic definitions: mostly annotation and command conditions, some always, some
	 * legacy.
	 */
	static void generate(Path dir, int n) throws IOException {
		Files.createDirectories(dir);
		Random random = new Random(42);
		String[] stages = { "prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop",
				"precreate" };
		for (int i = 0; i < n; i++) {
			String stage = stages[random.nextInt(stages.length)];
			String when = switch (random.nextInt(5)) {
				case 0 -> "{\"always\": true}";
				case 1 -> "{\"annotations\": {\"^com\\\\.example\\\\.team" + i + "$\": \"^(true|yes|1)$\"}}";
				case 2 -> "{\"commands\": [\".*/tool" + i + "$\", \"^/usr/bin/other" + i + "$\"]}";
				case 3 -> "{\"hasBindMounts\": true, \"annotations\": {\"gpu\": \"^" + i + "$\"}}";
				default -> null;
			};
			String content = (when != null)
					? "{\n  \"version\": \"1.0.0\",\n  \"hook\": {\n    \"path\": \"/bin/true\",\n    \"args\": [\"true\", \""
							+ i + "\"],\n    \"timeout\": 5\n  },\n  \"when\": " + when + ",\n  \"stages\": [\"" + stage
							+ "\"]\n}\n"
					: "{\"hook\": \"/bin/sh\", \"arguments\": [\"-c\", \"true\"], \"stages\": [\"" + stage
							+ "\"], \"cmds\": [\"^/opt/app" + i + "$\"]}\n";
			Files.writeString(dir.resolve(String.format("%05d-hook.json", i)), content, StandardCharsets.UTF_8);
		}
	}

	/**
	 * The preview as {@code PreviewService} answers it ({@code PreviewService.outcomes}:
	 * each profile's inputs, then every profile's preview computed together) with three
	 * runtime profiles (podman 5: merged, precreate and poststop, prestart as
	 * createRuntime, Go 1.22; CRI-O 1.30: merged, no extension stages, prestart kept, Go
	 * 1.22; Buildah: one load per directory, Go 1.21, so its view reads the files again),
	 * podman asked for and explained, the other two side by side with decisions only,
	 * over the per-runtime views (computed once per snapshot, as {@code RuntimeViews}
	 * caches them). Compared with the same call over the views of podman alone. The
	 * measurements are interleaved (each round runs every case once, in a rotating
	 * order), so that a change of load on a shared machine touches all of them alike.
	 * Then the engine part of the three alone: each profile's preview on its own against
	 * {@code HookPreview.previewAll} (the decisions shared), same inputs.
	 */
	private void previewAcrossProfiles(Snapshot snapshot, int n) throws Exception {
		String dir = snapshot.directories().get(0).path();
		RuntimeProfile podman = profile("podman", RuntimeKind.PODMAN, LoadMode.MERGED, EXTENSION_STAGES,
				PrestartStage.CREATE_RUNTIME, "1.22.2", dir);
		List<RuntimeProfile> profiles = List.of(podman,
				profile("crio", RuntimeKind.CRIO, LoadMode.MERGED, List.of(), PrestartStage.PRESTART, "1.22.2", dir),
				profile("buildah", RuntimeKind.BUILDAH, LoadMode.PER_DIRECTORY, List.of(), PrestartStage.CREATE_RUNTIME,
						"1.21.9", dir));
		RuntimeViews.Views alone = RuntimeViews.of(snapshot,
				new ProfileSet(List.of(podman), List.of(), Path.of("/"), false, Instant.now()));
		RuntimeViews.Views views = RuntimeViews.of(snapshot,
				new ProfileSet(profiles, List.of(), Path.of("/"), false, Instant.now()));
		ContainerConfig config = ContainerConfig.parse(GoJson.parse(CONFIG));
		PreviewService.Request request = new PreviewService.Request(config, null, null, null, null, false, "podman");
		List<HookPreview.Ask> asks = new ArrayList<>();
		for (PreviewService.RuntimeOutcome o : PreviewService.outcomes(views, request, true).runtimes()) {
			RuntimeProfile p = o.view().profile();
			asks.add(new HookPreview.Ask(o.view().snapshot(),
					new PreviewInput(config, o.inputs().annotations().value(), o.inputs().hasBindMounts().value(),
							o.inputs().extensionStages().value(), p.loadMode(), p.prestartStage(), p.goRelease()),
					p == podman));
			// What is measured gives each runtime's own answer.
			if (!o.result()
				.equals(HookPreview.preview(asks.get(asks.size() - 1).snapshot(), asks.get(asks.size() - 1).input(),
						p == podman))) {
				throw new IllegalStateException(p.id() + ": the shared preview differs from its own");
			}
		}
		long[][] samples = interleaved(3_000, () -> consume(PreviewService.outcomes(alone, request, true)),
				() -> consume(PreviewService.outcomes(views, request, true)), () -> {
					for (HookPreview.Ask ask : asks) {
						consume(HookPreview.preview(ask.snapshot(), ask.input(), ask.explain()));
					}
				}, () -> HookPreview.previewAll(asks).forEach(HooksBenchmark::consume));
		long m1 = percentile(samples[0], 50);
		long m3 = percentile(samples[1], 50);
		line("| preview for one runtime profile, explained (median / p99) | " + n + " | " + ms(m1) + " / "
				+ ms(percentile(samples[0], 99)) + " |");
		line("| preview across 3 runtime profiles (one explained, two side by side) (median / p99) | " + n + " | "
				+ ms(m3) + " / " + ms(percentile(samples[1], 99)) + " = " + String.format("%.2f", (double) m3 / m1)
				+ " x one profile |");
		line("| the engine's part of the 3: each profile alone / decisions shared (median) | " + n + " | "
				+ ms(percentile(samples[2], 50)) + " / " + ms(percentile(samples[3], 50)) + " |");
	}

	/**
	 * What the validator, the editor and every write ask before a file is written: each
	 * of three runtimes' verdict on the directory with the candidate placed in it
	 * ({@link RuntimeViews#reception}), over the same three profiles as
	 * {@link #previewAcrossProfiles}. The candidate has a {@code precreate} stage, so
	 * CRI-O and Buildah reject it and each gets its warning.
	 */
	private void receptionAcrossProfiles(Snapshot snapshot, int n) {
		String dir = snapshot.directories().get(0).path();
		RuntimeViews.Views views = RuntimeViews.of(snapshot, new ProfileSet(List.of(
				profile("podman", RuntimeKind.PODMAN, LoadMode.MERGED, EXTENSION_STAGES, PrestartStage.CREATE_RUNTIME,
						"1.22.2", dir),
				profile("crio", RuntimeKind.CRIO, LoadMode.MERGED, List.of(), PrestartStage.PRESTART, "1.22.2", dir),
				profile("buildah", RuntimeKind.BUILDAH, LoadMode.PER_DIRECTORY, List.of(), PrestartStage.CREATE_RUNTIME,
						"1.21.9", dir)),
				List.of(), Path.of("/"), false, Instant.now()));
		byte[] text = ("{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/true\"}, \"when\": {\"always\": true}, "
				+ "\"stages\": [\"prestart\", \"precreate\"]}")
			.getBytes(StandardCharsets.UTF_8);
		io.github.ocihooks.admin.engine.HookFile candidate = io.github.ocihooks.admin.engine.HookValidation
			.ofText(new HookLoader(ExecutableProbe.fileSystem()), 0, dir, "zz-candidate.json", text, EXTENSION_STAGES)
			.file();
		if (RuntimeViews.reception(views, candidate).warnings().size() != 2) {
			throw new IllegalStateException("expected the CRI-O and Buildah warnings");
		}
		int iterations = (n >= 10_000) ? 40 : 400;
		long[][] samples = interleaved(iterations, () -> RuntimeViews.reception(views, candidate));
		line("| what 3 runtimes make of a file before it is written (validate, editor, PUT) (median / p99) | " + n
				+ " | " + ms(percentile(samples[0], 50)) + " / " + ms(percentile(samples[0], 99)) + " |");
	}

	private static void consume(PreviewService.Outcomes outcomes) {
		for (PreviewService.RuntimeOutcome o : outcomes.runtimes()) {
			consume(o.result());
		}
	}

	private static RuntimeProfile profile(String id, RuntimeKind kind, LoadMode mode, List<String> stages,
			PrestartStage prestart, String go, String dir) {
		return new RuntimeProfile(id, kind, ProfileOrigin.CONFIGURED, null, RuntimeVersion.unknown("benchmark"),
				new RuntimeVersion(go, VersionSource.CONFIGURED, "benchmark", List.of()),
				List.of(new ProfileDirectory(dir, Path.of(dir),
						new DirectorySource(DirectorySource.Kind.PROPERTY, null, "benchmark", "benchmark"))),
				mode, "benchmark", stages, prestart, "benchmark", kind.annotations(), kind.hasBindMounts(),
				kind.takesEffect(), List.of(), List.of(), List.of());
	}

	/**
	 * Each action run {@code iterations} times to warm up, then {@code iterations} times
	 * timed (nanoseconds), round by round: every round runs each action once, starting
	 * with a different one each time.
	 */
	private static long[][] interleaved(int iterations, Runnable... actions) {
		long[][] samples = new long[actions.length][iterations];
		for (int warm = 0; warm < 2; warm++) {
			for (int i = 0; i < iterations; i++) {
				for (int k = 0; k < actions.length; k++) {
					int a = (i + k) % actions.length;
					long t = System.nanoTime();
					actions[a].run();
					samples[a][i] = System.nanoTime() - t;
				}
			}
		}
		return samples;
	}

	private static Snapshot load(Path dir) {
		List<DirectoryScan> scans = new HookLoader(ExecutableProbe.fileSystem()).scan(List.of(dir.toString()));
		return new Snapshot(1, Instant.now(), scans, EXTENSION_STAGES);
	}

	private void previewInProcess(Snapshot snapshot, int n, boolean explain) throws Exception {
		ContainerConfig config = ContainerConfig.parse(GoJson.parse(CONFIG));
		PreviewInput input = new PreviewInput(config, config.annotations(), true, EXTENSION_STAGES);
		int iterations = (n >= 10_000) ? 300 : 3_000;
		long[] samples = timed(iterations, () -> consume(HookPreview.preview(snapshot, input, explain)));
		line("| preview, in process, " + (explain ? "every hook explained" : "decisions only (explain=false)")
				+ " (median / p99) | " + n + " | " + ms(percentile(samples, 50)) + " / " + ms(percentile(samples, 99))
				+ " |");
		if (explain) {
			writeAsJson(HookPreview.preview(snapshot, input, true), n, iterations);
		}
	}

	/**
	 * Writing the explained preview as JSON with Jackson, as the server does for the
	 * response body (which adds the inputs and a few small fields): over HTTP this, not
	 * the matching, is most of the cost at 1,000 hooks.
	 */
	private void writeAsJson(PreviewResult result, int n, int iterations) {
		JsonMapper json = JsonMapper.builder().build();
		int size = json.writeValueAsBytes(result).length;
		long[] samples = timed(iterations, () -> sink += json.writeValueAsBytes(result).length);
		line("| the explained preview written as JSON, " + Math.round(size / 1024.0) + " KB (median / p99) | " + n
				+ " | " + ms(percentile(samples, 50)) + " / " + ms(percentile(samples, 99)) + " |");
	}

	/**
	 * The action run {@code iterations} times to warm up, then {@code iterations} times
	 * timed (nanoseconds).
	 */
	private static long[] timed(int iterations, Runnable action) {
		for (int i = 0; i < iterations; i++) {
			action.run();
		}
		long[] samples = new long[iterations];
		for (int i = 0; i < iterations; i++) {
			long t = System.nanoTime();
			action.run();
			samples[i] = System.nanoTime() - t;
		}
		return samples;
	}

	private static int sink;

	private static void consume(PreviewResult r) {
		sink += (r.hooks() != null) ? r.hooks().size() : 0;
	}

	private void reload(Path dir, int n) {
		for (int i = 0; i < 2; i++) {
			load(dir);
		}
		long[] samples = new long[5];
		for (int i = 0; i < samples.length; i++) {
			long t = System.nanoTime();
			load(dir);
			samples[i] = System.nanoTime() - t;
		}
		line("| full reload: scan, parse, validate, compile, resolve (median of 5) | " + n + " | "
				+ ms(percentile(samples, 50)) + " |");
		System.gc();
		long before = usedHeap();
		Snapshot snapshot = load(dir);
		System.gc();
		long after = usedHeap();
		line("| heap held by one snapshot (after GC) | " + n + " | " + Math.max(0, after - before) / (1024 * 1024)
				+ " MiB |");
		sink += snapshot.directories().size();
	}

	/**
	 * One file changes among n: re-read it alone and rebuild the snapshot (what the
	 * watcher does).
	 */
	private void incremental(Path dir, int n) throws IOException {
		HookLoader loader = new HookLoader(ExecutableProbe.fileSystem());
		Snapshot snapshot = load(dir);
		Path changed = dir.resolve(String.format("%05d-hook.json", n / 2));
		String original = Files.readString(changed);
		long[] samples = new long[30];
		for (int i = -5; i < samples.length; i++) {
			Files.writeString(changed, original.replace("\"timeout\": 5", "\"timeout\": " + (10 + i)));
			long t = System.nanoTime();
			DirectoryScan scan = loader.rescan(snapshot.directories().get(0),
					List.of(changed.getFileName().toString()));
			snapshot = snapshot.with(snapshot.generation() + 1, Instant.now(), List.of(scan));
			long elapsed = System.nanoTime() - t;
			if (i >= 0) {
				samples[i] = elapsed;
			}
		}
		Files.writeString(changed, original);
		line("| one file changed: re-read it, rebuild the snapshot (median / p99 of 30) | " + n + " | "
				+ ms(percentile(samples, 50)) + " / " + ms(percentile(samples, 99)) + " |");
	}

	private static long usedHeap() {
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/**
	 * The dashboard's long pages against the real server (form login, a session):
	 * {@code /hooks} and {@code /collisions}, one page of rows each, after a warm-up.
	 * Only with {@code -Dbench.only=dashboard}:
	 * {@code ./mvnw -Pbench -DskipTests verify -Dbench.only=dashboard}.
	 */
	private void dashboardPages(Path dir, int n) throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(OciHooksAdminApplication.class).run(
				"--server.port=0", "--hooks.directories=" + dir, "--hooks.admin.password=" + PASSWORD,
				"--hooks.state-dir=" + dir.resolveSibling("state-pages-" + n), "--hooks.watch.mode=off",
				"--spring.main.banner-mode=off", "--logging.level.root=WARN");
		try {
			String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
			java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
				.cookieHandler(new java.net.CookieManager())
				.followRedirects(java.net.http.HttpClient.Redirect.NEVER)
				.build();
			String login = http
				.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/login")).build(),
						java.net.http.HttpResponse.BodyHandlers.ofString())
				.body();
			java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
				.matcher(login);
			if (!csrf.find()) {
				throw new IllegalStateException("no CSRF token on /login");
			}
			http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/login"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString("username=admin&password=" + PASSWORD
						+ "&_csrf=" + java.net.URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)))
				.build(), java.net.http.HttpResponse.BodyHandlers.discarding());
			for (String page : List.of("/hooks", "/hooks?page=50", "/hooks?sort=name&dir=desc&page=10",
					"/hooks?stage=poststart&page=3", "/collisions")) {
				java.net.http.HttpRequest request = java.net.http.HttpRequest
					.newBuilder(java.net.URI.create(base + page))
					.build();
				int[] rows = new int[1];
				long[] samples = timed(20, () -> {
					try {
						java.net.http.HttpResponse<String> r = http.send(request,
								java.net.http.HttpResponse.BodyHandlers.ofString());
						if (r.statusCode() != 200) {
							throw new IllegalStateException(page + ": " + r.statusCode());
						}
						rows[0] = r.body().split("<tr data-status=", -1).length - 1;
					}
					catch (IOException | InterruptedException ex) {
						throw new IllegalStateException(ex);
					}
				});
				line("| dashboard `" + page + "` over HTTP, " + rows[0] + " table rows (median / p99 of 20) | " + n
						+ " | " + ms(percentile(samples, 50)) + " / " + ms(percentile(samples, 99)) + " |");
			}
		}
		finally {
			context.close();
		}
	}

	/**
	 * Preview over HTTP against the real server (HTTP Basic, default configuration) with
	 * 16 concurrent clients. The load comes from wrk, a separate process (Debian package
	 * {@code wrk}); without it, from Java's HttpClient in this JVM, which costs the two
	 * cores more and is reported as such. Before measuring, light load (2 clients, so
	 * that the JIT compilers get CPU) runs until compilation has settled; measured
	 * earlier, throughput on two cores is a fraction of the steady state. Then, for
	 * explain=false and explain=true (and, with {@code floor}, first for the health
	 * endpoint): one client back to back, saturation (every client sends its next request
	 * as soon as the answer arrives) and paced load (each client waits a random,
	 * exponentially distributed think time between requests, so that together they offer
	 * a given share of the saturation rate, without moving in step).
	 */
	private void previewOverHttp(Path dir, int n, int clients, boolean floor) throws Exception {
		// Command-line arguments: they take precedence over application.yaml (builder
		// properties would not).
		ConfigurableApplicationContext context = new SpringApplicationBuilder(OciHooksAdminApplication.class).run(
				"--server.port=0", "--hooks.directories=" + dir, "--hooks.admin.password=" + PASSWORD,
				"--hooks.state-dir=" + dir.resolveSibling("state-" + n), "--hooks.watch.mode=off",
				"--spring.main.banner-mode=off", "--logging.level.root=WARN");
		try {
			String port = context.getEnvironment().getProperty("local.server.port");
			String body = "{\"config\": " + CONFIG + "}";
			// BENCH_LOAD=java forces the in-JVM client (to compare, or to check the
			// fallback).
			boolean wrk = HttpLoad.wrkAvailable() && !"java".equals(System.getenv("BENCH_LOAD"));
			HttpLoad load = HttpLoad.of(wrk, dir.resolveSibling("wrk"), PASSWORD, body);
			String base = "http://127.0.0.1:" + port + "/api/v1/preview?explain=";
			line("");
			line("Preview over HTTP at " + n + " hooks, " + clients + " concurrent clients, load from "
					+ load.description() + ".");
			warmUp(load, base);
			line("");
			line("| request | response | load | achieved | median | p90 | p99 | max | GC pauses during run |");
			line("|---|---:|---|---:|---:|---:|---:|---:|---|");
			if (floor) {
				// The same clients against the smallest answer this server gives (no
				// preview, no JSON body): what
				// the HTTP stack and the two shared cores cost by themselves.
				HttpLoad health = HttpLoad.of(wrk, dir.resolveSibling("wrk"), PASSWORD, null);
				series(health, "http://127.0.0.1:" + port + "/actuator/health", clients, "GET /actuator/health");
			}
			for (boolean explain : new boolean[] { false, true }) {
				series(load, base + explain, clients, "preview, explain=" + explain);
			}
		}
		finally {
			context.close();
		}
	}

	/**
	 * One client sending back to back (the latency one person sees), then all clients at
	 * saturation, then paced at 25, 50 and 75 % of the saturation rate.
	 */
	private void series(HttpLoad load, String uri, int clients, String request) throws Exception {
		long size = load.responseSize(uri);
		measure(load, uri, 1, 0, size, request, "1 client, back to back");
		HttpLoad.Result saturated = measure(load, uri, clients, 0, size, request, "saturation");
		for (int percent : new int[] { 25, 50, 75 }) {
			double rate = saturated.requestsPerSecond() * percent / 100.0;
			long thinkMicros = Math.round(clients * 1e6 / rate);
			measure(load, uri, clients, thinkMicros, size, request, "paced, " + percent + " % of saturation ("
					+ String.format("%.1f", thinkMicros / 1e3) + " ms mean think time)");
		}
	}

	private HttpLoad.Result measure(HttpLoad load, String uri, int clients, long thinkMicros, long size, String request,
			String label) throws Exception {
		List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
		long count = gcs.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
		long time = gcs.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
		HttpLoad.Result r = load.run(uri, clients, thinkMicros, 15);
		long gcCount = gcs.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum() - count;
		long gcTime = gcs.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum() - time;
		String kb = (size < 1024) ? size + " B" : Math.round(size / 1024.0) + " KB";
		line("| " + request + " | " + kb + " | " + label + " | " + Math.round(r.requestsPerSecond()) + " req/s | "
				+ ms(r.median()) + " | " + ms(r.p90()) + " | " + ms(r.p99()) + " | " + ms(r.max()) + " | " + gcCount
				+ ", " + gcTime + " ms in all |");
		return r;
	}

	/**
	 * Light load (2 clients, both explain values) in rounds of 5 s until a round costs
	 * the JIT compilers less than 0.1 s (at least 6, at most 60 rounds).
	 */
	private void warmUp(HttpLoad load, String base) throws Exception {
		CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
		int round = 0;
		long compiled;
		do {
			long before = jit.getTotalCompilationTime();
			load.run(base + (round % 2 == 1), 2, 0, 5);
			compiled = jit.getTotalCompilationTime() - before;
			round++;
		}
		while (round < 60 && (round < 6 || compiled > 100));
		line("Warm-up: " + round + " rounds of 5 s with 2 clients; the last one spent " + compiled
				+ " ms in the JIT compilers.");
	}

	private static long percentile(long[] samples, int p) {
		long[] sorted = samples.clone();
		Arrays.sort(sorted);
		int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

	private static String ms(long nanos) {
		return String.format("%.3f ms", nanos / 1e6);
	}

}
