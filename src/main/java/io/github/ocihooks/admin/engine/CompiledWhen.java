package io.github.ocihooks.admin.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A {@link When} with its patterns compiled once, with RE2/J: the same RE2 syntax as Go's
 * {@code regexp} (so a pattern the runtime rejects is rejected here) and linear-time
 * matching (no catastrophic backtracking).
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

	/**
	 * Thrown with the reference's message ("invalid command ...: error parsing regexp:
	 * ...").
	 */
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

		/**
		 * {@code invalid-pattern} (the runtime's error) or {@code pattern-not-evaluated}
		 * (this service's limit).
		 */
		String code() {
			return this.code;
		}

	}

	/**
	 * Compiles in the reference's order: annotations (key, then value), then commands.
	 */
	static CompiledWhen compile(When when) throws InvalidPattern {
		return compile(when, GoRelease.LATEST);
	}

	/**
	 * Compiles in the reference's order, with the regexp syntax of the consumer's Go
	 * release.
	 */
	static CompiledWhen compile(When when, GoRelease go) throws InvalidPattern {
		PatternLimits.checkEvaluable(when);
		List<AnnotationPattern> annotations = new ArrayList<>();
		if (when.annotations() != null) {
			for (Map.Entry<String, String> e : when.annotations().entrySet()) {
				String pointer = "/when/annotations/" + JsonPointer.escape(e.getKey());
				HookPattern key = HookPattern.of(e.getKey(),
						compile(e.getKey(), "invalid annotation key", pointer, go));
				HookPattern value = HookPattern.of(e.getValue(),
						compile(e.getValue(), "invalid annotation value", pointer, go));
				annotations.add(new AnnotationPattern(e.getKey(), e.getValue(), key, value));
			}
		}
		List<CommandPattern> commands = new ArrayList<>();
		if (when.commands() != null) {
			int i = 0;
			for (String command : when.commands()) {
				commands.add(new CommandPattern(command,
						HookPattern.of(command, compile(command, "invalid command", "/when/commands/" + i, go))));
				i++;
			}
		}
		return new CompiledWhen(when, List.copyOf(annotations), List.copyOf(commands));
	}

	/**
	 * Compiles one pattern as Go's {@code regexp.Compile} would, or explains why it
	 * cannot.
	 */
	public static Pattern compile(String regex, String what, String pointer) throws InvalidPattern {
		return compile(regex, what, pointer, GoRelease.LATEST);
	}

	/**
	 * Compiles one pattern as the consumer's Go release's {@code regexp.Compile} would,
	 * or explains why it cannot.
	 */
	public static Pattern compile(String regex, String what, String pointer, GoRelease go) throws InvalidPattern {
		if (regex.length() > PatternLimits.MAX_EVALUATED_PATTERN_LENGTH) {
			throw new InvalidPattern(PatternLimits.notEvaluated(what, regex), pointer, "pattern-not-evaluated");
		}
		if (!go.acceptsAngleNamedGroups()) {
			int at = angleGroup(regex);
			if (at >= 0) {
				// Go < 1.22 reports the first error it meets: one before the "(?<" wins.
				String prefix = regex.substring(0, at) + ")".repeat(openGroups(regex, at));
				try {
					compile(prefix, what, pointer, GoRelease.LATEST);
				}
				catch (InvalidPattern ex) {
					String head = what + " " + GoStrings.quote(prefix) + ": ";
					String rest = ex.getMessage().startsWith(head) ? ex.getMessage().substring(head.length())
							: ex.getMessage();
					throw new InvalidPattern(what + " " + GoStrings.quote(regex) + ": "
							+ rest.replace("`" + prefix + "`", "`" + regex + "`"), pointer, ex.code());
				}
				throw new InvalidPattern(what + " " + GoStrings.quote(regex)
						+ ": error parsing regexp: invalid or unsupported Perl syntax: `(?<`", pointer);
			}
		}
		// Go's size, height and repeat limits first: RE2/J lacks them and would expand a
		// repeat bomb in memory.
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

	/**
	 * Where Go's parser meets the first group opened by {@code (?<} (outside escapes,
	 * {@code \Q...\E} and character classes), or -1.
	 */
	static int angleGroup(String s) {
		return scan(s, s.length(), true);
	}

	/** Groups opened and not closed before {@code end} (never negative). */
	static int openGroups(String s, int end) {
		return Math.max(0, scan(s, end, false));
	}

	private static int scan(String s, int end, boolean findAngle) {
		int depth = 0;
		int i = 0;
		while (i < end) {
			char c = s.charAt(i);
			if (c == '\\') {
				if (i + 1 < end && s.charAt(i + 1) == 'Q') {
					int e = s.indexOf("\\E", i + 2);
					i = (e < 0) ? end : e + 2;
				}
				else {
					i += 2;
				}
			}
			else if (c == '[') {
				i = classEnd(s, i, end);
			}
			else if (c == '(') {
				if (findAngle && s.startsWith("(?<", i)) {
					return i;
				}
				depth++;
				i++;
			}
			else if (c == ')') {
				depth--;
				i++;
			}
			else {
				i++;
			}
		}
		return findAngle ? -1 : depth;
	}

	/**
	 * The index after a character class starting at {@code start} (Go: a ']' first is
	 * literal).
	 */
	private static int classEnd(String s, int start, int end) {
		int i = start + 1;
		if (i < end && s.charAt(i) == '^') {
			i++;
		}
		if (i < end && s.charAt(i) == ']') {
			i++;
		}
		while (i < end) {
			char c = s.charAt(i);
			if (c == ']') {
				return i + 1;
			}
			if (c == '\\') {
				i += 2;
			}
			else if (c == '[' && s.startsWith("[:", i)) {
				int close = s.indexOf(":]", i + 2);
				i = (close < 0) ? i + 1 : close + 2;
			}
			else {
				i++;
			}
		}
		return end;
	}

}
