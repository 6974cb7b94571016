package io.github.ocihooks.admin.preview;

import java.util.ArrayList;
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
import io.github.ocihooks.admin.engine.LoadMode;
import io.github.ocihooks.admin.engine.PrestartStage;
import io.github.ocihooks.admin.profiles.RuntimeKind;
import io.github.ocihooks.admin.profiles.RuntimeProfile;
import io.github.ocihooks.admin.runtimes.RuntimeView;
import io.github.ocihooks.admin.runtimes.RuntimeViews;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;

/**
 * The preview behind both the API and the dashboard: fills in what the caller left out
 * (annotations from the config, hasBindMounts inferred from its mounts, the configured
 * extension stages), asks the engine what the runtime would inject, and optionally runs
 * the matched precreate hooks on the resulting config.
 * <p>
 * Longer than the ~250 lines the project aims for because the preview's vocabulary
 * (request, inputs with their sources, each runtime's outcome) is declared here, for the
 * API and the pages alike.
 */
@Service
public class PreviewService {

	private final RuntimeViews views;

	private final PrecreateRunner precreate;

	PreviewService(RuntimeViews views, PrecreateRunner precreate) {
		this.views = views;
		this.precreate = precreate;
	}

	/** The preview asked for a runtime profile that does not exist. */
	public static class UnknownProfileException extends RuntimeException {

		private final String profile;

		private final List<String> known;

		UnknownProfileException(String profile, List<String> known) {
			super("No runtime profile \"" + profile + "\"; the profiles are " + known);
			this.profile = profile;
			this.known = List.copyOf(known);
		}

		public String profile() {
			return this.profile;
		}

		public List<String> known() {
			return this.known;
		}

	}

	/**
	 * What to preview.
	 *
	 * @param config the config, decoded as the runtime holds it
	 * @param configJson the config as sent (for precreate hooks, which receive the whole
	 * config)
	 * @param annotations null: the config's
	 * @param hasBindMounts null: inferred from the config's mounts
	 * @param extensionStages null: the configured ones
	 * @param runPrecreate whether to run the matched precreate hooks
	 * @param profile the runtime profile's id; null: the default one (the first; with
	 * {@code hooks.directories} set, the only one)
	 */
	public record Request(ContainerConfig config, JsonNode configJson, Map<String, String> annotations,
			Boolean hasBindMounts, List<String> extensionStages, boolean runPrecreate, String profile) {

		/** For the default profile. */
		public Request(ContainerConfig config, JsonNode configJson, Map<String, String> annotations,
				Boolean hasBindMounts, List<String> extensionStages, boolean runPrecreate) {
			this(config, configJson, annotations, hasBindMounts, extensionStages, runPrecreate, null);
		}

	}

	/**
	 * One input and where it came from.
	 *
	 * @param value the value used
	 * @param source {@code request}, {@code config}, {@code inferred} or
	 * {@code configured}
	 * @param explanation how it was inferred, or null
	 */
	public record Input<T>(T value, Source source, String explanation) {
	}

	/**
	 * Where an input came from; written in lower case, as the API and the preview page
	 * show it.
	 */
	public enum Source {

		/** Given in the request. */
		REQUEST,
		/** Read from the container config (the annotations). */
		CONFIG,
		/** Inferred from the container config (hasBindMounts from the mounts). */
		INFERRED,
		/** The service's settings (the extension stages). */
		CONFIGURED,
		/**
		 * The runtime profile the preview is for (its load mode, where prestart lands,
		 * its extension stages).
		 */
		PROFILE,
		/** The default profile, as no profile was asked for. */
		DEFAULT,
		/** Another runtime's answer, computed beside the one asked for. */
		SIDE_BY_SIDE;

		/** The lower-case name the API reports ({@code side-by-side} with a hyphen). */
		@JsonValue
		public String wire() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

		@Override
		public String toString() {
			return wire();
		}

	}

