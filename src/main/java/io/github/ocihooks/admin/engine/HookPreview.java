package io.github.ocihooks.admin.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * containers/common {@code Manager.Hooks}: for one container, tries every active hook in order and injects the
 * matching ones stage by stage. Hooks already in the config stay first; {@code prestart} definitions go to
 * {@code createRuntime}; a stage listed twice injects twice; extension stages are returned apart. A matching error
 * stops everything: the runtime fails the container.
 */
public final class HookPreview {

	private HookPreview() {
	}

	/** The preview with an explanation of every hook. */
	public static PreviewResult preview(Snapshot snapshot, PreviewInput input) {
		return preview(snapshot, input, true);
	}

	/**
	 * The preview.
	 *
	 * @param explain whether to explain every hook ({@link PreviewResult#evaluations()}); without it the evaluations
	 * are empty and the preview costs only the matching itself. The decisions are the same either way: they come
	 * from {@link Matcher#matches}, and an explanation that disagrees with it is a bug that fails the preview.
	 */
	public static PreviewResult preview(Snapshot snapshot, PreviewInput input, boolean explain) {
		Resolution resolution = snapshot.resolution(input.extensionStages());
		Set<String> local = new HashSet<>(input.extensionStages());
		ContainerConfig config = input.config();
		Matcher.Facts facts = new Matcher.Facts(config.processPresent(), config.processArgs(), input.annotations(),
				input.hasBindMounts());

		Map<String, List<OciHook>> hooks = new LinkedHashMap<>();
		Map<String, List<PreviewResult.Injected>> stages = new LinkedHashMap<>();
		for (String stage : ContainerConfig.HOOK_FIELDS) {
			List<OciHook> existing = config.hooks().get(stage);
			if (existing != null) {
				hooks.put(stage, new ArrayList<>(existing));
				for (OciHook h : existing) {
					stages.computeIfAbsent(stage, k -> new ArrayList<>())
						.add(new PreviewResult.Injected(h, "config", null, null, false));
				}
			}
		}
		boolean hooksPresent = config.hooksPresent();
		Map<String, List<OciHook>> extension = new TreeMap<>();

		List<Evaluation> evaluations = new ArrayList<>();
		RuntimeError matchError = null;
		List<FileState> order = resolution.injectionOrder();
		for (int i = 0; i < order.size(); i++) {
			FileState state = order.get(i);
			if (matchError != null) {
				if (explain) {
					evaluations.add(new Evaluation(state.directory(), state.name(), i, false, false, "none", null,
							List.of(), state.file().definition().stages(),
							"Not evaluated: the runtime stopped at an earlier matching error"));
				}
				continue;
			}
			boolean matched;
			try {
				matched = Matcher.matches(state.file().compiled(), facts);
			}
			catch (Matcher.MatchException ex) {
				if (explain) {
					evaluations.add(explainedFailure(state, i, facts));
				}
				String message = "matching hook " + GoStrings.quote(state.name()) + ": " + ex.getMessage();
				matchError = new RuntimeError("match", message,
						List.of(new RuntimeError.FileError(state.directory(), state.name(), ex.getMessage())));
				continue;
			}
			if (explain) {
				evaluations.add(explained(state, i, facts, matched));
			}
			if (!matched) {
				continue;
			}
			hooksPresent = true;
			OciHook hook = state.file().definition().hook();
			for (String stage : state.file().definition().stages()) {
				boolean isExtension = local.contains(stage);
				String target = isExtension ? stage : ("prestart".equals(stage) ? "createRuntime" : stage);
				if (isExtension) {
					extension.computeIfAbsent(stage, k -> new ArrayList<>()).add(hook);
				}
				else {
					hooks.computeIfAbsent(target, k -> new ArrayList<>()).add(hook);
				}
				stages.computeIfAbsent(target, k -> new ArrayList<>())
					.add(new PreviewResult.Injected(hook, "file", state.directory(), state.name(), isExtension));
			}
		}

		List<Problem> problems = resolution.problemsBySeverity();
		RuntimeError error = (resolution.loadError() != null) ? resolution.loadError() : matchError;
		if (error != null) {
			return new PreviewResult(null, null, error, orderStages(stages, input.extensionStages()), evaluations,
					problems);
		}
		Map<String, List<OciHook>> outHooks = null;
		if (hooksPresent) {
			outHooks = new LinkedHashMap<>();
			for (String stage : ContainerConfig.HOOK_FIELDS) {
				List<OciHook> list = hooks.get(stage);
				if (list != null && !list.isEmpty()) {
					outHooks.put(stage, List.copyOf(list));
				}
			}
		}
		return new PreviewResult(outHooks, extension.isEmpty() ? null : Map.copyOf(extension), null,
				orderStages(stages, input.extensionStages()), evaluations, problems);
	}

	private static Evaluation explained(FileState state, int order, Matcher.Facts facts, boolean matched) {
		Evaluation evaluation;
		try {
			evaluation = Matcher.evaluate(state, order, facts);
		}
		catch (Matcher.MatchException ex) {
			throw disagreement(state, "an error", String.valueOf(matched));
		}
		if (evaluation.matched() != matched) {
			throw disagreement(state, String.valueOf(evaluation.matched()), String.valueOf(matched));
		}
		return evaluation;
	}

	private static Evaluation explainedFailure(FileState state, int order, Matcher.Facts facts) {
		try {
			Evaluation evaluation = Matcher.evaluate(state, order, facts);
			throw disagreement(state, String.valueOf(evaluation.matched()), "an error");
		}
		catch (Matcher.MatchException ex) {
			return ex.evaluation();
		}
	}

	private static IllegalStateException disagreement(FileState state, String explained, String decided) {
		return new IllegalStateException("Explanation of " + state.directory() + "/" + state.name() + " says "
				+ explained + " but the runtime's decision is " + decided);
	}

	/** OCI stages in lifecycle order, then extension stages as configured. */
	private static Map<String, List<PreviewResult.Injected>> orderStages(Map<String, List<PreviewResult.Injected>> in,
			List<String> extensionStages) {
		Map<String, List<PreviewResult.Injected>> out = new LinkedHashMap<>();
		List<String> order = new ArrayList<>();
		for (String s : extensionStages) {
			if (s.equals("precreate")) {
				order.add(s);
			}
		}
		order.addAll(Stages.beforePoststop());
		for (String s : extensionStages) {
			if (!order.contains(s) && !s.equals("poststop")) {
				order.add(s);
			}
		}
		order.add("poststop");
		for (String s : extensionStages) {
			if (!order.contains(s)) {
				order.add(s);
			}
		}
		for (String s : order) {
			List<PreviewResult.Injected> list = in.get(s);
			if (list != null && !list.isEmpty()) {
				out.put(s, List.copyOf(list));
			}
		}
		return out;
	}

}
