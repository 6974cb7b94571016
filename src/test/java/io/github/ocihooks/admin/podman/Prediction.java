package io.github.ocihooks.admin.podman;

import java.util.List;
import java.util.Map;

import io.github.ocihooks.admin.engine.OciHook;

/**
 * What podman should do with a situation.
 *
 * @param hooks the {@code hooks} of the generated config.json (stage to hooks, in order),
 * or null when the config has none; irrelevant when {@code runtimeError} is set
 * @param extensionStageHooks the hooks podman runs itself (stage to hooks, in order),
 * empty when none
 * @param runtimeError podman's error when it refuses the container, or null when it
 * creates it
 * @param explanation a few words on how the prediction was made (directories, mode),
 * printed with failures
 */
record Prediction(Map<String, List<OciHook>> hooks, Map<String, List<OciHook>> extensionStageHooks, String runtimeError,
		String explanation) {
}