	/**
	 * The inputs used.
	 *
	 * @param profile the runtime profile the preview is for ({@code request} or
	 * {@code default})
	 * @param loadMode how that runtime loads its directories ({@code profile})
	 * @param prestartStage where it injects {@code prestart} definitions
	 * ({@code profile})
	 */
	public record Inputs(Input<Map<String, String>> annotations, Input<Boolean> hasBindMounts,
			Input<List<String>> extensionStages, Input<String> profile, Input<LoadMode> loadMode,
			Input<PrestartStage> prestartStage) {
	}

	/**
	 * One runtime's answer for the same container, as it derives its own inputs.
	 *
	 * @param view the runtime's view of the hook directories (profile, verdict)
	 * @param result what it would inject (no evaluations)
	 * @param inputs what it used and where each came from
	 */
	public record RuntimeOutcome(RuntimeView view, PreviewResult result, Inputs inputs) {
	}

	/**
	 * The outcome.
	 *
	 * @param snapshot the snapshot used
	 * @param result the engine's answer
	 * @param inputs the inputs used
	 * @param precreate the precreate run, or null when not asked or nothing to run
	 * @param runtime the view of the runtime the preview is for
	 * @param runtimes every runtime's answer, side by side, in profile order (the one
	 * asked for included)
	 */
	public record Preview(Snapshot snapshot, PreviewResult result, Inputs inputs, ConfigFilterChain.Result precreate,
			RuntimeView runtime, List<RuntimeOutcome> runtimes) {
	}

	/** The preview with every hook explained. */
	public Preview preview(Request request, Authentication user) {
		return preview(request, user, true);
	}

	/**
	 * The preview.
	 * @param explain false: no evaluations (the decisions are the same; only the
	 * explanation is left out)
	 */
	public Preview preview(Request request, Authentication user, boolean explain) {
		RuntimeViews.Views views = this.views.current();
		Outcomes outcomes = outcomes(views, request, explain);
		RuntimeOutcome chosen = outcomes.chosen();
		PreviewResult result = chosen.result();
		Input<List<String>> extensionStages = chosen.inputs().extensionStages();
		ConfigFilterChain.Result precreate = null;
		if (request.runPrecreate()) {
			// Refused runs throw even when nothing would run, so that callers learn about
			// the setting early.
			if (!this.precreate.allowed(user)) {
				this.precreate.run(null, List.of(), user);
			}
			List<OciHook> hooks = (result.runtimeError() == null && result.extensionStageHooks() != null)
					? result.extensionStageHooks().getOrDefault("precreate", List.of()) : List.of();
			if (result.runtimeError() == null && extensionStages.value().contains("precreate")) {
				precreate = this.precreate.run(injectedConfig(request.configJson(), result.hooks()), hooks, user);
			}
		}
		return new Preview(views.snapshot(), result, chosen.inputs(), precreate, chosen.view(), outcomes.runtimes());
	}

	/**
	 * Every runtime's answer.
	 *
	 * @param chosen the answer of the runtime the preview is for
	 * @param runtimes every runtime's answer, in profile order (the chosen one included)
	 */
	public record Outcomes(RuntimeOutcome chosen, List<RuntimeOutcome> runtimes) {
	}

