package io.github.ocihooks.admin.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A {@link When} with its patterns compiled once, with RE2/J: the same RE2 syntax as Go's {@code regexp} (so a pattern
 * the runtime rejects is rejected here) and linear-time matching (no catastrophic backtracking).
 */
public final class CompiledWhen {

	record AnnotationPattern(String key, String value, HookPattern keyPattern, HookPattern valuePattern) {
	}

	record CommandPattern(String source, HookPattern pattern) {
	}

	private final When when;

	private final List<AnnotationPattern> annotations;

	private final List<CommandPattern> commands;

	private CompiledWhen(When when, List<AnnotationPattern> annotations, List<CommandPattern> commands) {
		this.when = when;
		this.annotations = annotations;
		this.commands = commands;
	}

	public When when() {
		return this.when;
	}

	List<AnnotationPattern> annotations() {
		return this.annotations;
	}

	List<CommandPattern> commands() {
		return this.commands;
	}

	/** Thrown with the reference's message ("invalid command ...: error parsing regexp: ..."). */
	static final class InvalidPattern extends Exception {

		private final String pointer;

		private final String code;

		InvalidPattern(String message, String pointer) {
			this(message, pointer, "invalid-pattern");
		}

		InvalidPattern(String message, String pointer, String code) {
			super(message);
			this.pointer = pointer;
			this.code = code;
		}

		String pointer() {
			return this.pointer;
		}

		/** {@code invalid-pattern} (the runtime's error) or {@code pattern-not-evaluated} (this service's limit). */
		String code() {
			return this.code;
		}

	}

	/** Compiles in the reference's order: annotations (key, then value), then commands. */
	static CompiledWhen compile(When when) throws InvalidPattern {
		PatternLimits.checkEvaluable(when);
		List<AnnotationPattern> annotations = new ArrayList<>();
		if (when.annotations() != null) {
			for (Map.Entry<String, String> e : when.annotations().entrySet()) {
				String pointer = "/when/annotations/" + JsonPointer.escape(e.getKey());
				HookPattern key = HookPattern.of(e.getKey(), compile(e.getKey(), "invalid annotation key", pointer));
				HookPattern value = HookPattern.of(e.getValue(),
						compile(e.getValue(), "invalid annotation value", pointer));
				annotations.add(new AnnotationPattern(e.getKey(), e.getValue(), key, value));
			}
		}
		List<CommandPattern> commands = new ArrayList<>();
		if (when.commands() != null) {
			int i = 0;
			for (String command : when.commands()) {
				commands.add(new CommandPattern(command,
						HookPattern.of(command, compile(command, "invalid command", "/when/commands/" + i))));
				i++;
			}
		}
		return new CompiledWhen(when, List.copyOf(annotations), List.copyOf(commands));
	}

	/** Compiles one pattern as Go's {@code regexp.Compile} would, or explains why it cannot. */
	public static Pattern compile(String regex, String what, String pointer) throws InvalidPattern {
		if (regex.length() > PatternLimits.MAX_EVALUATED_PATTERN_LENGTH) {
			throw new InvalidPattern(PatternLimits.notEvaluated(what, regex), pointer, "pattern-not-evaluated");
		}
		// Go's size, height and repeat limits first: RE2/J lacks them and would expand a repeat bomb in memory.
		String limit = GoRegexpLimits.check(regex);
		if (limit != null) {
			throw new InvalidPattern(what + " " + GoStrings.quote(regex) + ": " + limit, pointer);
		}
		try {
			return Pattern.compile(regex);
		}
		catch (PatternSyntaxException ex) {
			throw new InvalidPattern(what + " " + GoStrings.quote(regex) + ": " + ex.getMessage(), pointer);
		}
	}

}
