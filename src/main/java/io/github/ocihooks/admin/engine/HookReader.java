package io.github.ocihooks.admin.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.ocihooks.admin.engine.GoBinder.Field;
import io.github.ocihooks.admin.engine.GoJson.JObject;
import io.github.ocihooks.admin.engine.GoJson.Value;

/**
 * Turns the bytes of a hook file into a {@link HookDefinition}, as containers/common
 * {@code hooks.read} does: first a "version check" that decodes only {@code version},
 * then the reader for that version ({@code 1.0.0}; {@code 0.1.0} or empty for the legacy
 * schema, which is converted). Error texts follow the reference's.
 */
public final class HookReader {

	private HookReader() {
	}

	/**
	 * The outcome of reading one file's content.
	 *
	 * @param definition the definition, or null when {@code error} is set
	 * @param error the reason the runtime rejects the content (the one it reports), or
	 * null
	 * @param notes warnings and hints about content the runtime accepts
	 * @param errors every reason, {@code error} first: the runtime stops at the first, an
	 * admin wants them all
	 */
	public record Result(HookDefinition definition, Problem error, List<Problem> notes, List<Problem> errors) {

		public Result {
			notes = List.copyOf(notes);
			errors = List.copyOf(errors);
		}

		public boolean ok() {
			return this.error == null;
		}

	}

	public static Result read(byte[] content) {
		return read(content, GoRelease.LATEST);
	}

	/** Reads with the {@code encoding/json} wording of the consumer's Go release. */
	public static Result read(byte[] content, GoRelease go) {
		Value root;
		try {
			root = GoJson.parse(content);
		}
		catch (GoJson.SyntaxException ex) {
			Problem error = new Problem(Severity.ERROR, "parse", null, null, "", ex.position().line(),
					"version check: " + ex.getMessage(), false, ex.position().column());
			return new Result(null, error, List.of(), List.of(error));
		}
		return read(root, go);
	}

	public static Result read(Value root) {
		return read(root, GoRelease.LATEST);
	}

	/**
	 * Reads a parsed file with the {@code encoding/json} wording of the consumer's Go
	 * release.
	 */
	public static Result read(Value root, GoRelease go) {
		// 1. Version check: decode into struct{Version string `json:"version"`}.
		GoBinder check = new GoBinder(go);
		String[] version = { "" };
		check.struct(root, "", null, "hooks.version", List
			.of(new Field("version", (v, p) -> version[0] = check.string(v, p, "version.version", version[0]))));
		if (check.typeError() != null) {
			return typeFailure(check, "version check: ", List.of());
		}
		String ver = version[0];
		return switch (ver) {
			case HookDefinition.CURRENT_VERSION -> readCurrent(root, go);
			case HookDefinition.LEGACY_VERSION, "" -> readLegacy(root, ver, go);
			default -> failure("version", "/version", lineOf(root, "version"),
					"unrecognized hook version: \"" + ver + "\"", List.of());
		};
	}

	private static Result readCurrent(Value root, GoRelease go) {
		GoBinder b = new GoBinder(go);
		var s = new Object() {
			String version = "";

			String path = "";

			List<String> args;

			List<String> env;

			Long timeout;

			Boolean always;

			Map<String, String> annotations;

			List<String> commands;

			Boolean hasBindMounts;

			List<String> stages;

		};
		List<Field> hookFields = List.of(new Field("path", (v, p) -> s.path = b.string(v, p, "Hook.hook.path", s.path)),
				new Field("args", (v, p) -> s.args = b.stringSlice(v, p, "Hook.hook.args", s.args)),
				new Field("env", (v, p) -> s.env = b.stringSlice(v, p, "Hook.hook.env", s.env)),
				new Field("timeout", (v, p) -> s.timeout = b.intPointer(v, p, "Hook.hook.timeout", s.timeout)));
		List<Field> whenFields = List.of(
				new Field("always", (v, p) -> s.always = b.boolPointer(v, p, "When.when.always", s.always)),
				new Field("annotations",
						(v, p) -> s.annotations = b.stringMap(v, p, "When.when.annotations", s.annotations)),
				new Field("commands", (v, p) -> s.commands = b.stringSlice(v, p, "When.when.commands", s.commands)),
				new Field("hasBindMounts",
						(v, p) -> s.hasBindMounts = b.boolPointer(v, p, "When.when.hasBindMounts", s.hasBindMounts)));
		List<Field> topFields = List.of(
				new Field("version", (v, p) -> s.version = b.string(v, p, "Hook.version", s.version)),
				new Field("hook", (v, p) -> b.struct(v, p, "Hook.hook", "specs.Hook", hookFields)),
				new Field("when", (v, p) -> b.struct(v, p, "Hook.when", "hook.When", whenFields)),
				new Field("stages", (v, p) -> s.stages = b.stringSlice(v, p, "Hook.stages", s.stages)));
		b.struct(root, "", null, "hook.Hook", topFields);
		if (b.typeError() != null) {
			return typeFailure(b, "1.0.0: ", b.notes());
		}
		HookDefinition definition = new HookDefinition(HookDefinition.CURRENT_VERSION,
				new OciHook(s.path, s.args, s.env, s.timeout),
				new When(s.always, s.annotations, s.commands, s.hasBindMounts, false), s.stages);
		return new Result(definition, null, b.notes(), List.of());
	}

