package io.github.ocihooks.admin.fleet;

import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import io.github.ocihooks.admin.engine.HookReader;
import io.github.ocihooks.admin.engine.HookWriter;
import io.github.ocihooks.admin.store.HookFiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A desired set as an OpenShift MachineConfig, for nodes whose files are managed by the
 * Machine Config Operator instead of through this service: Ignition v3
 * {@code storage.files} under {@code /etc/containers/oci/hooks.d} (on RHCOS {@code /usr}
 * is read-only), mode 0644, contents as base64 {@code data:} URLs of the canonical 1.0.0
 * text this service would write. Definitions are read with the runtime's rules;
 * executables are not checked (the hub is not the node).
 */
public final class MachineConfigs {

	/** Where the files go on the nodes. */
	public static final String DIRECTORY = "/etc/containers/oci/hooks.d";

	private MachineConfigs() {
	}

	/** A definition that cannot be written, with a JSON pointer into the request. */
	public static class InvalidDefinition extends RuntimeException {

		private final String pointer;

		InvalidDefinition(String message, String pointer) {
			super(message);
			this.pointer = pointer;
		}

		public String pointer() {
			return this.pointer;
		}

	}

	/**
	 * File name to canonical bytes, each definition read with the runtime's rules and
	 * written as 1.0.0.
	 */
	public static Map<String, byte[]> canonical(JsonNode hooks) {
		if (hooks == null || !hooks.isObject()) {
			throw new InvalidDefinition("hooks must be an object: file name to definition", "/hooks");
		}
		Map<String, byte[]> out = new TreeMap<>();
		for (Map.Entry<String, JsonNode> e : hooks.properties()) {
			String pointer = "/hooks/" + e.getKey().replace("~", "~0").replace("/", "~1");
			if (!HookFiles.NAME.matcher(e.getKey()).matches()) {
				throw new InvalidDefinition(
						"invalid file name " + e.getKey() + ": it must match ^[A-Za-z0-9][A-Za-z0-9._-]*\\.json$",
						pointer);
			}
			HookReader.Result read = HookReader.read(NodeClient.JSON.writeValueAsBytes(e.getValue()));
			if (!read.ok()) {
				throw new InvalidDefinition(e.getKey() + ": " + read.error().message(), pointer);
			}
			if (read.definition().legacy()) {
				throw new InvalidDefinition(
						e.getKey() + ": legacy 0.1.0 definitions cannot be written; convert it to " + "1.0.0 first",
						pointer);
			}
			out.put(e.getKey(), HookWriter.write(read.definition()));
		}
		return out;
	}

	/**
	 * The MachineConfig object.
	 * @param name its metadata.name (for example {@code 50-oci-hooks})
	 * @param role the machine config pool role label ({@code worker}, {@code master})
	 */
	public static ObjectNode machineConfig(String name, String role, Map<String, byte[]> files) {
		ObjectNode mc = NodeClient.JSON.createObjectNode();
		mc.put("apiVersion", "machineconfiguration.openshift.io/v1");
		mc.put("kind", "MachineConfig");
		ObjectNode metadata = mc.putObject("metadata");
		metadata.put("name", name);
		metadata.putObject("labels").put("machineconfiguration.openshift.io/role", role);
		ObjectNode config = mc.putObject("spec").putObject("config");
		config.putObject("ignition").put("version", "3.2.0");
		ArrayNode list = config.putObject("storage").putArray("files");
		files.forEach((file, content) -> {
			ObjectNode f = list.addObject();
			f.put("path", DIRECTORY + "/" + file);
			f.put("mode", 0644);
			f.put("overwrite", true);
			f.putObject("contents")
				.put("source", "data:text/plain;charset=utf-8;base64," + Base64.getEncoder().encodeToString(content));
		});
		return mc;
	}

}
