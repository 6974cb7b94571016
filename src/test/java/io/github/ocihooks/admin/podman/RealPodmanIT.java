package io.github.ocihooks.admin.podman;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.ocihooks.admin.config.HooksPropertiesFixture;
import io.github.ocihooks.admin.profiles.RuntimeProfile;
import io.github.ocihooks.admin.profiles.RuntimeProfiles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Proof against a real runtime: drives the host's podman (Debian 12: podman 4.3.1, runc,
 * busybox-static) with real hook directories and a real containers.conf, and checks that
 * what podman actually did equals what the running service predicts with its detected
 * podman profile ({@link HttpPredictor}: the packaged jar, {@code POST
 * /api/v1/reload} after each containers.conf change, {@code POST /api/v1/preview} with
 * {@code profile=podman}; with {@code REAL_PODMAN_PREDICTOR=engine}, the engine in
 * process, {@link EnginePredictor}), and that the service's verdict for podman says
 * "refuses every container" exactly when podman refused; both with the Go release the
 * service's profile detection finds for podman. Compared: the {@code hooks} of the
 * config.json podman generated, the extension-stage hooks podman ran, and whether podman
 * refused the container, with its error text. Prints
 * {@code real podman: N passed, M failed}. Skipped, with the reason, where podman, runc
 * or busybox is missing or the user is not root; on CI ({@code .ci/run}) they are
 * installed and it runs.
 */
class RealPodmanIT {

	@Test
	void podmanDoesWhatTheEnginePredicts() throws Exception {
		String unavailable = PodmanRunner.unavailable();
		assumeTrue(unavailable == null, () -> {
			String message = "RealPodmanIT skipped: " + unavailable;
			System.out.println(message);
			return message;
		});
		Path realworld = realworldFiles();
		Path work = Files.createTempDirectory("real-podman-");
		long start = System.nanoTime();
		boolean inProcess = "engine".equals(System.getenv("REAL_PODMAN_PREDICTOR"));
		try (PodmanRunner podman = new PodmanRunner(work);
				FixedHookDirs fixed = new FixedHookDirs();
				HttpPredictor http = new HttpPredictor(work.resolve("service"))) {
			String version = podman.version();
			assumeTrue(version.startsWith("4.3."), () -> {
				String message = "RealPodmanIT skipped: podman " + version + " is not 4.3.x, the only version whose "
						+ "semantics this test has verified (see EnginePredictor)";
				System.out.println(message);
				return message;
			});
			// The service's detection with its defaults (host root /, version commands
			// on).
			RuntimeProfile profile = RuntimeProfiles
				.detect(HooksPropertiesFixture.bind(
						Map.of("hooks.directories", EnginePredictor.DEFAULT_DIR + "," + EnginePredictor.OVERRIDE_DIR)),
						System.getenv())
				.find("podman")
				.orElseThrow(() -> new AssertionError("profile detection found no podman"));
			PodmanUnderTest under = PodmanUnderTest.podman43(version, profile.goRelease(),
					profile.goVersion().source() + ": " + profile.goVersion().detail());
			// By default through the running service (what an admin sees);
			// REAL_PODMAN_PREDICTOR=engine asks the engine
			// in process, to tell an engine fault from a service fault.
			Predictor predictor = inProcess ? new EnginePredictor() : http;
			List<PodmanSituation> situations = new Situations(podman, work.resolve("s"), realworld).all();
			int passed = 0;
			int skipped = 0;
			List<String> failures = new ArrayList<>();
			for (PodmanSituation situation : situations) {
				if (situation.defaultDirs() && fixed.unusable() != null) {
					skipped++;
					continue;
				}
				fixed.clear();
				write(situation);
				Path conf = podman.containersConf(situation, work.resolve("s").resolve(situation.name()));
				if (!inProcess) {
					http.prepare(situation, conf);
				}
				Prediction prediction = predictor.predict(situation, under);
				PodmanRunner.Observation observed = podman.run(situation, conf);
				List<String> diffs = new ArrayList<>(Comparison.compare(situation, prediction, observed, under));
				if (!inProcess) {
					// The service's verdict for podman: refuses every container exactly
					// when podman refused to load.
					boolean refused = observed.exitCode() != 0 && observed.config() == null;
					boolean refusesEvery = "REFUSES_EVERY_CONTAINER".equals(http.lastVerdict());
					if (refusesEvery != (refused && prediction.runtimeError() != null)) {
						diffs.add("the service's verdict for podman is " + http.lastVerdict() + " but podman "
								+ (refused ? "refused" : "created") + " the container");
					}
				}
				if (diffs.isEmpty()) {
					passed++;
				}
				else {
					failures.add(situation.name() + " (" + prediction.explanation() + "):\n    "
							+ String.join("\n    ", diffs));
				}
			}
			long seconds = (System.nanoTime() - start) / 1_000_000_000L;
			failures.forEach(f -> System.out.println("FAILED " + f));
			if (skipped > 0) {
				System.out.println("real podman: " + skipped + " situations skipped: " + fixed.unusable());
			}
			System.out.println("real podman: " + passed + " passed, " + failures.size() + " failed (podman " + version
					+ ", " + under.go() + " from " + under.goSource() + ", predictor: " + predictor.name() + ", "
					+ seconds + " s)");
			assertThat(failures).as("situations where podman did not do what was predicted").isEmpty();
			assertThat(passed).as("situations run").isGreaterThanOrEqualTo((realworld != null) ? 40 : 20);
		}
		finally {
			deleteTree(work);
		}
	}

	private static void write(PodmanSituation situation) throws IOException {
		for (Map.Entry<String, Map<String, String>> dir : situation.files().entrySet()) {
			Path d = Files.createDirectories(Path.of(dir.getKey()));
			for (Map.Entry<String, String> file : dir.getValue().entrySet()) {
				Files.writeString(d.resolve(file.getKey()), file.getValue());
			}
		}
	}

	/**
	 * {@code ../shared/realworld/files} (or {@code $REALWORLD_FILES}): the real-world
	 * hook files, or null, saying so on the console, when they are not there (a clone
	 * without {@code ../shared}); their situations are then left out.
	 */
	static Path realworldFiles() {
		String env = System.getenv("REALWORLD_FILES");
		Path files = (env != null) ? Path.of(env)
				: Path.of("..", "shared", "realworld", "files").toAbsolutePath().normalize();
		if (env != null) {
			assertThat(files.resolve("manifest.json")).as("REALWORLD_FILES must hold the real-world files").exists();
		}
		if (!Files.isRegularFile(files.resolve("manifest.json"))) {
			System.out.println("real podman: realworld files not found at " + files + ": their situations are skipped");
			return null;
		}
		return files;
	}

	private static void deleteTree(Path root) {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> walk = Files.walk(root)) {
			for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(p);
			}
		}
		catch (IOException ex) {
			System.out.println("RealPodmanIT: could not delete " + root + ": " + ex);
		}
	}

}
