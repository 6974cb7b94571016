package io.github.ocihooks.admin.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.ocihooks.admin.engine.CompiledWhen.AnnotationPattern;
import io.github.ocihooks.admin.engine.CompiledWhen.CommandPattern;
import io.github.ocihooks.admin.engine.Evaluation.Condition;

/**
 * containers/common {@code When.Match}, twice: {@link #matches} decides exactly as the
 * reference does and records nothing (the preview's decision); {@link #evaluate} takes
 * the same steps and records each one (the explanation).
 * <p>
 * Order and short cuts are the reference's: {@code always}, then {@code hasBindMounts},
 * then every annotation pair, then {@code commands}. In 1.0.0 (AND) a failing condition
 * ends the evaluation with false; in legacy 0.1.0 (OR) a matching one ends it with true.
 * {@code commands} is special in both: when the config has a {@code process} and commands
 * are set, they alone decide the result (true if any pattern finds
 * {@code process.args[0]}, else false), and an empty {@code process.args} is an error
 * that fails the container. Without {@code process}, commands are skipped. Patterns are
 * unanchored ({@code regexp.MatchString}: "sh" finds "/bin/bash").
 */
final class Matcher {

	private Matcher() {
	}

	/** The facts about one container that conditions look at. */
	record Facts(boolean processPresent, List<String> processArgs, Map<String, String> annotations,
			boolean hasBindMounts) {
	}

	/**
	 * The matching error: the runtime fails the container with
	 * {@code matching hook "name": message}.
	 */
	static final class MatchException extends Exception {

		private final transient Evaluation evaluation;

		MatchException(String message, Evaluation evaluation) {
			super(message);
			this.evaluation = evaluation;
		}

		Evaluation evaluation() {
			return this.evaluation;
		}

	}

	/**
	 * The decision alone, as {@code When.Match} makes it, line for line and without
	 * recording anything: what the preview uses to decide. {@link #evaluate} explains the
	 * same decision; the preview checks that they agree.
	 * @throws MatchException (without an evaluation) when the runtime fails the container
	 */
	static boolean matches(CompiledWhen compiled, Facts facts) throws MatchException {
		When when = compiled.when();
		int matches = 0;
		if (when.always() != null) {
			if (when.always()) {
				if (when.or()) {
					return true;
				}
				matches++;
			}
			else if (!when.or()) {
				return false;
			}
		}
		if (when.hasBindMounts() != null) {
			if (when.hasBindMounts() && facts.hasBindMounts()) {
				if (when.or()) {
					return true;
				}
				matches++;
			}
			else if (!when.or()) {
				return false;
			}
		}
		List<AnnotationPattern> annotations = compiled.annotations();
		for (int i = 0; i < annotations.size(); i++) {
			AnnotationPattern pair = annotations.get(i);
			boolean match = false;
			for (Map.Entry<String, String> a : facts.annotations().entrySet()) {
				if (pair.keyPattern().find(a.getKey()) && pair.valuePattern().find(a.getValue())) {
					match = true;
					break;
				}
			}
			if (match) {
				if (when.or()) {
					return true;
				}
				matches++;
			}
			else if (!when.or()) {
				return false;
			}
		}
		List<CommandPattern> commands = compiled.commands();
		if (facts.processPresent() && !commands.isEmpty()) {
			if (facts.processArgs().isEmpty()) {
				throw new MatchException(EMPTY_ARGS, null);
			}
			String command = facts.processArgs().get(0);
			for (int i = 0; i < commands.size(); i++) {
				if (commands.get(i).pattern().find(command)) {
					return true;
				}
			}
			return false;
		}
		return matches > 0;
	}

	private static final String EMPTY_ARGS = "process.args must have at least one entry";

