package io.github.ocihooks.admin.podman;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.ocihooks.admin.engine.ContainerConfig;
import io.github.ocihooks.admin.engine.DirectoryScan;
import io.github.ocihooks.admin.engine.ExecutableProbe;
import io.github.ocihooks.admin.engine.HookLoader;
import io.github.ocihooks.admin.engine.HookPreview;
import io.github.ocihooks.admin.engine.LoadMode;
import io.github.ocihooks.admin.engine.PrestartStage;
import io.github.ocihooks.admin.engine.PreviewInput;
import io.github.ocihooks.admin.engine.PreviewResult;
import io.github.ocihooks.admin.engine.Snapshot;

/**
 * Asks the engine in-process, with podman 4.3.1's semantics as this test verified them
 * against the real binary. Sources (podman v4.3.1, containers/common v0.50.1, the
 * versions Debian 12's podman 4.3.1 is built from):
 * <ul>
 * <li>Directories: {@code --hooks-dir} flags replace containers.conf's list
 * ({@code cmd/podman/root.go:437}: a {@code StringSlice} flag whose first value replaces
 * the default, each value split on commas;
 * {@code pkg/domain/infra/runtime_libpod.go:258}; {@code libpod/options.go:259-272}).
 * Without a {@code hooks_dir} key, containers/common's default
 * {@code ["/usr/share/containers/oci/hooks.d"]} ({@code pkg/config/default.go:76,313}).
 * One {@code hooks.New} over them: {@link LoadMode#MERGED}
 * ({@code libpod/container_internal.go:2131}).</li>
 * <li>{@code hooks_dir = []}: no hooks at all ({@link LoadMode#NONE}). podman 4.3.1 loads
 * {@code hooks.DefaultDir} and {@code hooks.OverrideDir} one by one only when
 * {@code HooksDir == nil} ({@code libpod/container_internal.go:2107-2128}); TOML decoding
 * of {@code []} into the default's non-nil slice leaves it empty but not nil
 * ({@code BurntSushi/toml decode.go unifySlice}), so {@code hooks.New} gets no directory.
 * Observed: a hook in each fixed directory, neither ran. (podman &ge; 4.8 tests
 * {@code len(...) == 0} instead, commit e966c86d98, and then loads per directory.)</li>
 * <li>Go: Debian's podman 4.3.1 is built with go1.19.8; the release comes from the
 * service's profile detection ({@link PodmanUnderTest#go()}), and decides which patterns
 * are valid ({@code (?<name>...)} only from Go 1.22) and how regexp and
 * {@code encoding/json} errors read.</li>
 * <li>Extension stages {@code precreate} and {@code poststop}
 * ({@code libpod/container_internal.go:2112,2131}); {@code prestart} definitions stay
 * {@code prestart} ({@code pkg/hooks/hooks.go} of common v0.50.1).</li>
 * <li>Annotations: the container's spec annotations, podman's own included;
 * {@code hasBindMounts}: {@code len(c.config.UserVolumes) > 0}
 * ({@code libpod/container_internal.go:2136}), the destinations of every {@code -v},
 * {@code --mount}, {@code --tmpfs} and named volume
 * ({@code pkg/specgen/generate/container_create.go:367-384}).</li>
 * </ul>
 */
final class EnginePredictor implements Predictor {

	static final String DEFAULT_DIR = "/usr/share/containers/oci/hooks.d";

	static final String OVERRIDE_DIR = "/etc/containers/oci/hooks.d";

	static final List<String> EXTENSION_STAGES = List.of("precreate", "poststop");

	@Override
	public String name() {
		return "engine (in-process)";
	}

	/** Which directories podman 4.3.1 reads for the situation, and how. */
	record Load(List<String> directories, LoadMode mode) {
	}

	static Load load(PodmanSituation situation) {
		if (!situation.cliHooksDirs().isEmpty()) {
			// A pflag StringSlice: each value is read as CSV, so "--hooks-dir a,b" names
			// two directories.
			List<String> dirs = new ArrayList<>();
			for (String value : situation.cliHooksDirs()) {
				dirs.addAll(List.of(value.split(",", -1)));
			}
			return new Load(dirs, LoadMode.MERGED);
		}
		if (situation.confHooksDir().isEmpty()) {
			return new Load(List.of(DEFAULT_DIR), LoadMode.MERGED);
		}
		List<String> dirs = situation.confHooksDir().get();
		if (dirs.isEmpty()) {
			return new Load(List.of(DEFAULT_DIR, OVERRIDE_DIR), LoadMode.NONE);
		}
		return new Load(dirs, LoadMode.MERGED);
	}

	@Override
	public Prediction predict(PodmanSituation situation, PodmanUnderTest podman) {
		Load load = load(situation);
		List<DirectoryScan> scans = new HookLoader(ExecutableProbe.fileSystem()).scan(load.directories());
		Snapshot snapshot = new Snapshot(1, Instant.now(), scans, EXTENSION_STAGES);
		Map<String, String> annotations = new LinkedHashMap<>(podman.annotations(situation.container().command()));
		annotations.putAll(situation.container().annotations());
		ContainerConfig config = new ContainerConfig(true, situation.container().command(), annotations, List.of(),
				false, Map.of());
		boolean hasBindMounts = !situation.container().volumes().isEmpty();
		PreviewResult result = HookPreview.preview(snapshot, new PreviewInput(config, annotations, hasBindMounts,
				EXTENSION_STAGES, load.mode(), PrestartStage.PRESTART, podman.go()), false);
		String explanation = load.mode() + " " + load.directories() + ", hasBindMounts=" + hasBindMounts + ", "
				+ podman.go();
		if (result.runtimeError() != null) {
			return new Prediction(null, Map.of(), result.runtimeError().message(), explanation);
		}
		return new Prediction(result.hooks(),
				(result.extensionStageHooks() != null) ? result.extensionStageHooks() : Map.of(), null, explanation);
	}

}
