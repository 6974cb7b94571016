package io.github.ocihooks.admin.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.github.ocihooks.admin.engine.TestHooks.hook;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link HookPreview#previewAll} previews one container for several runtimes and shares
 * each hook's matching decision between runtimes that derive the same facts. Parity is
 * the product: every runtime's answer must be exactly what
 * {@link HookPreview#preview(Snapshot, PreviewInput, boolean)} gives it alone, and
 * runtimes whose facts differ (hasBindMounts, annotations, process) must never share.
 */
class SharedDecisionsTests {

	private static final List<String> PODMAN = List.of("precreate", "poststop");

	@TempDir
	Path root;

	@Test
	void runtimesWithTheSameFactsDecideEachHookOnceAndAnswerAsAlone() {
		TestHooks hooks = new TestHooks(this.root, 1)
			.write(0, "a.json", hook("/bin/true", "{\"always\": true}", "prestart", "precreate"))
			.write(0, "b.json", hook("/bin/true", "{\"hasBindMounts\": true}", "poststart"))
			.write(0, "c.json", hook("/bin/true", "{\"annotations\": {\"^gpu$\": \"^true$\"}}", "poststop"))
			.write(0, "d.json", hook("/bin/true", "{\"commands\": [\"sh$\"]}", "createRuntime"));
		List<DirectoryScan> scans = hooks.snapshot().directories();
		ContainerConfig config = config(true, List.of("/bin/sh"), Map.of("gpu", "true"));
		// podman (explained), CRI-O (no extension stages, prestart kept), Buildah (one
		// load per directory), all with bind mounts; then a runtime without.
		List<HookPreview.Ask> asks = List.of(
				ask(scans, PODMAN, LoadMode.MERGED, PrestartStage.CREATE_RUNTIME, config, true, true),
				ask(scans, List.of(), LoadMode.MERGED, PrestartStage.PRESTART, config, true, false),
				ask(scans, List.of(), LoadMode.PER_DIRECTORY, PrestartStage.CREATE_RUNTIME, config, true, false),
				ask(scans, PODMAN, LoadMode.MERGED, PrestartStage.CREATE_RUNTIME, config, false, false));

		HookPreview.Together together = HookPreview.together(asks);

		assertSameAsAlone(asks, together.results());
		Decisions shared = together.decisions().get(0);
		assertThat(together.decisions().subList(0, 3)).allSatisfy(d -> assertThat(d).isSameAs(shared));
		// podman decides the four hooks; CRI-O and Buildah, which refuse a.json's
		// precreate
		// stage and so try the three others, reuse its decisions.
		assertThat(shared.computed()).isEqualTo(4);
		assertThat(shared.reused()).isEqualTo(3 + 3);
		Decisions own = together.decisions().get(3);
		assertThat(own).isNotSameAs(shared);
		assertThat(own.computed()).isEqualTo(4);
		assertThat(own.reused()).isZero();
		// Sharing with it would have been wrong: without bind mounts b.json does not
		// match.
		assertThat(together.results().get(0).hooks()).containsKey("poststart");
		assertThat(together.results().get(3).hooks()).doesNotContainKey("poststart");
	}

	@Test
	void theExplainedRuntimeMayComeLastAndAMatchingErrorIsSharedToo() {
		TestHooks hooks = new TestHooks(this.root, 2)
			.write(0, "a.json", hook("/bin/true", "{\"always\": true}", "prestart"))
			.write(0, "b.json", hook("/bin/true", "{\"commands\": [\"sh\"]}", "poststart"))
			.write(1, "c.json", hook("/bin/true", "{\"always\": true}", "poststop"));
		List<DirectoryScan> scans = hooks.snapshot().directories();
		ContainerConfig empty = config(true, List.of(), Map.of());
		List<HookPreview.Ask> asks = List.of(
				ask(scans, List.of(), LoadMode.PER_DIRECTORY, PrestartStage.PRESTART, empty, false, false),
				ask(scans, PODMAN, LoadMode.MERGED, PrestartStage.CREATE_RUNTIME, empty, false, true));

		HookPreview.Together together = HookPreview.together(asks);

		assertSameAsAlone(asks, together.results());
		assertThat(together.results()).allSatisfy(r -> assertThat(r.runtimeError().phase()).isEqualTo("match"));
		assertThat(together.results().get(1).evaluations()).extracting(Evaluation::error)
			.contains("process.args must have at least one entry");
		assertThat(together.decisions().get(1).reused()).isPositive();
	}

	/**
	 * Many generated situations: up to three directories (masking, invalid files, missing
	 * executables, patterns a Go 1.19 consumer refuses), runtimes reading some of them,
	 * with their own extension stages, load mode, prestart stage and Go release, and
	 * facts that are often the same and often not.
	 */
	@Test
	void everyRuntimeAnswersAsAloneOverGeneratedSituations() throws IOException {
		Random random = new Random(20261129);
		int situations = 300;
		int reused = 0;
		int sharedErrors = 0;
		int decisiveDifferences = 0;
		int groups = 0;
		int loners = 0;
		int acrossReleases = 0;
		for (int s = 0; s < situations; s++) {
			List<DirectoryScan> scans = directories(random, this.root.resolve("s" + s));
			ContainerConfig base = config(random);
			boolean baseMounts = random.nextBoolean();
			List<HookPreview.Ask> asks = new ArrayList<>();
			int count = 2 + random.nextInt(3);
			for (int a = 0; a < count; a++) {
				ContainerConfig config = base;
				boolean mounts = baseMounts;
				switch (random.nextInt(6)) {
					case 0 -> mounts = !mounts;
					case 1 -> config = config(random);
					case 2 -> config = new ContainerConfig(base.processPresent(), base.processArgs(),
							annotations(random), List.of(), base.hooksPresent(), base.hooks());
					default -> {
					}
				}
				List<DirectoryScan> own = new ArrayList<>();
				for (DirectoryScan scan : scans) {
					if (random.nextInt(6) > 0) {
						own.add(scan);
					}
				}
				LoadMode mode = (random.nextInt(10) == 0) ? LoadMode.NONE
						: random.nextBoolean() ? LoadMode.MERGED : LoadMode.PER_DIRECTORY;
				List<String> extensionStages = List.of(pick(random, EXTENSION_STAGES));
				asks.add(new HookPreview.Ask(new Snapshot(1, Instant.EPOCH, own, extensionStages),
						new PreviewInput(config, config.annotations(), mounts, extensionStages, mode,
								random.nextBoolean() ? PrestartStage.PRESTART : PrestartStage.CREATE_RUNTIME,
								(random.nextInt(3) == 0) ? GoRelease.of(1, 19) : GoRelease.LATEST),
						random.nextInt(3) == 0));
			}

			HookPreview.Together together = HookPreview.together(asks);

			assertSameAsAlone(asks, together.results());
			for (int i = 0; i < asks.size(); i++) {
				Matcher.Facts fi = HookPreview.facts(asks.get(i).input());
				boolean alone = true;
				for (int j = 0; j < asks.size(); j++) {
					Matcher.Facts fj = HookPreview.facts(asks.get(j).input());
					if (i != j) {
						assertThat(together.decisions().get(i) == together.decisions().get(j))
							.as("situation %d, runtimes %d and %d share decisions iff their facts are equal", s, i, j)
							.isEqualTo(fi.equals(fj));
						alone &= !fi.equals(fj);
					}
					if (i < j && !fi.equals(fj)) {
						decisiveDifferences += differentDecisions(asks.get(i), asks.get(j));
					}
				}
				Decisions d = together.decisions().get(i);
				RuntimeError error = together.results().get(i).runtimeError();
				sharedErrors += (!alone && error != null && error.phase().equals("match")) ? 1 : 0;
				if (alone) {
					loners++;
					assertThat(d.reused()).isZero();
				}
				else if (i == together.decisions().indexOf(d)) {
					groups++;
					reused += d.reused();
					java.util.Set<GoRelease> releases = new java.util.HashSet<>();
					for (int j = 0; j < asks.size(); j++) {
						if (together.decisions().get(j) == d) {
							releases.add(asks.get(j).input().go());
						}
					}
					acrossReleases += (releases.size() > 1 && d.reused() > 0) ? 1 : 0;
				}
			}
		}
		// The generator reaches what matters often: runtimes that share, runtimes on
		// their own, runtimes whose facts differ on hooks both try (where sharing would
		// change an answer), a shared matching error, and sharing between runtimes
		// built with different Go releases.
		assertThat(groups).isGreaterThan(situations / 2);
		assertThat(loners).isGreaterThan(situations / 2);
		assertThat(reused).isGreaterThan(situations);
		assertThat(decisiveDifferences).isGreaterThan(situations / 2);
		assertThat(sharedErrors).isGreaterThan(situations / 60);
		assertThat(acrossReleases).isGreaterThan(situations / 10);
	}

	/**
	 * Every view and every check before a write reads the files again for the runtimes'
	 * Go releases: each file is read once per release, then the same object is given,
	 * whatever the order of the releases asked for, and it is what reading it again
	 * gives.
	 */
	@Test
	void aFileIsReadAgainOncePerGoRelease() throws Exception {
		Random random = new Random(20261129);
		int reread = 0;
		for (int s = 0; s < 20; s++) {
			for (DirectoryScan scan : directories(random, this.root.resolve("once" + s))) {
				for (HookFile file : scan.files()) {
					HookFile first19 = file.as(GoRelease.of(1, 19));
					HookFile first22 = file.as(GoRelease.of(1, 22));
					assertThat(file.as(GoRelease.of(1, 19))).isSameAs(first19);
					assertThat(file.as(GoRelease.of(1, 22))).isSameAs(first22);
					if (first19 != file) {
						assertThat(first19).isEqualTo(HookLoader.reread(file, GoRelease.of(1, 19)));
						reread++;
					}
				}
			}
		}
		assertThat(reread).as("files read again").isPositive();
	}

	/**
	 * A file read again for a runtime built with another Go release keeps its compiled
	 * conditions when they compile there too (so that such runtimes share decisions), and
	 * they decide and explain exactly as conditions compiled afresh for that release.
	 */
	@Test
	void aFileReadForAnotherGoReleaseKeepsConditionsThatDecideAsCompiledAfresh() throws Exception {
		Random random = new Random(20261130);
		int kept = 0;
		int refused = 0;
		for (int s = 0; s < 100; s++) {
			for (DirectoryScan scan : directories(random, this.root.resolve("g" + s))) {
				for (HookFile file : scan.files()) {
					for (GoRelease go : List.of(GoRelease.of(1, 19), GoRelease.of(1, 22))) {
						HookFile again = file.as(go);
						if (again.compiled() == null) {
							refused += (file.compiled() != null) ? 1 : 0;
							continue;
						}
						assertThat(again.compiled()).isSameAs(file.compiled());
						kept++;
						CompiledWhen fresh = CompiledWhen.compile(again.definition().when(), go);
						HookFile alone = new HookFile(again.directoryIndex(), again.directory(), again.name(),
								again.kind(), again.definition(), fresh, again.error(), again.notes(), again.sha256(),
								again.size(), again.symlink(), again.source(), again.go());
						for (int f = 0; f < 10; f++) {
							ContainerConfig config = config(random);
							Matcher.Facts facts = new Matcher.Facts(config.processPresent(), config.processArgs(),
									config.annotations(), random.nextBoolean());
							assertThat(decide(again.compiled(), facts)).isEqualTo(decide(fresh, facts));
							assertThat(explain(again, facts)).isEqualTo(explain(alone, facts));
						}
					}
				}
			}
		}
		assertThat(kept).isGreaterThan(500);
		// Named groups written (?<name>...) are refused before Go 1.22.
		assertThat(refused).isPositive();
	}

	private static Object explain(HookFile file, Matcher.Facts facts) {
		FileState state = new FileState(file, Status.ACTIVE, List.of(), null, List.of(), false);
		try {
			return Matcher.evaluate(state, 0, facts);
		}
		catch (Matcher.MatchException ex) {
			return ex.evaluation();
		}
	}

	private static void assertSameAsAlone(List<HookPreview.Ask> asks, List<PreviewResult> together) {
		assertThat(together).hasSameSizeAs(asks);
		for (int i = 0; i < asks.size(); i++) {
			HookPreview.Ask ask = asks.get(i);
			assertThat(together.get(i)).as("runtime %d of %s", i, asks)
				.isEqualTo(HookPreview.preview(ask.snapshot(), ask.input(), ask.explain()));
		}
	}

	/**
	 * How many hooks both runtimes try (the same compiled conditions) that their facts
	 * decide differently.
	 */
	private static int differentDecisions(HookPreview.Ask a, HookPreview.Ask b) {
		Map<CompiledWhen, Boolean> tried = new IdentityHashMap<>();
		for (FileState f : resolution(b).injectionOrder()) {
			tried.put(f.file().compiled(), true);
		}
		int n = 0;
		for (FileState f : resolution(a).injectionOrder()) {
			if (tried.containsKey(f.file().compiled()) && !decide(f.file().compiled(), HookPreview.facts(a.input()))
				.equals(decide(f.file().compiled(), HookPreview.facts(b.input())))) {
				n++;
			}
		}
		return n;
	}

	private static Resolution resolution(HookPreview.Ask ask) {
		return ask.snapshot().resolution(ask.input().extensionStages(), ask.input().loadMode(), ask.input().go());
	}

	private static String decide(CompiledWhen compiled, Matcher.Facts facts) {
		try {
			return String.valueOf(Matcher.matches(compiled, facts));
		}
		catch (Matcher.MatchException ex) {
			return ex.getMessage();
		}
	}

	private static HookPreview.Ask ask(List<DirectoryScan> scans, List<String> extensionStages, LoadMode mode,
			PrestartStage prestart, ContainerConfig config, boolean bindMounts, boolean explain) {
		return new HookPreview.Ask(new Snapshot(1, Instant.EPOCH, scans, extensionStages),
				new PreviewInput(config, config.annotations(), bindMounts, extensionStages, mode, prestart), explain);
	}

	private static ContainerConfig config(boolean process, List<String> args, Map<String, String> annotations) {
		return new ContainerConfig(process, args, annotations, List.of(), false, Map.of());
	}

	// Generated situations.

	private static final String[][] EXTENSION_STAGES = { {}, { "precreate", "poststop" }, { "precreate" },
			{ "custom" } };

	/** Mostly the OCI stages; now and then one only some runtimes accept. */
	private static final String[] STAGES = { "prestart", "prestart", "prestart", "createRuntime", "createRuntime",
			"poststart", "poststart", "poststart", "poststop", "poststop", "poststop", "createContainer",
			"startContainer", "createContainer", "precreate", "custom" };

	private static final String[] NAMES = { "a.json", "b.json", "d.json", "e.json", "gpu.json", "01-first.json",
			"C.json", "c.json", "z.json", "x.txt" };

	/** Key and value patterns, as JSON string contents. */
	private static final String[] KEY_PATTERNS = { "gpu", "^com\\\\.example\\\\.gpu$", "team[0-9]+$", ".*",
			"(?<g>gpu)" };

	private static final String[] VALUE_PATTERNS = { "^true$", "^(true|yes|1)$", "", "1" };

	private static final String[] COMMAND_PATTERNS = { "sh", "^/bin/sh$", ".*/init$", "tool[0-9]", "(?<c>sh)$" };

	private static final String[] ANNOTATION_KEYS = { "com.example.gpu", "gpu", "team7", "io.kubernetes.pod" };

	private static final String[] ANNOTATION_VALUES = { "true", "yes", "1", "false" };

	/** Empty {@code process.args} is a matching error for a hook with commands. */
	private static final String[][] ARGS = { { "/bin/sh" }, { "/bin/sh" }, { "/usr/sbin/init", "--foreground" },
			{ "/usr/sbin/init" }, { "/opt/tool3" }, { "/opt/tool3", "-v" }, { "/bin/bash" }, {} };

	private static List<DirectoryScan> directories(Random random, Path root) throws IOException {
		List<String> dirs = new ArrayList<>();
		int count = 1 + random.nextInt(3);
		for (int d = 0; d < count; d++) {
			Path dir = Files.createDirectories(root.resolve("d" + d));
			dirs.add(dir.toString());
			int files = 1 + random.nextInt(8);
			for (int f = 0; f < files; f++) {
				Files.writeString(dir.resolve(pick(random, NAMES)), content(random));
			}
		}
		return new HookLoader(ExecutableProbe.fileSystem()).scan(dirs);
	}

	private static String content(Random random) {
		return switch (random.nextInt(20)) {
			case 0 -> "{\"version\": \"1.0.0\", \"hook\": ";
			case 1 -> hook("/nonexistent/hook", when(random), stages(random));
			case 2, 3 -> "{\"hook\": \"/bin/sh\", \"stages\": [\"" + pick(random, STAGES) + "\"], \"cmds\": [\""
					+ pick(random, COMMAND_PATTERNS) + "\"], \"annotations\": [\"" + pick(random, VALUE_PATTERNS)
					+ "\"], \"hasBindMounts\": " + random.nextBoolean() + "}";
			default -> hook("/bin/true", when(random), stages(random));
		};
	}

	private static String[] stages(Random random) {
		String[] stages = new String[1 + random.nextInt(2)];
		for (int i = 0; i < stages.length; i++) {
			stages[i] = pick(random, STAGES);
		}
		return stages;
	}

	private static String when(Random random) {
		List<String> parts = new ArrayList<>();
		if (random.nextInt(4) == 0) {
			parts.add("\"always\": " + random.nextBoolean());
		}
		if (random.nextInt(3) == 0) {
			parts.add("\"hasBindMounts\": " + (random.nextInt(4) > 0));
		}
		if (random.nextInt(2) == 0) {
			List<String> pairs = new ArrayList<>();
			int count = 1 + random.nextInt(2);
			for (int i = 0; i < count; i++) {
				pairs.add("\"" + pick(random, KEY_PATTERNS) + "\": \"" + pick(random, VALUE_PATTERNS) + "\"");
			}
			parts.add("\"annotations\": {" + String.join(", ", new java.util.LinkedHashSet<>(pairs)) + "}");
		}
		if (random.nextInt(2) == 0) {
			parts.add("\"commands\": [\"" + pick(random, COMMAND_PATTERNS) + "\"]");
		}
		return "{" + String.join(", ", parts) + "}";
	}

	private static ContainerConfig config(Random random) {
		boolean process = random.nextInt(5) > 0;
		List<String> args = process ? List.of(pick(random, ARGS)) : List.of();
		boolean hooks = random.nextInt(4) == 0;
		return new ContainerConfig(process, args, annotations(random), List.of(), hooks,
				hooks ? Map.of("poststart", List.of(new OciHook("/bin/echo", List.of(), List.of(), null))) : Map.of());
	}

	private static Map<String, String> annotations(Random random) {
		Map<String, String> annotations = new LinkedHashMap<>();
		int count = random.nextInt(3);
		for (int i = 0; i < count; i++) {
			annotations.put(pick(random, ANNOTATION_KEYS), pick(random, ANNOTATION_VALUES));
		}
		return annotations;
	}

	private static <T> T pick(Random random, T[] values) {
		return values[random.nextInt(values.length)];
	}

}