	/**
	 * Every runtime's answer for the request over {@code views}: the asked-for (or
	 * default) runtime explained when {@code explain}, the others with decisions only,
	 * each with the inputs it derives. The engine computes them together
	 * ({@link HookPreview#previewAll}): runtimes that derive the same facts (annotations,
	 * hasBindMounts, the same process) decide each hook once. Public because the
	 * benchmark measures exactly this.
	 * @throws UnknownProfileException when the request names a profile {@code views} does
	 * not have
	 */
	public static Outcomes outcomes(RuntimeViews.Views views, Request request, boolean explain) {
		RuntimeView runtime;
		Input<String> profile;
		if (request.profile() != null) {
			runtime = views.runtime(request.profile())
				.orElseThrow(() -> new UnknownProfileException(request.profile(),
						views.runtimes().stream().map((r) -> r.profile().id()).toList()));
			profile = new Input<>(runtime.profile().id(), Source.REQUEST, null);
		}
		else {
			runtime = views.defaultRuntime();
			profile = new Input<>(runtime.profile().id(), Source.DEFAULT,
					views.set().explicitDirectories() ? "hooks.directories is set: the only profile"
							: "the first runtime profile (" + origin(runtime.profile()) + ")");
		}
		List<Inputs> inputs = new ArrayList<>();
		List<HookPreview.Ask> asks = new ArrayList<>();
		for (RuntimeView view : views.runtimes()) {
			boolean selected = view == runtime;
			Inputs in = inputs(request, view.profile(),
					selected ? profile : new Input<>(view.profile().id(), Source.SIDE_BY_SIDE, null),
					views.set().explicitDirectories());
			inputs.add(in);
			asks.add(new HookPreview.Ask(view.snapshot(),
					new PreviewInput(request.config(), in.annotations().value(), in.hasBindMounts().value(),
							in.extensionStages().value(), view.profile().loadMode(), view.profile().prestartStage(),
							view.profile().goRelease()),
					selected && explain));
		}
		List<PreviewResult> results = HookPreview.previewAll(asks);
		List<RuntimeOutcome> runtimes = new ArrayList<>();
		RuntimeOutcome chosen = null;
		for (int i = 0; i < results.size(); i++) {
			RuntimeView view = views.runtimes().get(i);
			RuntimeOutcome outcome = new RuntimeOutcome(view, results.get(i), inputs.get(i));
			runtimes.add(outcome);
			if (view == runtime) {
				chosen = outcome;
			}
		}
		return new Outcomes(chosen, List.copyOf(runtimes));
	}

	private static String origin(RuntimeProfile p) {
		return p.kind().name().toLowerCase(java.util.Locale.ROOT) + ", "
				+ p.origin().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
	}

	/** What this runtime passes to Manager.Hooks for the request, and from where. */
	private static Inputs inputs(Request request, RuntimeProfile p, Input<String> profile, boolean explicit) {
		String who = "profile " + p.id();
		Input<Map<String, String>> annotations = (request.annotations() != null)
				? new Input<>(request.annotations(), Source.REQUEST, null)
				: new Input<>(request.config().annotations(), Source.CONFIG,
						explicit ? "the config's \"annotations\" (podman and CRI-O pass the container's annotations)"
								: "the config's \"annotations\"; " + who + ": " + p.annotations().explanation());
		Input<Boolean> hasBindMounts;
		if (request.hasBindMounts() != null) {
			hasBindMounts = new Input<>(request.hasBindMounts(), Source.REQUEST, null);
		}
		else if (explicit || p.kind() == RuntimeKind.CUSTOM) {
			BindMounts.Inference inference = BindMounts.infer(request.config());
			hasBindMounts = new Input<>(inference.value(), Source.INFERRED, inference.explanation());
		}
		else {
			RuntimeMounts.Inference inference = RuntimeMounts.infer(request.config(), p.kind());
			hasBindMounts = new Input<>(inference.value(), Source.INFERRED,
					who + " (" + p.kind().hasBindMounts().name().toLowerCase(java.util.Locale.ROOT) + "): "
							+ inference.explanation());
		}
		Input<List<String>> extensionStages;
		if (request.extensionStages() != null) {
			extensionStages = new Input<>(request.extensionStages(), Source.REQUEST, null);
		}
		else if (explicit) {
			extensionStages = new Input<>(p.extensionStages(), Source.CONFIGURED, null);
		}
		else {
			extensionStages = new Input<>(p.extensionStages(), Source.PROFILE, who + ": the stages "
					+ p.kind().name().toLowerCase(java.util.Locale.ROOT) + " handles itself (" + origin(p) + ")");
		}
		return new Inputs(annotations, hasBindMounts, extensionStages, profile,
				new Input<>(p.loadMode(), Source.PROFILE, who + ": " + p.loadModeReason()),
				new Input<>(p.prestartStage(), Source.PROFILE, who + ": " + p.prestartReason()));
	}

	/**
	 * A {@code hooks} object as the runtime writes it into config.json (empty args and
	 * env and null timeouts left out).
	 */
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

	/**
	 * The config as the runtime would receive it: the request's config with {@code hooks}
	 * after injection.
	 */
	/**
	 * The config with {@code hooks} replaced by the injected ones (any key equal to
	 * {@code hooks} ignoring case is removed), as the precreate chain receives it. The
	 * one definition for the API and the preview page.
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
