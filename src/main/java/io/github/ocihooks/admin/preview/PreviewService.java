package io.github.ocihooks.admin.preview;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonValue;
import io.github.ocihooks.admin.engine.BindMounts;
import io.github.ocihooks.admin.engine.ContainerConfig;
import io.github.ocihooks.admin.engine.HookPreview;
import io.github.ocihooks.admin.engine.OciHook;
import io.github.ocihooks.admin.engine.PreviewInput;
import io.github.ocihooks.admin.engine.PreviewResult;
import io.github.ocihooks.admin.engine.Snapshot;
import io.github.ocihooks.admin.engine.precreate.ConfigFilterChain;
import io.github.ocihooks.admin.store.HookStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;

/**
 * The preview behind both the API and the dashboard: fills in what the caller left out (annotations from the config,
 * hasBindMounts inferred from its mounts, the configured extension stages), asks the engine what the runtime would
 * inject, and optionally runs the matched precreate hooks on the resulting config.
 */
@Service
public class PreviewService {

	private final HookStore store;

	private final PrecreateRunner precreate;

	PreviewService(HookStore store, PrecreateRunner precreate) {
		this.store = store;
		this.precreate = precreate;
	}

	/**
	 * What to preview.
	 *
	 * @param config the config, decoded as the runtime holds it
	 * @param configJson the config as sent (for precreate hooks, which receive the whole config)
	 * @param annotations null: the config's
	 * @param hasBindMounts null: inferred from the config's mounts
	 * @param extensionStages null: the configured ones
	 * @param runPrecreate whether to run the matched precreate hooks
	 */
	public record Request(ContainerConfig config, JsonNode configJson, Map<String, String> annotations,
			Boolean hasBindMounts, List<String> extensionStages, boolean runPrecreate) {
	}

	/**
	 * One input and where it came from.
	 *
	 * @param value the value used
	 * @param source {@code request}, {@code config}, {@code inferred} or {@code configured}
	 * @param explanation how it was inferred, or null
	 */
	public record Input<T>(T value, Source source, String explanation) {
	}

	/** Where an input came from; written in lower case, as the API and the preview page show it. */
	public enum Source {

		/** Given in the request. */
		REQUEST,
		/** Read from the container config (the annotations). */
		CONFIG,
		/** Inferred from the container config (hasBindMounts from the mounts). */
		INFERRED,
		/** The service's settings (the extension stages). */
		CONFIGURED;

		/** The lower-case name the API reports. */
		@JsonValue
		public String wire() {
			return name().toLowerCase(Locale.ROOT);
		}

		@Override
		public String toString() {
			return wire();
		}

	}

	/** The inputs used. */
	public record Inputs(Input<Map<String, String>> annotations, Input<Boolean> hasBindMounts,
			Input<List<String>> extensionStages) {
	}

	/**
	 * The outcome.
	 *
	 * @param snapshot the snapshot used
	 * @param result the engine's answer
	 * @param inputs the inputs used
	 * @param precreate the precreate run, or null when not asked or nothing to run
	 */
	public record Preview(Snapshot snapshot, PreviewResult result, Inputs inputs, ConfigFilterChain.Result precreate) {
	}

	/** The preview with every hook explained. */
	public Preview preview(Request request, Authentication user) {
		return preview(request, user, true);
	}

	/**
	 * The preview.
	 *
	 * @param explain false: no evaluations (the decisions are the same; only the explanation is left out)
	 */
	public Preview preview(Request request, Authentication user, boolean explain) {
		Snapshot snapshot = this.store.snapshot();
		Input<Map<String, String>> annotations = (request.annotations() != null)
				? new Input<>(request.annotations(), Source.REQUEST, null)
				: new Input<>(request.config().annotations(), Source.CONFIG,
						"the config's \"annotations\" (podman and CRI-O pass the container's annotations)");
		Input<Boolean> hasBindMounts;
		if (request.hasBindMounts() != null) {
			hasBindMounts = new Input<>(request.hasBindMounts(), Source.REQUEST, null);
		}
		else {
			BindMounts.Inference inference = BindMounts.infer(request.config());
			hasBindMounts = new Input<>(inference.value(), Source.INFERRED, inference.explanation());
		}
		Input<List<String>> extensionStages = (request.extensionStages() != null)
				? new Input<>(request.extensionStages(), Source.REQUEST, null)
				: new Input<>(snapshot.extensionStages(), Source.CONFIGURED, null);
		PreviewResult result = HookPreview.preview(snapshot, new PreviewInput(request.config(), annotations.value(),
				hasBindMounts.value(), extensionStages.value()), explain);
		ConfigFilterChain.Result precreate = null;
		if (request.runPrecreate()) {
			// Refused runs throw even when nothing would run, so that callers learn about the setting early.
			if (!this.precreate.allowed(user)) {
				this.precreate.run(null, List.of(), user);
			}
			List<OciHook> hooks = (result.runtimeError() == null && result.extensionStageHooks() != null)
					? result.extensionStageHooks().getOrDefault("precreate", List.of()) : List.of();
			if (result.runtimeError() == null && extensionStages.value().contains("precreate")) {
				precreate = this.precreate.run(injectedConfig(request.configJson(), result.hooks()), hooks, user);
			}
		}
		return new Preview(snapshot, result, new Inputs(annotations, hasBindMounts, extensionStages), precreate);
	}

	/** A {@code hooks} object as the runtime writes it into config.json (empty args and env and null timeouts left out). */
	public static ObjectNode hooksJson(Map<String, List<OciHook>> hooks) {
		ObjectNode out = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
		hooks.forEach((stage, list) -> {
			var array = out.putArray(stage);
			for (OciHook h : list) {
				ObjectNode node = array.addObject();
				node.put("path", h.path());
				if (h.args() != null && !h.args().isEmpty()) {
					h.args().forEach(node.putArray("args")::add);
				}
				if (h.env() != null && !h.env().isEmpty()) {
					h.env().forEach(node.putArray("env")::add);
				}
				if (h.timeout() != null) {
					node.put("timeout", h.timeout());
				}
			}
		});
		return out;
	}

	/** The config as the runtime would receive it: the request's config with {@code hooks} after injection. */
	/**
	 * The config with {@code hooks} replaced by the injected ones (any key equal to {@code hooks} ignoring case is
	 * removed), as the precreate chain receives it. The one definition for the API and the preview page.
	 */
	public static ObjectNode injectedConfig(JsonNode config, Map<String, List<OciHook>> hooks) {
		ObjectNode copy = (config != null && config.isObject()) ? (ObjectNode) config.deepCopy()
				: tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
		List<String> names = new java.util.ArrayList<>();
		copy.propertyNames().forEach(names::add);
		names.stream().filter(n -> n.equalsIgnoreCase("hooks")).forEach(copy::remove);
		if (hooks != null) {
			copy.set("hooks", hooksJson(hooks));
		}
		return copy;
	}

}
