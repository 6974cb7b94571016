package io.github.ocihooks.admin.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.ocihooks.admin.engine.ContainerConfig;
import io.github.ocihooks.admin.engine.GoJson;
import io.github.ocihooks.admin.engine.JsonPointer;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST /api/v1/preview}. Read from the raw bytes so that the config is
 * decoded with the runtime's (Go's) JSON rules; this record documents the shape for
 * OpenAPI.
 *
 * @param config the OCI runtime config ({@code config.json}) of the container
 * @param annotations annotations to match; absent: the config's {@code annotations};
 * present (even {@code {}}): used as given
 * @param hasBindMounts absent: inferred from the config's mounts (see the response's
 * {@code inputs})
 * @param extensionStages absent: the configured {@code hooks.extension-stages}; present:
 * used for this preview's validation and matching
 * @param profile the runtime profile to answer for ({@code GET /api/v1/profiles});
 * absent: the default one (the first; with {@code hooks.directories} set, the only one);
 * its kind and version decide the extension stages, where {@code prestart} lands, the
 * load mode and how {@code hasBindMounts} is inferred
 */
@Schema(name = "PreviewRequest")
record PreviewRequest(
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED,
				description = "OCI runtime config (config.json)") Map<String, Object> config,
		@Schema(description = "Annotations to match; absent: the config's annotations") Map<String, String> annotations,
		@Schema(description = "Absent: inferred from the config's bind mounts") Boolean hasBindMounts,
		@Schema(description = "Absent: the configured extension stages") List<String> extensionStages,
		@Schema(description = "Run the matched precreate hooks on the resulting config (needs "
				+ "hooks.precreate.execution-enabled and role ADMIN)") Boolean runPrecreate,
		@Schema(description = "The runtime profile to answer for (GET /api/v1/profiles); absent: the default one. "
				+ "The response's runtimes answer for every profile side by side") String profile) {

	/**
	 * The request as parsed: the config decoded with Go's rules, the other fields null
	 * when absent.
	 */
	record Parsed(ContainerConfig config, Map<String, String> annotations, Boolean hasBindMounts,
			List<String> extensionStages, boolean runPrecreate, String profile) {
	}

	static Parsed parse(byte[] body) {
		GoJson.Value root = RequestBodies.json(body);
		if (!(root instanceof GoJson.JObject object)) {
			throw new InvalidRequestException("The request body must be a JSON object", "");
		}
		GoJson.Value config = null;
		Map<String, String> annotations = null;
		Boolean hasBindMounts = null;
		List<String> extensionStages = null;
		boolean runPrecreate = false;
		String profile = null;
		for (GoJson.Member m : object.members()) {
			String pointer = "/" + JsonPointer.escape(m.name());
			GoJson.Value v = m.value();
			switch (m.name()) {
				case "config" -> config = v;
				case "annotations" -> annotations = (v instanceof GoJson.JNull) ? null : stringMap(v, pointer);
				case "hasBindMounts" -> {
					if (v instanceof GoJson.JBool b) {
						hasBindMounts = b.value();
					}
					else if (!(v instanceof GoJson.JNull)) {
						throw new InvalidRequestException("hasBindMounts must be true or false", pointer);
					}
				}
				case "extensionStages" -> extensionStages = (v instanceof GoJson.JNull) ? null : strings(v, pointer);
				case "runPrecreate" -> {
					if (v instanceof GoJson.JBool b) {
						runPrecreate = b.value();
					}
					else if (!(v instanceof GoJson.JNull)) {
						throw new InvalidRequestException("runPrecreate must be true or false", pointer);
					}
				}
				case "profile" -> {
					if (v instanceof GoJson.JString str) {
						profile = str.value();
					}
					else if (!(v instanceof GoJson.JNull)) {
						throw new InvalidRequestException("profile must be a string: a runtime profile's id", pointer);
					}
				}
				default -> throw new InvalidRequestException("Unknown field \"" + m.name()
						+ "\"; expected config, annotations, hasBindMounts, extensionStages, runPrecreate, profile",
						pointer);
			}
		}
		if (config == null || config instanceof GoJson.JNull) {
			throw new InvalidRequestException("config is required: the container's OCI config.json", "/config");
		}
		if (!(config instanceof GoJson.JObject)) {
			throw new InvalidRequestException("config must be a JSON object (the OCI config.json)", "/config");
		}
		try {
			return new Parsed(ContainerConfig.parse(config), annotations, hasBindMounts, extensionStages, runPrecreate,
					profile);
		}
		catch (ContainerConfig.InvalidConfigException ex) {
			throw new InvalidRequestException("config does not fit the OCI runtime spec: " + ex.getMessage(),
					"/config" + ex.pointer());
		}
	}

	static Map<String, String> stringMap(GoJson.Value v, String pointer) {
		if (!(v instanceof GoJson.JObject o)) {
			throw new InvalidRequestException("annotations must be an object of strings", pointer);
		}
		Map<String, String> map = new LinkedHashMap<>();
		for (GoJson.Member m : o.members()) {
			if (!(m.value() instanceof GoJson.JString s)) {
				throw new InvalidRequestException("annotation values must be strings",
						pointer + "/" + JsonPointer.escape(m.name()));
			}
			map.put(m.name(), s.value());
		}
		return map;
	}

	private static List<String> strings(GoJson.Value v, String pointer) {
		if (!(v instanceof GoJson.JArray a)) {
			throw new InvalidRequestException("must be an array of strings", pointer);
		}
		List<String> list = new ArrayList<>();
		for (int i = 0; i < a.elements().size(); i++) {
			if (!(a.elements().get(i) instanceof GoJson.JString s)) {
				throw new InvalidRequestException("must be a string", pointer + "/" + i);
			}
			list.add(s.value());
		}
		return list;
	}

}
