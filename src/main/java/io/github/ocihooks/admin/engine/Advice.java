package io.github.ocihooks.admin.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Warnings about definitions the runtime accepts but that rarely do what their author
 * meant. None of them changes what the runtime does; they say what it will do.
 */
final class Advice {

	private Advice() {
	}

	static List<Problem> about(HookDefinition d) {
		List<Problem> notes = new ArrayList<>();
		When when = d.when();
		if (HookDefinition.LEGACY_VERSION.equals(d.sourceVersion())) {
			notes.add(Problem.of(Severity.INFO, "legacy-schema", "/version", 0,
					"Legacy 0.1.0 schema (deprecated, still loaded by the runtime): its conditions match when ANY of "
							+ "them matches; in 1.0.0 all must. Convert it to 1.0.0 to make that explicit"
							+ ((HookWriter.converted(d) != null) ? " (the converted text is offered)."
									: ": it combines several kinds of condition, so split it into one 1.0.0 file "
											+ "per kind.")));
		}
		else if (d.legacy()) {
			notes.add(Problem.of(Severity.WARNING, "missing-version", "", 0,
					"No \"version\": the runtime reads this file with the legacy 0.1.0 schema (any-of conditions, "
							+ "\"hook\" as a string). Add \"version\": \"1.0.0\" if you meant the current schema."));
		}
		if (!when.or()) {
			if (when.isEmpty()) {
				notes.add(Problem.of(Severity.WARNING, "never-matches", "/when", 0,
						"No condition in \"when\": the runtime never injects this hook. Use {\"always\": true} to "
								+ "inject it into every container."));
			}
			if (Boolean.FALSE.equals(when.always())) {
				notes.add(Problem.of(Severity.WARNING, "never-matches", "/when/always", 0,
						"\"always\": false makes the hook never match (it does not mean \"no condition\")."));
			}
			if (Boolean.FALSE.equals(when.hasBindMounts())) {
				notes.add(Problem.of(Severity.WARNING, "never-matches", "/when/hasBindMounts", 0,
						"\"hasBindMounts\": false makes the hook never match: it does not select containers without "
								+ "bind mounts. Remove it to ignore bind mounts."));
			}
		}
		else if (when.always() == null && (when.annotations() == null)
				&& (when.commands() == null || when.commands().isEmpty())
				&& !Boolean.TRUE.equals(when.hasBindMounts())) {
			notes.add(Problem.of(Severity.WARNING, "never-matches", "", 0,
					"This legacy hook has no condition that can match (no cmds, annotations or hasbindmounts: true): "
							+ "the runtime never injects it."));
		}
		if (!when.or() && when.annotations() != null) {
			for (Map.Entry<String, String> e : when.annotations().entrySet()) {
				String pointer = "/when/annotations/" + JsonPointer.escape(e.getKey());
				Problem key = unanchored("key", e.getKey(), pointer);
				if (key != null) {
					notes.add(key);
				}
				Problem value = unanchored("value", e.getValue(), pointer);
				if (value != null) {
					notes.add(value);
				}
			}
		}
		OciHook hook = d.hook();
		if (hook.timeout() != null && hook.timeout() <= 0) {
			notes.add(Problem.of(Severity.WARNING, "timeout", "/hook/timeout", 0, "\"timeout\": " + hook.timeout()
					+ " is accepted here, but the OCI runtime spec requires a timeout greater than zero; runtimes may "
					+ "reject the container or ignore it."));
		}
		if (!hook.path().isEmpty() && !hook.path().startsWith("/")) {
			notes.add(Problem.of(Severity.WARNING, "relative-path", "/hook/path", 0, "\"path\" is relative: the "
					+ "runtime checks it against its own working directory, and the OCI spec requires an absolute path."));
		}
		if (hook.args() != null && !hook.args().isEmpty() && !d.legacy() && hook.args().get(0).startsWith("-")) {
			notes.add(Problem.of(Severity.INFO, "args-argv0", "/hook/args/0", 0,
					"\"args\" starts with an option: args[0] is the program name (argv[0]), not the first argument."));
		}
		return notes;
	}

	/**
	 * Characters that make a pattern more than a literal (a '.' is treated apart: authors
	 * mean a dot).
	 */
	private static final String META = "\\^$*+?()[]{}|";

	/**
	 * An annotation pattern that RE2 finds anywhere in the key or value, although it
	 * looks meant to match the whole of it: a warning with the anchored (and, for a
	 * literal, escaped) pattern to use. Patterns anchored or made broad on purpose
	 * ({@code ^...}, {@code ...$}, {@code .*...}, {@code ....*}) are left alone on that
	 * side.
	 */
	static Problem unanchored(String what, String pattern, String pointer) {
		if (pattern.isEmpty()) {
			return null;
		}
		boolean left = pattern.startsWith("^") || pattern.startsWith("\\A") || pattern.startsWith(".*")
				|| pattern.startsWith(".+") || pattern.startsWith("(?");
		boolean right = (pattern.endsWith("$") && !pattern.endsWith("\\$")) || pattern.endsWith("\\z")
				|| (pattern.endsWith(".*") && !pattern.endsWith("\\.*")) || pattern.endsWith(".+");
		if (left && right) {
			return null;
		}
		boolean literal = pattern.chars().noneMatch(c -> META.indexOf(c) >= 0);
		String body;
		if (literal) {
			body = pattern.replace(".", "\\.");
		}
		else {
			boolean grouped = pattern.startsWith("(") && pattern.endsWith(")");
			body = (pattern.contains("|") && !grouped) ? "(" + pattern + ")" : pattern;
		}
		String suggestion = (left ? "" : "^") + body + (right ? "" : "$");
		StringBuilder message = new StringBuilder("Annotation ").append(what)
			.append(" pattern ")
			.append(GoStrings.quote(pattern))
			.append(" is not anchored: the runtime finds it anywhere in the ")
			.append(what);
		if (literal) {
			String example = (left ? "" : "x") + pattern + (right ? "" : "x");
			if (what.equals("value") && pattern.equals("true")) {
				example = "untrue";
			}
			message.append(", so it also matches ").append(GoStrings.quote(example));
			if (pattern.contains(".")) {
				message.append(", and \".\" matches any character");
			}
		}
		message.append(". To match the whole ")
			.append(what)
			.append(", use ")
			.append(GoStrings.quote(suggestion))
			.append('.');
		return Problem.of(Severity.WARNING, "unanchored-pattern", pointer, 0, message.toString());
	}

}
