package io.github.ocihooks.admin.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.ocihooks.admin.engine.Evaluation;
import io.github.ocihooks.admin.engine.LoadMode;
import io.github.ocihooks.admin.engine.PrestartStage;
import io.github.ocihooks.admin.engine.Problem;
import io.github.ocihooks.admin.engine.RuntimeError;
import io.github.ocihooks.admin.engine.precreate.ConfigFilterChain;
import io.github.ocihooks.admin.preview.PreviewService;
import io.github.ocihooks.admin.profiles.RuntimeKind;
import io.github.ocihooks.admin.runtimes.Verdict;
import tools.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What the runtime would do with the container.
 *
 * @param hooks the config's {@code hooks} after injection, exactly as the runtime would
 * pass it on; null when the config had none and nothing matched, or when the runtime
 * refuses the container
 * @param extensionStageHooks matched hooks of extension stages (for example
 * {@code precreate}), by stage; the consumer runs these itself; null when none
 * @param runtimeError null, or why the runtime would refuse to create this container
 * @param stages each stage's hooks in order with their origin (already in the config, or
 * which file)
 * @param evaluations every active hook in the runtime's order: matched or not, and why
 * @param problems problems in the hook directories, errors first
 * @param inputs the annotations, hasBindMounts and extension stages used, and where each
 * came from
 * @param generation the snapshot generation the preview used
 * @param loadedAt when that snapshot was loaded
 * @param precreate with {@code runPrecreate}: each precreate hook's run and the final
 * config; else absent
 * @param profile the runtime profile this answer ({@code hooks} ... {@code inputs}) is
 * for
 * @param runtimes every runtime profile's answer for the same container, side by side, in
 * profile order
 */
@Schema(name = "PreviewResponse")
record PreviewResponse(@JsonInclude(JsonInclude.Include.ALWAYS) Map<String, List<HookJson>> hooks,
		@JsonInclude(JsonInclude.Include.ALWAYS) Map<String, List<HookJson>> extensionStageHooks,
		@JsonInclude(JsonInclude.Include.ALWAYS) RuntimeError runtimeError,
		@JsonInclude(JsonInclude.Include.NON_NULL) Map<String, List<StageHook>> stages,
		@JsonInclude(JsonInclude.Include.NON_NULL) List<Evaluation> evaluations,
		@JsonInclude(JsonInclude.Include.NON_NULL) List<Problem> problems, Inputs inputs, long generation,
		Instant loadedAt, @JsonInclude(JsonInclude.Include.NON_NULL) Precreate precreate, String profile,
		List<Runtime> runtimes) {

	/**
	 * One runtime's answer.
	 *
	 * @param profile the profile's id
	 * @param kind its kind
	 * @param version its version, null when unknown
	 * @param hooks what it would inject (as {@code hooks} above)
	 * @param extensionStageHooks what it would run itself
	 * @param runtimeError why it would refuse the container, or null
	 * @param verdict what it does with the hook directories as they are now
	 * @param why the verdict in one sentence, with the file responsible
	 * @param inputs what it used and where each came from
	 */
	record Runtime(String profile, RuntimeKind kind, @JsonInclude(JsonInclude.Include.ALWAYS) String version,
			@JsonInclude(JsonInclude.Include.ALWAYS) Map<String, List<HookJson>> hooks,
			@JsonInclude(JsonInclude.Include.ALWAYS) Map<String, List<HookJson>> extensionStageHooks,
			@JsonInclude(JsonInclude.Include.ALWAYS) RuntimeError runtimeError, Verdict verdict, String why,
			Inputs inputs) {
	}

	/**
	 * The precreate chain's run.
	 *
	 * @param steps each hook run, in order: command line, exit status, duration, stderr
	 * tail, and its change to the config as an RFC 6902 JSON Patch
	 * @param finalConfig the config the runtime would receive, or null when the chain
	 * failed
	 * @param error why the runtime would fail the container, or null
	 */
	record Precreate(List<ConfigFilterChain.Step> steps, JsonNode finalConfig, String error) {
	}

	/** A hook at a stage, with where it comes from. */
	record StageHook(String path, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> args,
			@JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> env,
			@JsonInclude(JsonInclude.Include.NON_NULL) Long timeout,
			@Schema(description = "config: already in the config; file: injected from a hook file") String origin,
			String directory, String file, boolean extensionStage) {
	}

	/**
	 * The inputs the preview used.
	 *
	 * @param profile the runtime profile ({@code request}, or {@code default} and why)
	 * @param loadMode how that runtime loads its directories, and why ({@code profile})
	 * @param prestartStage where it injects {@code prestart} definitions, and why
	 * ({@code profile})
	 */
	record Inputs(Input<Map<String, String>> annotations, Input<Boolean> hasBindMounts,
			Input<List<String>> extensionStages, Input<String> profile, Input<LoadMode> loadMode,
			Input<PrestartStage> prestartStage) {
	}

	/**
	 * One input.
	 *
	 * @param value the value used
	 * @param source {@code request}, {@code config} (annotations from the config),
	 * {@code inferred} (hasBindMounts from the mounts), {@code configured} (extension
	 * stages from the service's settings), {@code profile} (from the runtime profile),
	 * {@code default} or {@code side-by-side} (which profile)
	 * @param explanation how an inferred value was inferred
	 */
	record Input<T>(T value, PreviewService.Source source,
			@JsonInclude(JsonInclude.Include.NON_NULL) String explanation) {
	}

}
