package io.github.ocihooks.admin.engine;

import com.google.re2j.Pattern;

/**
 * A compiled hook pattern with Go's {@code regexp.MatchString} semantics: true when the
 * pattern matches anywhere in the input. RE2/J does the matching; patterns that are plain
 * literals with optional anchors (the usual shape of hook conditions:
 * {@code ^com\.example\.gpu$}, {@code .*}{@code /systemd$}, {@code sh}) are answered with
 * a string comparison that gives the same result, without running the regex machine. The
 * shapes recognized are deliberately few; anything else goes to RE2/J.
 */
final class HookPattern {

	private enum Kind {

		REGEX, EQUALS, STARTS_WITH, ENDS_WITH, CONTAINS

	}

	private final String source;

	private final Pattern pattern;

	private final Kind kind;

	private final String literal;

	private HookPattern(String source, Pattern pattern, Kind kind, String literal) {
		this.source = source;
		this.pattern = pattern;
		this.kind = kind;
		this.literal = literal;
	}

	static HookPattern of(String source, Pattern pattern) {
		String rest = source;
		boolean anchoredStart = false;
		boolean anchoredEnd = false;
		if (rest.startsWith("^")) {
			anchoredStart = true;
			rest = rest.substring(1);
		}
		else if (rest.startsWith(".*")) {
			// An unanchored search finds a match after ".*" wherever it finds one without
			// it.
			rest = rest.substring(2);
		}
		if (rest.endsWith("$") && !escapedAt(rest, rest.length() - 1)) {
			anchoredEnd = true;
			rest = rest.substring(0, rest.length() - 1);
		}
		else if (!anchoredStart && rest.endsWith(".*") && !escapedAt(rest, rest.length() - 2)) {
			rest = rest.substring(0, rest.length() - 2);
		}
		String literal = literal(rest);
		if (literal == null) {
			return new HookPattern(source, pattern, Kind.REGEX, null);
		}
		Kind kind = anchoredStart ? (anchoredEnd ? Kind.EQUALS : Kind.STARTS_WITH)
				: (anchoredEnd ? Kind.ENDS_WITH : Kind.CONTAINS);
		return new HookPattern(source, pattern, kind, literal);
	}

	/**
	 * Whether the character at {@code index} is preceded by an odd number of backslashes.
	 */
	private static boolean escapedAt(String s, int index) {
		int backslashes = 0;
		for (int i = index - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
			backslashes++;
		}
		return backslashes % 2 == 1;
	}

	/**
	 * The text a literal-only pattern matches, or null: letters, digits and other
	 * characters that are not regex syntax, plus backslash-escaped ASCII punctuation (as
	 * Go allows).
	 */
	static String literal(String s) {
		StringBuilder sb = new StringBuilder(s.length());
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c == '\\') {
				if (i + 1 >= s.length()) {
					return null;
				}
				char next = s.charAt(++i);
				if (next < 0x80 && !Character.isLetterOrDigit(next) && next != '_' && next > 0x20) {
					sb.append(next);
					continue;
				}
				return null;
			}
			if ("^$.|?*+()[]{}".indexOf(c) >= 0 || Character.isSurrogate(c)) {
				return null;
			}
			sb.append(c);
		}
		return sb.toString();
	}

	String source() {
		return this.source;
	}

	/** {@code regexp.MatchString(pattern, input)}. */
	boolean find(String input) {
		return switch (this.kind) {
			case EQUALS -> input.equals(this.literal);
			case STARTS_WITH -> input.startsWith(this.literal);
			case ENDS_WITH -> input.endsWith(this.literal);
			case CONTAINS -> input.contains(this.literal);
			case REGEX -> this.pattern.matcher(input).find();
		};
	}

	/** The same answer from RE2/J alone (for tests of the literal shortcut). */
	boolean findWithRegex(String input) {
		return this.pattern.matcher(input).find();
	}

}