	private static Result readLegacy(Value root, String declared, GoRelease go) {
		GoBinder b = new GoBinder(go);
		var s = new Object() {
			String hook;

			boolean hookSet;

			List<String> arguments;

			List<String> stages;

			List<String> stage;

			List<String> cmds;

			List<String> cmd;

			List<String> annotations;

			List<String> annotation;

			Boolean hasBindMounts;

		};
		List<Field> fields = List.of(new Field("hook", (v, p) -> {
			s.hook = b.stringPointer(v, p, "Hook.hook", s.hook);
		}), new Field("arguments", (v, p) -> s.arguments = b.stringSlice(v, p, "Hook.arguments", s.arguments)),
				new Field("stages", (v, p) -> s.stages = b.stringSlice(v, p, "Hook.stages", s.stages)),
				new Field("stage", (v, p) -> s.stage = b.stringSlice(v, p, "Hook.stage", s.stage)),
				new Field("cmds", (v, p) -> s.cmds = b.stringSlice(v, p, "Hook.cmds", s.cmds)),
				new Field("cmd", (v, p) -> s.cmd = b.stringSlice(v, p, "Hook.cmd", s.cmd)),
				new Field("annotations",
						(v, p) -> s.annotations = b.stringSlice(v, p, "Hook.annotations", s.annotations)),
				new Field("annotation", (v, p) -> s.annotation = b.stringSlice(v, p, "Hook.annotation", s.annotation)),
				new Field("hasbindmounts",
						(v, p) -> s.hasBindMounts = b.boolPointer(v, p, "Hook.hasbindmounts", s.hasBindMounts)),
				// Known to the legacy reader only through the version check; listed so it
				// is not called unknown.
				new Field("version", (v, p) -> {
				}));
		b.struct(root, "", null, "hook.Hook", fields);
		String prefix = declared + ": ";
		if (b.typeError() != null) {
			return typeFailure(b, prefix, b.notes());
		}
		List<Problem> notes = new ArrayList<>(b.notes());
		if (s.hook == null) {
			return failure("legacy", "/hook", 0, prefix + "missing required property: hook", notes);
		}
		List<String> stages = s.stages;
		if (stages == null) {
			stages = s.stage;
		}
		else if (s.stage != null) {
			return failure("legacy", "/stage", lineOf(root, "stage"), prefix + "cannot set both 'stage' and 'stages'",
					notes);
		}
		if (stages == null) {
			return failure("legacy", "/stages", 0, prefix + "missing required property: stages", notes);
		}
		List<String> cmds = s.cmds;
		if (cmds == null) {
			cmds = s.cmd;
		}
		else if (s.cmd != null) {
			return failure("legacy", "/cmd", lineOf(root, "cmd"), prefix + "cannot set both 'cmd' and 'cmds'", notes);
		}
		List<String> annotations = s.annotations;
		if (annotations == null) {
			annotations = s.annotation;
		}
		else if (s.annotation != null) {
			return failure("legacy", "/annotation", lineOf(root, "annotation"),
					prefix + "cannot set both 'annotation' and 'annotations'", notes);
		}
		List<String> args = null;
		if (s.arguments != null) {
			args = new ArrayList<>();
			args.add(s.hook);
			args.addAll(s.arguments);
		}
		Map<String, String> annotationPatterns = (annotations != null) ? Map.of(".*", String.join("|", annotations))
				: null;
		HookDefinition definition = new HookDefinition(declared, new OciHook(s.hook, args, null, null),
				new When(null, annotationPatterns, cmds, s.hasBindMounts, true), stages);
		return new Result(definition, null, notes, List.of());
	}

	private static Result failure(String code, String pointer, int line, String message, List<Problem> notes) {
		Problem error = Problem.of(Severity.ERROR, code, pointer, line, message);
		return new Result(null, error, notes, List.of(error));
	}

	/** The first type error as the runtime reports it, and every other one after it. */
	private static Result typeFailure(GoBinder b, String prefix, List<Problem> notes) {
		List<Problem> errors = new ArrayList<>();
		for (Problem p : b.typeErrors()) {
			errors.add(p.withMessage(prefix + p.message()));
		}
		Problem first = errors.get(0);
		// The reported error keeps the binder's pointer and line (the same value as the
		// first in the list).
		Problem error = new Problem(Severity.ERROR, "parse", null, null, b.typeErrorPointer(), b.typeErrorLine(),
				prefix + b.typeError(), false, first.column());
		errors.set(0, error);
		return new Result(null, error, notes, errors);
	}

	private static int lineOf(Value root, String key) {
		if (root instanceof JObject object) {
			for (GoJson.Member m : object.members()) {
				if (GoBinder.fold(m.name()) != null && GoBinder.fold(m.name()).equals(GoBinder.fold(key))) {
					return m.value().position().line();
				}
			}
		}
		return 0;
	}

}
