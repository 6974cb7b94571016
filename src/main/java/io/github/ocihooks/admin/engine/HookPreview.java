package io.github.ocihooks.admin.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * containers/common {@code Manager.Hooks}: for one container, tries every active hook in
 * order and injects the matching ones stage by stage. Hooks already in the config stay
 * first; {@code prestart} definitions go to {@code createRuntime} or stay in
 * {@code prestart} ({@link PreviewInput#prestart()}); a stage listed twice injects twice;
 * extension stages are returned apart. A matching error stops everything: the runtime
 * fails the container.
 * <p>
 * With {@link LoadMode#PER_DIRECTORY} this is podman's {@code setupOCIHooks} when it
 * loads the directories one by one (podman v4.3.1
 * {@code libpod/container_internal.go:2108-2128}): {@code hooks.New} then
 * {@code Manager.Hooks} for each directory in turn, all injecting into the same config;
 * the first error returns at once (later directories are not read); the extension-stage
 * hooks are copied stage by stage into one map ({@code allHooks[i] = hook}), so a later
 * directory's list for a stage replaces an earlier one's. With {@link LoadMode#NONE}
 * nothing is injected.
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
	 * @param explain whether to explain every hook ({@link PreviewResult#evaluations()});
	 * without it the evaluations are empty and the preview costs only the matching
	 * itself. The decisions are the same either way: they come from
	 * {@link Matcher#matches}, and an explanation that disagrees with it is a bug that
	 * fails the preview.
	 */
	public static PreviewResult preview(Snapshot snapshot, PreviewInput input, boolean explain) {
		return preview(snapshot, input, explain, Decisions.alone(facts(input)));
	}

	/**
	 * One runtime's preview among several of the same container ({@link #previewAll}).
	 *
	 * @param snapshot the runtime's view of the hook directories
	 * @param input what the runtime passes to {@code Manager.Hooks}
	 * @param explain whether to explain every hook
	 */
	public record Ask(Snapshot snapshot, PreviewInput input, boolean explain) {
	}

	/**
	 * The previews of one container for several runtimes, each exactly what
	 * {@link #preview(Snapshot, PreviewInput, boolean)} answers for it alone, in the
	 * order asked. What they share: a hook's matching decision, which depends only on its
	 * compiled conditions and the facts the runtime derives (process present,
	 * {@code process.args}, annotations, hasBindMounts). Asks whose facts are equal
	 * decide each hook once, the first of them that reaches it, and the others reuse the
	 * decision (a true, a false or the matching error); an ask whose facts are its own
	 * decides alone. Everything else (which files each runtime reads and in which order,
	 * masking, load errors, extension stages, where prestart lands, the explanations) is
	 * each ask's own.
	 */
	public static List<PreviewResult> previewAll(List<Ask> asks) {
		return together(asks).results();
	}

	/** The previews and the decisions each one used (tests count them). */
	record Together(List<PreviewResult> results, List<Decisions> decisions) {
	}

	static Together together(List<Ask> asks) {
		List<Matcher.Facts> facts = new ArrayList<>(asks.size());
		Map<Matcher.Facts, Integer> last = new HashMap<>();
		for (int a = 0; a < asks.size(); a++) {
			Matcher.Facts f = facts(asks.get(a).input());
			facts.add(f);
			last.put(f, a);
		}
		Map<Matcher.Facts, Decisions> shared = new HashMap<>();
		List<PreviewResult> results = new ArrayList<>(asks.size());
		List<Decisions> used = new ArrayList<>(asks.size());
		for (int a = 0; a < asks.size(); a++) {
			Ask ask = asks.get(a);
			Matcher.Facts f = facts.get(a);
			Decisions decisions = shared.get(f);
			if (decisions == null) {
				// The first ask with these facts: share only if a later one has them too.
				decisions = (last.get(f) > a) ? Decisions.shared(f, files(ask.snapshot())) : Decisions.alone(f);
				shared.put(f, decisions);
			}
			decisions.recording(last.get(f) > a);
			results.add(preview(ask.snapshot(), ask.input(), ask.explain(), decisions));
			used.add(decisions);
		}
		return new Together(List.copyOf(results), List.copyOf(used));
	}

	private static int files(Snapshot snapshot) {
		int n = 0;
		for (DirectoryScan scan : snapshot.directories()) {
			n += scan.files().size();
		}
		return n;
	}

	/** The facts about the container that {@code When.Match} looks at. */
	static Matcher.Facts facts(PreviewInput input) {
		ContainerConfig config = input.config();
		return new Matcher.Facts(config.processPresent(), config.processArgs(), input.annotations(),
				input.hasBindMounts());
	}

	/**
	 * The preview with the decisions from {@code decisions}, whose facts equal the
	 * input's.
	 */
	private static PreviewResult preview(Snapshot snapshot, PreviewInput input, boolean explain, Decisions decisions) {
		Resolution resolution = snapshot.resolution(input.extensionStages(), input.loadMode(), input.go());
		Set<String> local = new HashSet<>(input.extensionStages());
		ContainerConfig config = input.config();
		// Explanations use this input's own facts: equal facts decide alike, but an
		// explanation names the first matching annotation in its map's own order.
		Matcher.Facts facts = facts(input);
		String prestartTarget = input.prestart().field();

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
		Map<String, List<PreviewResult.Injected>> extensionStages = new LinkedHashMap<>();
		Map<String, List<String>> replacedExtension = new HashMap<>();

		List<Evaluation> evaluations = new ArrayList<>();
		RuntimeError error = null;
		int i = 0;
		for (Resolution.Manager manager : resolution.managers()) {
			// MERGED: a load error refuses the container, yet the evaluations still
			// explain what would match once it
			// is fixed. PER_DIRECTORY: the consumer stops at the first failing hooks.New
			// or Hooks call; later
			// directories are never reached.
			boolean reached = error == null;
			if (reached && manager.loadError() != null) {
				error = manager.loadError();
			}
			RuntimeError matchError = null;
			// podman's setupOCIHooks copies each manager's extension-stage hooks into one
			// map, stage by stage: a later
			// directory's list for a stage replaces an earlier one's.
			Map<String, List<OciHook>> managerExtension = new TreeMap<>();
			Map<String, List<PreviewResult.Injected>> managerExtensionStages = new LinkedHashMap<>();
			for (FileState state : manager.injectionOrder()) {
				int order = i++;
				if (!reached || matchError != null) {
					if (explain) {
						evaluations.add(new Evaluation(state.directory(), state.name(), order, false, false,
								Evaluation.DecidedBy.NONE, null, List.of(), state.file().definition().stages(),
								reached ? "Not evaluated: the runtime stopped at an earlier matching error"
										: "Not evaluated: the runtime refused the container before reading this "
												+ "directory"));
					}
					continue;
				}
				boolean matched;
				try {
					matched = decisions.matches(state.file().compiled());
				}
				catch (Matcher.MatchException ex) {
					if (explain) {
						evaluations.add(explainedFailure(state, order, facts));
					}
					String message = "matching hook " + GoStrings.quote(state.name()) + ": " + ex.getMessage();
					matchError = new RuntimeError("match", message,
							List.of(new RuntimeError.FileError(state.directory(), state.name(), ex.getMessage())));
					continue;
				}
				if (explain) {
					evaluations.add(explained(state, order, facts, matched));
				}
				if (!matched) {
					continue;
				}
				hooksPresent = true;
				OciHook hook = state.file().definition().hook();
				for (String stage : state.file().definition().stages()) {
					boolean isExtension = local.contains(stage);
					PreviewResult.Injected injected = new PreviewResult.Injected(hook, "file", state.directory(),
							state.name(), isExtension);
					if (isExtension) {
						managerExtension.computeIfAbsent(stage, k -> new ArrayList<>()).add(hook);
						managerExtensionStages.computeIfAbsent(stage, k -> new ArrayList<>()).add(injected);
					}
					else {
						String target = "prestart".equals(stage) ? prestartTarget : stage;
						hooks.computeIfAbsent(target, k -> new ArrayList<>()).add(hook);
						stages.computeIfAbsent(target, k -> new ArrayList<>()).add(injected);
					}
				}
			}
			if (error == null && matchError != null) {
				error = matchError;
			}
			extension.putAll(managerExtension);
			managerExtensionStages.forEach((stage, list) -> {
				List<PreviewResult.Injected> dropped = extensionStages.put(stage, list);
				if (dropped != null) {
					for (PreviewResult.Injected d : dropped) {
						replacedExtension.computeIfAbsent(d.directory() + "/" + d.file(), k -> new ArrayList<>())
							.add(stage);
					}
				}
			});
		}
		extensionStages.forEach((stage, list) -> stages.computeIfAbsent(stage, k -> new ArrayList<>()).addAll(list));
		if (!replacedExtension.isEmpty()) {
			for (int e = 0; e < evaluations.size(); e++) {
				Evaluation ev = evaluations.get(e);
				List<String> lost = replacedExtension.get(ev.directory() + "/" + ev.file());
				if (lost != null) {
					evaluations.set(e, new Evaluation(ev.directory(), ev.file(), ev.order(), ev.evaluated(),
							ev.matched(), ev.decidedBy(), ev.error(), ev.conditions(), ev.stages(),
							ev.summary() + " Yet its " + String.join(", ", lost)
									+ " hook is dropped: a later directory "
									+ "has matching hooks for that extension stage too, and the consumer keeps only "
									+ "the last directory's list for each extension stage."));
				}
			}
		}

		List<Problem> problems = resolution.problemsBySeverity();
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
