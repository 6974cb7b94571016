package io.github.ocihooks.admin.engine;

import java.util.List;
import java.util.Map;

/**
 * What the runtime passes to {@code Manager.Hooks}: the config, the annotations, whether there are bind mounts, and
 * which stages the consumer handles itself.
 *
 * @param config the container's config
 * @param annotations annotations to match (podman and CRI-O pass the container's annotations)
 * @param hasBindMounts whether the container has (user) bind mounts
 * @param extensionStages the consumer's extension stages
 */
public record PreviewInput(ContainerConfig config, Map<String, String> annotations, boolean hasBindMounts,
		List<String> extensionStages) {

	public PreviewInput {
		annotations = Map.copyOf(annotations);
		extensionStages = List.copyOf(extensionStages);
	}

}
