package io.github.ocihooks.admin.preview;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.ocihooks.admin.engine.ContainerConfig;
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
import io.github.ocihooks.admin.runtimes.RuntimeView;
import io.github.ocihooks.admin.runtimes.RuntimeViews;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The preview computes every runtime's answer together ({@link HookPreview#previewAll},
 * which shares matching decisions between runtimes with the same facts): each answer must
 * be the one the runtime's own preview gives, with the inputs the runtime derives,
 * whether the runtimes derive the same hasBindMounts or not, and whatever their Go
 * release.
 */
class PreviewOutcomesTests {

	@TempDir
	Path temp;

	@Test
	void everyRuntimeAnswersAsItsOwnPreviewWithTheInputsItDerives() throws Exception {
		Path usr = Files.createDirectories(this.temp.resolve("usr"));
		Path etc = Files.createDirectories(this.temp.resolve("etc"));
		hook(usr, "always.json", "{\"always\": true}", "prestart");
		hook(usr, "mounts.json", "{\"hasBindMounts\": true}", "poststart");
		hook(usr, "gpu.json", "{\"annotations\": {\"^com\\\\.example\\\\.gpu$\": \"^true$\"}}", "createContainer");
		hook(usr, "shell.json", "{\"commands\": [\"sh$\"]}", "poststop");
		hook(etc, "mounts.json", "{\"hasBindMounts\": true, \"commands\": [\"^/bin/\"]}", "prestart");
		ProfileSet set = new ProfileSet(
				List.of(profile("podman", RuntimeKind.PODMAN, LoadMode.MERGED, List.of("precreate", "poststop"), null,
						usr, etc), profile("crio", RuntimeKind.CRIO, LoadMode.MERGED, List.of(), "1.19.8", usr, etc),
						profile("buildah", RuntimeKind.BUILDAH, LoadMode.PER_DIRECTORY, List.of(), "1.22.2", usr, etc),
						profile("podman-old", RuntimeKind.PODMAN, LoadMode.PER_DIRECTORY,
								List.of("precreate", "poststop"), "1.19.8", usr)),
				List.of(), Path.of("/"), false, Instant.now());
		Snapshot snapshot = new Snapshot(1, Instant.now(),
				new HookLoader(ExecutableProbe.fileSystem()).scan(List.of(usr.toString(), etc.toString())),
				List.of("precreate", "poststop"));
		RuntimeViews.Views views = RuntimeViews.of(snapshot, set);

		// Only podman's own mount: CRI-O counts it as a mount, podman and Buildah do not.
		String podmanMount = "{\"process\": {\"args\": [\"/bin/sh\"]}, \"annotations\": {\"com.example.gpu\": "
				+ "\"true\"}, \"mounts\": [{\"destination\": \"/etc/passwd\", \"type\": \"bind\", \"source\": \"/x\"}]}";
		String dataMount = "{\"process\": {\"args\": [\"/bin/sh\"]}, \"mounts\": [{\"destination\": \"/data\", "
				+ "\"type\": \"bind\", \"source\": \"/srv\"}]}";
		String emptyArgs = "{\"process\": {\"args\": []}}";
		int compared = 0;
		for (String config : List.of(podmanMount, dataMount, emptyArgs)) {
			ContainerConfig parsed = ContainerConfig.parse(GoJson.parse(config));
			for (String profile : List.of("podman", "crio", "buildah", "podman-old")) {
				for (boolean explain : List.of(true, false)) {
					PreviewService.Request request = new PreviewService.Request(parsed, null, null, null, null, false,
							profile);
					PreviewService.Outcomes outcomes = PreviewService.outcomes(views, request, explain);
					assertThat(outcomes.chosen().view().profile().id()).isEqualTo(profile);
					assertThat(outcomes.runtimes()).extracting((o) -> o.view().profile().id())
						.containsExactly("podman", "crio", "buildah", "podman-old");
					for (PreviewService.RuntimeOutcome o : outcomes.runtimes()) {
						assertThat(o.result())
							.as("%s for %s, explain=%s, config %s", o.view().profile().id(), profile, explain, config)
							.isEqualTo(alone(o, parsed, explain && o == outcomes.chosen()));
						compared++;
					}
				}
			}
		}
		assertThat(compared).isEqualTo(3 * 4 * 2 * 4);

		// The facts really differ where they should, and so do the answers.
		PreviewService.Outcomes differing = PreviewService.outcomes(views, new PreviewService.Request(
				ContainerConfig.parse(GoJson.parse(podmanMount)), null, null, null, null, false, "podman"), true);
		assertThat(differing.runtimes()).extracting((o) -> o.inputs().hasBindMounts().value())
			.containsExactly(false, true, false, false);
		// etc/mounts.json (hasBindMounts, masking usr/mounts.json) matches for CRI-O
		// alone.
		assertThat(differing.runtimes()).extracting((o) -> o.result().hooks().get("createRuntime").size())
			.containsExactly(1, 2, 1, 1);
	}

	/** The runtime's own preview, with the inputs the outcome says it used. */
	private static PreviewResult alone(PreviewService.RuntimeOutcome o, ContainerConfig config, boolean explain) {
		RuntimeView view = o.view();
		RuntimeProfile p = view.profile();
		return HookPreview
			.preview(view.snapshot(),
					new PreviewInput(config, o.inputs().annotations().value(), o.inputs().hasBindMounts().value(),
							o.inputs().extensionStages().value(), p.loadMode(), p.prestartStage(), p.goRelease()),
					explain);
	}

	private static void hook(Path dir, String name, String when, String stage) throws IOException {
		Files.writeString(dir.resolve(name), "{\"version\": \"1.0.0\", \"hook\": {\"path\": \"/bin/sh\"}, \"when\": "
				+ when + ", \"stages\": [\"" + stage + "\"]}");
	}

	private static RuntimeProfile profile(String id, RuntimeKind kind, LoadMode mode, List<String> stages, String go,
			Path... dirs) {
		List<ProfileDirectory> directories = new ArrayList<>();
		for (Path d : dirs) {
			directories.add(new ProfileDirectory(d.toString(), d,
					new DirectorySource(DirectorySource.Kind.PROPERTY, null, "test", "test")));
		}
		RuntimeVersion goVersion = (go != null) ? new RuntimeVersion(go, VersionSource.UNKNOWN, "test", List.of())
				: RuntimeVersion.unknown("test");
		return new RuntimeProfile(id, kind, ProfileOrigin.CONFIGURED, null, RuntimeVersion.unknown("test"), goVersion,
				directories, mode, "test", stages, PrestartStage.CREATE_RUNTIME, "test", kind.annotations(),
				kind.hasBindMounts(), kind.takesEffect(), List.of(), List.of(), List.of());
	}

}