	/**
	 * The decision with its explanation: every condition the hook sets, what it compared,
	 * and which one decided.
	 * @throws MatchException (with the evaluation) when the runtime fails the container
	 */
	static Evaluation evaluate(FileState state, int order, Facts facts) throws MatchException {
		HookFile file = state.file();
		CompiledWhen compiled = file.compiled();
		When when = compiled.when();
		boolean or = when.or();
		List<Condition> conditions = new ArrayList<>();
		int matches = 0;
		Step step = new Step(file, order, conditions);

		if (when.always() != null) {
			if (when.always()) {
				conditions.add(new Condition("always", null, null, true, "always is true"));
				if (or) {
					return step.done(true, "always", rest(when, compiled, "always"));
				}
				matches++;
			}
			else {
				conditions.add(new Condition("always", null, null, false, "always is false: the hook never matches"));
				if (!or) {
					return step.done(false, "always", rest(when, compiled, "always"));
				}
			}
		}

		if (when.hasBindMounts() != null) {
			boolean ok = when.hasBindMounts() && facts.hasBindMounts();
			String detail = when.hasBindMounts()
					? (facts.hasBindMounts() ? "the container has bind mounts" : "the container has no bind mounts")
					: "hasBindMounts is false, which never matches (with or without bind mounts)";
			conditions.add(new Condition("hasBindMounts", null, null, ok, detail));
			if (ok) {
				if (or) {
					return step.done(true, "hasBindMounts", rest(when, compiled, "hasBindMounts"));
				}
				matches++;
			}
			else if (!or) {
				return step.done(false, "hasBindMounts", rest(when, compiled, "hasBindMounts"));
			}
		}

		List<AnnotationPattern> annotations = compiled.annotations();
		for (int i = 0; i < annotations.size(); i++) {
			AnnotationPattern pair = annotations.get(i);
			String found = null;
			List<String> keyOnly = new ArrayList<>();
			for (Map.Entry<String, String> a : facts.annotations().entrySet()) {
				if (pair.keyPattern().find(a.getKey())) {
					if (pair.valuePattern().find(a.getValue())) {
						found = a.getKey();
						break;
					}
					keyOnly.add(a.getKey());
				}
			}
			String detail;
			if (found != null) {
				detail = "annotation " + GoStrings.quote(found) + "=" + GoStrings.quote(facts.annotations().get(found))
						+ " matches";
			}
			else if (!keyOnly.isEmpty()) {
				detail = "annotation key(s) " + quoteAll(keyOnly) + " match the key pattern, but no value matches "
						+ GoStrings.quote(pair.value());
			}
			else if (facts.annotations().isEmpty()) {
				detail = "the container has no annotations";
			}
			else {
				detail = "no annotation key matches " + GoStrings.quote(pair.key());
			}
			conditions.add(new Condition("annotations", pair.key(), pair.value(), found != null, detail));
			if (found != null) {
				if (or) {
					List<Condition> rest = new ArrayList<>();
					for (int j = i + 1; j < annotations.size(); j++) {
						rest.add(new Condition("annotations", annotations.get(j).key(), annotations.get(j).value(),
								null, "not evaluated"));
					}
					rest.addAll(rest(when, compiled, "annotations"));
					return step.done(true, "annotations", rest);
				}
				matches++;
			}
			else if (!or) {
				List<Condition> rest = new ArrayList<>();
				for (int j = i + 1; j < annotations.size(); j++) {
					rest.add(new Condition("annotations", annotations.get(j).key(), annotations.get(j).value(), null,
							"not evaluated"));
				}
				rest.addAll(rest(when, compiled, "annotations"));
				return step.done(false, "annotations", rest);
			}
		}

		List<CommandPattern> commands = compiled.commands();
		if (!commands.isEmpty()) {
			if (!facts.processPresent()) {
				for (CommandPattern c : commands) {
					conditions.add(new Condition("commands", c.source(), null, null,
							"skipped: the config has no process, and the runtime then ignores commands"));
				}
			}
			else if (facts.processArgs().isEmpty()) {
				for (CommandPattern c : commands) {
					conditions.add(new Condition("commands", c.source(), null, false, "process.args is empty"));
				}
				String message = EMPTY_ARGS;
				Evaluation e = step.done(false, "commands", List.of());
				throw new MatchException(message, new Evaluation(e.directory(), e.file(), e.order(), true, false,
						Evaluation.DecidedBy.COMMANDS, message, e.conditions(), e.stages(),
						"Error: the runtime refuses the container because process.args is empty and this hook has "
								+ "commands"));
			}
			else {
				String command = facts.processArgs().get(0);
				for (int i = 0; i < commands.size(); i++) {
					CommandPattern c = commands.get(i);
					if (c.pattern().find(command)) {
						conditions.add(new Condition("commands", c.source(), null, true,
								"process.args[0] " + GoStrings.quote(command) + " matches"));
						for (int j = i + 1; j < commands.size(); j++) {
							conditions
								.add(new Condition("commands", commands.get(j).source(), null, null, "not evaluated"));
						}
						return step.done(true, "commands", List.of());
					}
					conditions.add(new Condition("commands", c.source(), null, false,
							"process.args[0] " + GoStrings.quote(command) + " does not match"));
				}
				return step.done(false, "commands", List.of());
			}
		}
		return step.done(matches > 0, (matches > 0) ? lastDecider(conditions) : "none", List.of());
	}

