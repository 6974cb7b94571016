package io.github.ocihooks.admin.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * This service's own limits on hook patterns, on top of Go's ({@link GoRegexpLimits}).
 * They bound the time and memory one file or one request can cost: RE2/J's parser is
 * quadratic in the length of a literal run, and every Unicode class escape ({@code \pL})
 * is a table of about 1,300 runes.
 * <ul>
 * <li>What this service <em>writes</em>: at most {@value #MAX_WRITTEN_PATTERN_BYTES}
 * bytes per pattern (refused on write, 422).</li>
 * <li>What it <em>evaluates</em> (files on disk, validation): at most
 * {@value #MAX_EVALUATED_PATTERN_LENGTH} characters per pattern,
 * {@value #MAX_EVALUATED_TOTAL_LENGTH} per file, and
 * {@value #MAX_EVALUATED_UNICODE_CLASSES} Unicode class escapes per file. A file beyond
 * these is reported as not evaluated (an error), without compiling anything; the runtime
 * has no such limits.</li>
 * </ul>
 */
public final class PatternLimits {

	/** Longest pattern, in UTF-8 bytes, this service writes. */
	public static final int MAX_WRITTEN_PATTERN_BYTES = 4096;

	/** Longest pattern, in characters, this service compiles. */
	public static final int MAX_EVALUATED_PATTERN_LENGTH = 8_192;

	/** Most pattern characters per file this service compiles. */
	public static final int MAX_EVALUATED_TOTAL_LENGTH = 32_768;

	/**
	 * Most Unicode class escapes ({@code \p}, {@code \P}) per file this service compiles.
	 */
	public static final int MAX_EVALUATED_UNICODE_CLASSES = 256;

	private PatternLimits() {
	}

	/**
	 * Every pattern of a definition with its JSON pointer, in the reference's compile
	 * order.
	 */
	static List<Map.Entry<String, String>> patterns(When when) {
		List<Map.Entry<String, String>> all = new ArrayList<>();
		if (when == null) {
			return all;
		}
		if (when.annotations() != null) {
			for (Map.Entry<String, String> e : when.annotations().entrySet()) {
				String pointer = "/when/annotations/" + JsonPointer.escape(e.getKey());
				all.add(Map.entry(pointer, e.getKey()));
				all.add(Map.entry(pointer, e.getValue()));
			}
		}
		if (when.commands() != null) {
			for (int i = 0; i < when.commands().size(); i++) {
				all.add(Map.entry("/when/commands/" + i, when.commands().get(i)));
			}
		}
		return all;
	}

	/**
	 * Refuses to evaluate a file whose patterns together exceed this service's budget.
	 */
	static void checkEvaluable(When when) throws CompiledWhen.InvalidPattern {
		long total = 0;
		long classes = 0;
		for (Map.Entry<String, String> p : patterns(when)) {
			if (p.getValue().length() > MAX_EVALUATED_PATTERN_LENGTH) {
				throw new CompiledWhen.InvalidPattern(notEvaluated("pattern", p.getValue()), p.getKey(),
						"pattern-not-evaluated");
			}
			total += p.getValue().length();
			classes += unicodeClasses(p.getValue());
			if (total > MAX_EVALUATED_TOTAL_LENGTH) {
				throw new CompiledWhen.InvalidPattern(
						"the patterns of this file total more than " + MAX_EVALUATED_TOTAL_LENGTH
								+ " characters, more than this service evaluates: not compiled. "
								+ "The runtime has no such limit; this service cannot say how it matches.",
						p.getKey(), "pattern-not-evaluated");
			}
			if (classes > MAX_EVALUATED_UNICODE_CLASSES) {
				throw new CompiledWhen.InvalidPattern("the patterns of this file use more than "
						+ MAX_EVALUATED_UNICODE_CLASSES + " Unicode class escapes (\\p, \\P), more than this service "
						+ "evaluates: not compiled. The runtime has no such limit; this service cannot say how it "
						+ "matches.", p.getKey(), "pattern-not-evaluated");
			}
		}
	}

	/** Unescaped {@code \p} and {@code \P} in a pattern. */
	static int unicodeClasses(String s) {
		int n = 0;
		for (int i = 0; i + 1 < s.length(); i++) {
			if (s.charAt(i) == '\\') {
				char c = s.charAt(i + 1);
				if (c == 'p' || c == 'P') {
					n++;
				}
				i++;
			}
		}
		return n;
	}

	static String notEvaluated(String what, String regex) {
		String start = regex.substring(0, 40);
		return what + " " + GoStrings.quote(start) + "... (" + regex.length() + " characters): longer than the "
				+ MAX_EVALUATED_PATTERN_LENGTH + " this service evaluates, so it was not compiled. The runtime has no "
				+ "such limit; this service cannot say how it matches.";
	}

	/**
	 * Patterns too long to be written by this service (422 on write), each with its
	 * pointer.
	 */
	public static List<Problem> writeProblems(HookDefinition definition) {
		List<Problem> problems = new ArrayList<>();
		if (definition == null) {
			return problems;
		}
		for (Map.Entry<String, String> p : patterns(definition.when())) {
			int bytes = p.getValue().getBytes(StandardCharsets.UTF_8).length;
			if (bytes > MAX_WRITTEN_PATTERN_BYTES) {
				problems.add(Problem.of(Severity.ERROR, "pattern-too-long", p.getKey(), 0, "A pattern of " + bytes
						+ " bytes: this service writes patterns of at most " + MAX_WRITTEN_PATTERN_BYTES + " bytes."));
			}
		}
		return problems;
	}

}
