package io.github.ocihooks.admin.engine;

import java.util.List;
import java.util.Map;

/**
 * What the runtime would do with one container.
 *
 * @param hooks the config's {@code hooks} after injection (stage to hooks,
 * {@code rspec.Hooks} order), or null when the config had none and nothing matched, or
 * when the runtime refuses the container
 * @param extensionStageHooks matched hooks of extension stages, returned to the consumer
 * instead of injected; null when none
 * @param runtimeError why the runtime would refuse to create the container, or null
 * @param stages every stage's hooks in order, with where each comes from
 * @param evaluations every active hook in the runtime's order, with why it matched or
 * not; empty when the preview was not asked to explain
 * @param problems problems of the hook directories that concern this preview (errors
 * first)
 */
public record PreviewResult(Map<String, List<OciHook>> hooks, Map<String, List<OciHook>> extensionStageHooks,
		RuntimeError runtimeError, Map<String, List<Injected>> stages, List<Evaluation> evaluations,
		List<Problem> problems) {

	/**
	 * A hook at a stage.
	 *
	 * @param hook the hook
	 * @param origin {@code config} (already in the config) or {@code file}
	 * @param directory the hook file's directory, or null
	 * @param file the hook file's name, or null
	 * @param extension whether the stage is an extension stage (returned to the consumer,
	 * not injected)
	 */
	public record Injected(OciHook hook, String origin, String directory, String file, boolean extension) {
	}

}