	private static String lastDecider(List<Condition> conditions) {
		for (int i = conditions.size() - 1; i >= 0; i--) {
			if (Boolean.TRUE.equals(conditions.get(i).result())) {
				return conditions.get(i).condition();
			}
		}
		return "none";
	}

	/** Conditions after {@code after} that the runtime did not get to. */
	private static List<Condition> rest(When when, CompiledWhen compiled, String after) {
		List<Condition> rest = new ArrayList<>();
		boolean past = false;
		for (String c : List.of("always", "hasBindMounts", "annotations", "commands")) {
			if (past) {
				switch (c) {
					case "hasBindMounts" -> {
						if (when.hasBindMounts() != null) {
							rest.add(new Condition(c, null, null, null, "not evaluated"));
						}
					}
					case "annotations" -> compiled.annotations()
						.forEach(a -> rest.add(new Condition(c, a.key(), a.value(), null, "not evaluated")));
					case "commands" -> compiled.commands()
						.forEach(cmd -> rest.add(new Condition(c, cmd.source(), null, null, "not evaluated")));
					default -> {
					}
				}
			}
			past |= c.equals(after);
		}
		return rest;
	}

	private static String quoteAll(List<String> values) {
		List<String> quoted = new ArrayList<>();
		for (String v : values) {
			quoted.add(GoStrings.quote(v));
		}
		return String.join(", ", quoted);
	}

	private record Step(HookFile file, int order, List<Condition> conditions) {

		Evaluation done(boolean matched, String decidedBy, List<Condition> notEvaluated) {
			List<Condition> all;
			if (notEvaluated.isEmpty()) {
				all = List.copyOf(this.conditions);
			}
			else {
				List<Condition> joined = new ArrayList<>(this.conditions.size() + notEvaluated.size());
				joined.addAll(this.conditions);
				joined.addAll(notEvaluated);
				all = List.copyOf(joined);
			}
			String summary = summary(matched, decidedBy, all);
			return new Evaluation(this.file.directory(), this.file.name(), this.order, true, matched,
					Evaluation.DecidedBy.of(decidedBy), null, all, this.file.definition().stages(), summary);
		}

		private String summary(boolean matched, String decidedBy, List<Condition> all) {
			if ("none".equals(decidedBy)) {
				return all.isEmpty() ? "Not injected: the hook has no condition, so the runtime never injects it"
						: "Not injected: no condition matched";
			}
			for (Condition c : all) {
				if (c.condition().equals(decidedBy) && c.result() != null && c.result() == matched) {
					// Plain ASCII punctuation: a single non-Latin-1 character would
					// double the size of every
					// summary in memory and slow its JSON encoding (summaries are most of
					// an explained preview).
					return (matched ? "Injected (" : "Not injected (") + c.condition() + "): " + c.detail();
				}
			}
			return matched ? "Injected" : "Not injected";
		}

	}

}
