package io.github.ocihooks.admin.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.ocihooks.admin.engine.GoBinder.Field;
import io.github.ocihooks.admin.engine.GoJson.Value;

/**
 * The parts of an OCI runtime {@code config.json} that hook matching reads, decoded with
 * Go's rules as the runtime holds them in {@code rspec.Spec}: {@code process.args},
 * {@code annotations}, {@code mounts} and {@code hooks}.
 *
 * @param processPresent whether {@code process} is set (non-null); without it
 * {@code commands} conditions are skipped
 * @param processArgs {@code process.args} (possibly empty), or an empty list
 * @param annotations {@code annotations}, or an empty map
 * @param mounts {@code mounts}
 * @param hooksPresent whether {@code hooks} is set (non-null)
 * @param hooks the hooks already in the config, by stage, in {@code rspec.Hooks} field
 * order
 */
public record ContainerConfig(boolean processPresent, List<String> processArgs, Map<String, String> annotations,
		List<Mount> mounts, boolean hooksPresent, Map<String, List<OciHook>> hooks) {

	/** The fields of {@code rspec.Hooks}, in their JSON output order. */
	public static final List<String> HOOK_FIELDS = Stages.OCI;

	/** A mount entry. */
	public record Mount(String destination, String type, String source, List<String> options) {
	}

	/** The config does not fit the OCI schema where matching reads it. */
	public static final class InvalidConfigException extends Exception {

		private final String pointer;

		InvalidConfigException(String message, String pointer) {
			super(message);
			this.pointer = pointer;
		}

		/** JSON pointer into the config. */
		public String pointer() {
			return this.pointer;
		}

	}

	public static ContainerConfig parse(Value root) throws InvalidConfigException {
		GoBinder b = new GoBinder();
		var s = new Object() {
			boolean process;

			List<String> args;

			Map<String, String> annotations;

			List<Mount> mounts = new ArrayList<>();

			boolean hooks;

			Map<String, List<OciHook>> hookLists = new LinkedHashMap<>();

		};
		List<Field> processFields = List
			.of(new Field("args", (v, p) -> s.args = b.stringSlice(v, p, "Process.process.args", s.args)));
		List<Field> hooksFields = new ArrayList<>();
		for (String stage : HOOK_FIELDS) {
			hooksFields.add(new Field(stage, (v, p) -> {
				List<OciHook> list = hookList(b, v, p, stage);
				if (list == null) {
					s.hookLists.remove(stage);
				}
				else {
					s.hookLists.put(stage, list);
				}
			}));
		}
		List<Field> top = List.of(new Field("process", (v, p) -> {
			if (v instanceof GoJson.JNull) {
				s.process = false;
				s.args = null;
				return;
			}
			if (b.struct(v, p, "Spec.process", "specs.Process", processFields)) {
				s.process = true;
			}
		}), new Field("annotations", (v, p) -> s.annotations = b.stringMap(v, p, "Spec.annotations", s.annotations)),
				new Field("mounts", (v, p) -> s.mounts = mounts(b, v, p)), new Field("hooks", (v, p) -> {
					if (v instanceof GoJson.JNull) {
						s.hooks = false;
						s.hookLists.clear();
						return;
					}
					if (b.struct(v, p, "Spec.hooks", "specs.Hooks", hooksFields)) {
						s.hooks = true;
					}
				}));
		if (!(root instanceof GoJson.JObject)) {
			throw new InvalidConfigException("config must be a JSON object", "");
		}
		b.struct(root, "", null, "specs.Spec", top);
		if (b.typeError() != null) {
			throw new InvalidConfigException(b.typeError(), b.typeErrorPointer());
		}
		Map<String, List<OciHook>> ordered = new LinkedHashMap<>();
		for (String stage : HOOK_FIELDS) {
			if (s.hookLists.containsKey(stage)) {
				ordered.put(stage, s.hookLists.get(stage));
			}
		}
		return new ContainerConfig(s.process, (s.args != null) ? List.copyOf(s.args) : List.of(),
				(s.annotations != null) ? s.annotations : Map.of(), List.copyOf(s.mounts), s.hooks, ordered);
	}

	private static List<OciHook> hookList(GoBinder b, Value v, String pointer, String stage) {
		if (v instanceof GoJson.JNull) {
			return null;
		}
		if (!(v instanceof GoJson.JArray array)) {
			b.typeError(v, pointer, "Hooks.hooks." + stage, "[]specs.Hook");
			return List.of();
		}
		List<OciHook> hooks = new ArrayList<>();
		int i = 0;
		for (Value element : array.elements()) {
			var h = new Object() {
				String path = "";

				List<String> args;

				List<String> env;

				Long timeout;

			};
			String p = pointer + "/" + i++;
			b.struct(element, p, "Hooks.hooks." + stage, "specs.Hook",
					List.of(new Field("path", (x, q) -> h.path = b.string(x, q, "Hook.path", h.path)),
							new Field("args", (x, q) -> h.args = b.stringSlice(x, q, "Hook.args", h.args)),
							new Field("env", (x, q) -> h.env = b.stringSlice(x, q, "Hook.env", h.env)),
							new Field("timeout", (x, q) -> h.timeout = b.intPointer(x, q, "Hook.timeout", h.timeout))));
			hooks.add(new OciHook(h.path, h.args, h.env, h.timeout));
		}
		return hooks;
	}

	private static List<Mount> mounts(GoBinder b, Value v, String pointer) {
		List<Mount> mounts = new ArrayList<>();
		if (v instanceof GoJson.JNull) {
			return mounts;
		}
		if (!(v instanceof GoJson.JArray array)) {
			b.typeError(v, pointer, "Spec.mounts", "[]specs.Mount");
			return mounts;
		}
		int i = 0;
		for (Value element : array.elements()) {
			var m = new Object() {
				String destination = "";

				String type = "";

				String source = "";

				List<String> options;

			};
			String p = pointer + "/" + i++;
			b.struct(element, p, "Spec.mounts", "specs.Mount", List.of(
					new Field("destination",
							(x, q) -> m.destination = b.string(x, q, "Mount.destination", m.destination)),
					new Field("type", (x, q) -> m.type = b.string(x, q, "Mount.type", m.type)),
					new Field("source", (x, q) -> m.source = b.string(x, q, "Mount.source", m.source)),
					new Field("options", (x, q) -> m.options = b.stringSlice(x, q, "Mount.options", m.options))));
			mounts.add(new Mount(m.destination, m.type, m.source,
					(m.options != null) ? List.copyOf(m.options) : List.of()));
		}
		return mounts;
	}

}
