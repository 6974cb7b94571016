package io.github.ocihooks.admin.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.ocihooks.admin.engine.PreviewResult;
import io.github.ocihooks.admin.engine.precreate.ConfigFilterChain;
import io.github.ocihooks.admin.preview.PreviewService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Which hooks the runtime would inject into a container, and why each other hook did not
 * match.
 */
@RestController
@Tag(name = "preview", description = "What the runtime would inject into a container")
class PreviewController {

	private final PreviewService previews;

	private final JsonMapper json;

	PreviewController(PreviewService previews, JsonMapper json) {
		this.previews = previews;
		this.json = json;
	}

	@PostMapping(path = "/api/v1/preview", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "preview", summary = "Preview hook injection for a container config",
			description = "Runs the runtime's matching (containers/common pkg/hooks) against the current snapshot of "
					+ "the hook directories. The config is decoded with the runtime's JSON rules. With runPrecreate, "
					+ "the matched precreate hooks run on the resulting config (disabled unless "
					+ "hooks.precreate.execution-enabled=true; role ADMIN only).",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(schema = @Schema(implementation = PreviewRequest.class),
							examples = @io.swagger.v3.oas.annotations.media.ExampleObject(name = "shell",
									summary = "A plain shell container with a bind mount",
									value = "{\"config\": {\"ociVersion\": \"1.0.2\", \"process\": {\"args\": "
											+ "[\"/bin/sh\"]}, \"mounts\": [{\"destination\": \"/data\", "
											+ "\"type\": \"bind\", \"source\": \"/srv/data\", \"options\": "
											+ "[\"rbind\"]}]}, \"annotations\": {\"com.example.gpu\": \"true\"}}"))))
	PreviewResponse preview(@RequestBody byte[] body,
			@Parameter(description = "false: only hooks, extensionStageHooks, "
					+ "runtimeError and inputs (no evaluations, stages or problems), for callers that need just the "
					+ "result") @RequestParam(defaultValue = "true") boolean explain,
			Authentication user) {
		PreviewRequest.Parsed request = PreviewRequest.parse(body);
		JsonNode configJson = request.runPrecreate() ? this.json.readTree(body).get("config") : null;
		PreviewService.Preview preview = this.previews.preview(
				new PreviewService.Request(request.config(), configJson, request.annotations(), request.hasBindMounts(),
						request.extensionStages(), request.runPrecreate(), request.profile()),
				user, explain);
		PreviewResult result = preview.result();
		PreviewService.Inputs in = preview.inputs();
		return new PreviewResponse(HookJson.of(result.hooks()), HookJson.of(result.extensionStageHooks()),
				result.runtimeError(), explain ? stages(result) : null, explain ? result.evaluations() : null,
				explain ? result.problems() : null, inputs(in), preview.snapshot().generation(),
				preview.snapshot().loadedAt(), precreate(preview.precreate()), preview.runtime().profile().id(),
				preview.runtimes().stream().map(PreviewController::runtime).toList());
	}

	private static PreviewResponse.Inputs inputs(PreviewService.Inputs in) {
		return new PreviewResponse.Inputs(input(in.annotations()), input(in.hasBindMounts()),
				input(in.extensionStages()), input(in.profile()), input(in.loadMode()), input(in.prestartStage()));
	}

	private static PreviewResponse.Runtime runtime(PreviewService.RuntimeOutcome o) {
		var p = o.view().profile();
		return new PreviewResponse.Runtime(p.id(), p.kind(), p.version().known() ? p.version().version() : null,
				HookJson.of(o.result().hooks()), HookJson.of(o.result().extensionStageHooks()),
				o.result().runtimeError(), o.view().verdict(), o.view().why(), inputs(o.inputs()));
	}

	private static <T> PreviewResponse.Input<T> input(PreviewService.Input<T> in) {
		return new PreviewResponse.Input<>(in.value(), in.source(), in.explanation());
	}

	private static PreviewResponse.Precreate precreate(ConfigFilterChain.Result run) {
		if (run == null) {
			return null;
		}
		return new PreviewResponse.Precreate(run.steps(), run.finalConfig(), run.error());
	}

	private static Map<String, List<PreviewResponse.StageHook>> stages(PreviewResult result) {
		Map<String, List<PreviewResponse.StageHook>> out = new LinkedHashMap<>();
		result.stages().forEach((stage, list) -> {
			List<PreviewResponse.StageHook> hooks = new ArrayList<>(list.size());
			for (PreviewResult.Injected i : list) {
				hooks.add(new PreviewResponse.StageHook(i.hook().path(), i.hook().args(), i.hook().env(),
						i.hook().timeout(), i.origin(), i.directory(), i.file(), i.extension()));
			}
			out.put(stage, hooks);
		});
		return out;
	}

}
