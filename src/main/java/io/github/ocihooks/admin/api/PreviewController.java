package io.github.ocihooks.admin.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.ocihooks.admin.engine.BindMounts;
import io.github.ocihooks.admin.engine.HookPreview;
import io.github.ocihooks.admin.engine.PreviewInput;
import io.github.ocihooks.admin.engine.PreviewResult;
import io.github.ocihooks.admin.engine.Snapshot;
import io.github.ocihooks.admin.store.HookStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Which hooks the runtime would inject into a container, and why each other hook did not match. */
@RestController
@Tag(name = "preview", description = "What the runtime would inject into a container")
class PreviewController {

	private final HookStore store;

	PreviewController(HookStore store) {
		this.store = store;
	}

	@PostMapping(path = "/api/v1/preview", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "preview", summary = "Preview hook injection for a container config",
			description = "Runs the runtime's matching (containers/common pkg/hooks) against the current snapshot of "
					+ "the hook directories. The config is decoded with the runtime's JSON rules.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(schema = @Schema(implementation = PreviewRequest.class))))
	PreviewResponse preview(@RequestBody byte[] body) {
		PreviewRequest.Parsed request = PreviewRequest.parse(body);
		Snapshot snapshot = this.store.snapshot();

		PreviewResponse.Input<Map<String, String>> annotations = (request.annotations() != null)
				? new PreviewResponse.Input<>(request.annotations(), "request", null)
				: new PreviewResponse.Input<>(request.config().annotations(), "config",
						"the config's \"annotations\" (podman and CRI-O pass the container's annotations)");
		PreviewResponse.Input<Boolean> hasBindMounts;
		if (request.hasBindMounts() != null) {
			hasBindMounts = new PreviewResponse.Input<>(request.hasBindMounts(), "request", null);
		}
		else {
			BindMounts.Inference inference = BindMounts.infer(request.config());
			hasBindMounts = new PreviewResponse.Input<>(inference.value(), "inferred", inference.explanation());
		}
		PreviewResponse.Input<List<String>> extensionStages = (request.extensionStages() != null)
				? new PreviewResponse.Input<>(request.extensionStages(), "request", null)
				: new PreviewResponse.Input<>(snapshot.extensionStages(), "configured", null);

		PreviewResult result = HookPreview.preview(snapshot, new PreviewInput(request.config(), annotations.value(),
				hasBindMounts.value(), extensionStages.value()));
		return new PreviewResponse(HookJson.of(result.hooks()), HookJson.of(result.extensionStageHooks()),
				result.runtimeError(), stages(result), result.evaluations(), result.problems(),
				new PreviewResponse.Inputs(annotations, hasBindMounts, extensionStages), snapshot.generation(),
				snapshot.loadedAt());
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
