package io.github.ocihooks.admin.engine;

import java.util.List;
import java.util.Map;

/**
 * What the runtime passes to {@code Manager.Hooks}: the config, the annotations, whether
 * there are bind mounts, and which stages the consumer handles itself.
 *
 * @param config the container's config
 * @param annotations annotations to match (podman and CRI-O pass the container's
 * annotations)
 * @param hasBindMounts whether the container has (user) bind mounts
 * @param extensionStages the consumer's extension stages
 * @param loadMode how the consumer calls {@code hooks.New} over the directories
 * @param prestart where the consumer's {@code pkg/hooks} injects {@code prestart}
 * definitions
 * @param go the Go release the consumer was built with ({@link GoRelease#LATEST} when
 * unknown)
 */
public record PreviewInput(ContainerConfig config, Map<String, String> annotations, boolean hasBindMounts,
		List<String> extensionStages, LoadMode loadMode, PrestartStage prestart, GoRelease go) {

	public PreviewInput {
		annotations = Map.copyOf(annotations);
		extensionStages = List.copyOf(extensionStages);
		if (loadMode == null || prestart == null || go == null) {
			throw new IllegalArgumentException("loadMode, prestart and go are required");
		}
	}

	/**
	 * A consumer built with the newest Go this engine models ({@link GoRelease#LATEST}).
	 */
	public PreviewInput(ContainerConfig config, Map<String, String> annotations, boolean hasBindMounts,
			List<String> extensionStages, LoadMode loadMode, PrestartStage prestart) {
		this(config, annotations, hasBindMounts, extensionStages, loadMode, prestart, GoRelease.LATEST);
	}

	/**
	 * One load across all directories, {@code prestart} injected as {@code createRuntime}
	 * (containers/common &ge; v0.58).
	 */
	public PreviewInput(ContainerConfig config, Map<String, String> annotations, boolean hasBindMounts,
			List<String> extensionStages) {
		this(config, annotations, hasBindMounts, extensionStages, LoadMode.MERGED, PrestartStage.CREATE_RUNTIME,
				GoRelease.LATEST);
	}

}
