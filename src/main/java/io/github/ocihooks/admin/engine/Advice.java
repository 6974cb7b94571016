package io.github.ocihooks.admin.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Warnings about definitions the runtime accepts but that rarely do what their author meant. None of them changes
 * what the runtime does; they say what it will do.
 */
final class Advice {

	private Advice() {
	}

	static List<Problem> about(HookDefinition d) {
		List<Problem> notes = new ArrayList<>();
		When when = d.when();
		if (HookDefinition.LEGACY_VERSION.equals(d.sourceVersion())) {
			notes.add(Problem.of(Severity.INFO, "legacy-schema", "/version", 0,
					"Legacy 0.1.0 schema (deprecated): its conditions match when ANY of them matches; in 1.0.0 all "
							+ "must. Convert it to 1.0.0 to make that explicit."));
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
		else if (when.always() == null && (when.annotations() == null) && (when.commands() == null || when.commands().isEmpty())
				&& !Boolean.TRUE.equals(when.hasBindMounts())) {
			notes.add(Problem.of(Severity.WARNING, "never-matches", "", 0,
					"This legacy hook has no condition that can match (no cmds, annotations or hasbindmounts: true): "
							+ "the runtime never injects it."));
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

}
