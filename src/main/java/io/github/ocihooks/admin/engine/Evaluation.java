package io.github.ocihooks.admin.engine;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why a hook did or did not match one container.
 *
 * @param directory the hook's directory
 * @param file the hook's file name
 * @param order its position in the runtime's order (0-based)
 * @param evaluated false when the runtime stopped before reaching this hook (a matching
 * error in an earlier hook)
 * @param matched whether the runtime injects it
 * @param decidedBy the condition that decided the result ({@code always},
 * {@code hasBindMounts}, {@code annotations}, {@code commands}), or {@code none} when the
 * hook has no condition that can match
 * @param error the matching error, which makes the runtime refuse the container, or null
 * @param conditions each condition the hook sets, in the runtime's order of evaluation
 * @param stages the stages the hook asks for
 * @param summary one sentence
 */
public record Evaluation(String directory, String file, int order, boolean evaluated, boolean matched,
		DecidedBy decidedBy, String error, List<Condition> conditions, List<String> stages, String summary) {

	public Evaluation {
		conditions = List.copyOf(conditions);
		stages = (stages != null) ? List.copyOf(stages) : List.of();
	}

	/**
	 * The condition that decided a hook's result, or {@link #NONE}; written as the
	 * runtime's field name.
	 */
	public enum DecidedBy {

		/** {@code when.always}. */
		ALWAYS("always"),
		/** {@code when.hasBindMounts}. */
		HAS_BIND_MOUNTS("hasBindMounts"),
		/** {@code when.annotations}. */
		ANNOTATIONS("annotations"),
		/** {@code when.commands}. */
		COMMANDS("commands"),
		/** No condition that can match. */
		NONE("none");

		private final String wire;

		DecidedBy(String wire) {
			this.wire = wire;
		}

		/**
		 * The condition by its name in a hook file ({@code always},
		 * {@code hasBindMounts}, ...), or {@code none}.
		 */
		public static DecidedBy of(String wire) {
			for (DecidedBy d : values()) {
				if (d.wire.equals(wire)) {
					return d;
				}
			}
			throw new IllegalArgumentException("No condition " + wire);
		}

		/** The name the API reports (the field's name in a hook file). */
		@JsonValue
		public String wire() {
			return this.wire;
		}

		@Override
		public String toString() {
			return this.wire;
		}

	}

	/**
	 * One condition.
	 *
	 * @param condition {@code always}, {@code hasBindMounts}, {@code annotations} or
	 * {@code commands}
	 * @param pattern the pattern (annotation key pattern, command pattern) or null
	 * @param valuePattern for annotations, the value pattern
	 * @param result true or false, or null when the runtime did not evaluate it (decided
	 * earlier)
	 * @param detail what was compared with what
	 */
	public record Condition(String condition, String pattern, String valuePattern, Boolean result, String detail) {
	}

}
