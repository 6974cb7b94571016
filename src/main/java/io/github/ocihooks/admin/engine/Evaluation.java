package io.github.ocihooks.admin.engine;

import java.util.List;

/**
 * Why a hook did or did not match one container.
 *
 * @param directory the hook's directory
 * @param file the hook's file name
 * @param order its position in the runtime's order (0-based)
 * @param evaluated false when the runtime stopped before reaching this hook (a matching error in an earlier hook)
 * @param matched whether the runtime injects it
 * @param decidedBy the condition that decided the result ({@code always}, {@code hasBindMounts}, {@code annotations},
 * {@code commands}), or {@code none} when the hook has no condition that can match
 * @param error the matching error, which makes the runtime refuse the container, or null
 * @param conditions each condition the hook sets, in the runtime's order of evaluation
 * @param stages the stages the hook asks for
 * @param summary one sentence
 */
public record Evaluation(String directory, String file, int order, boolean evaluated, boolean matched,
		String decidedBy, String error, List<Condition> conditions, List<String> stages, String summary) {

	public Evaluation {
		conditions = List.copyOf(conditions);
		stages = (stages != null) ? List.copyOf(stages) : List.of();
	}

	/**
	 * One condition.
	 *
	 * @param condition {@code always}, {@code hasBindMounts}, {@code annotations} or {@code commands}
	 * @param pattern the pattern (annotation key pattern, command pattern) or null
	 * @param valuePattern for annotations, the value pattern
	 * @param result true or false, or null when the runtime did not evaluate it (decided earlier)
	 * @param detail what was compared with what
	 */
	public record Condition(String condition, String pattern, String valuePattern, Boolean result, String detail) {
	}

}
