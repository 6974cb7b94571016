package io.github.ocihooks.admin.fleet;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RolloutWavesTests {

	@Test
	void canaryThenPercentageThenTheRest() {
		List<String> ten = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
		assertThat(Rollouts.waves(ten, null, 25)).containsExactly(List.of("a"), List.of("b", "c", "d"),
				List.of("e", "f", "g", "h", "i", "j"));
		assertThat(Rollouts.waves(ten, "e", 100)).containsExactly(List.of("e"),
				List.of("a", "b", "c", "d", "f", "g", "h", "i", "j"));
		assertThat(Rollouts.waves(List.of("a"), null, 50)).containsExactly(List.of("a"));
		assertThat(Rollouts.waves(List.of("a", "b"), null, 1)).containsExactly(List.of("a"), List.of("b"));
	}

	@Test
	void machineConfigHoldsCanonicalTextAsDataUrls() {
		JsonNode hooks = NodeClient.JSON.readTree("{\"50-gpu.json\": {\"version\": \"1.0.0\", \"hook\": "
				+ "{\"path\": \"/usr/bin/gpu-hook\"}, \"when\": {\"always\": true}, \"stages\": [\"prestart\"]}}");
		Map<String, byte[]> files = MachineConfigs.canonical(hooks);
		JsonNode mc = MachineConfigs.machineConfig("50-oci-hooks", "worker", files);
		assertThat(mc.get("kind").asString()).isEqualTo("MachineConfig");
		assertThat(mc.get("spec").get("config").get("ignition").get("version").asString()).startsWith("3.");
		JsonNode file = mc.get("spec").get("config").get("storage").get("files").get(0);
		assertThat(file.get("path").asString()).isEqualTo("/etc/containers/oci/hooks.d/50-gpu.json");
		assertThat(file.get("mode").asInt()).isEqualTo(420);
		String source = file.get("contents").get("source").asString();
		assertThat(source).startsWith("data:text/plain;charset=utf-8;base64,");
		String text = new String(Base64.getDecoder().decode(source.substring(source.indexOf(',') + 1)),
				StandardCharsets.UTF_8);
		assertThat(text).isEqualTo(new String(files.get("50-gpu.json"), StandardCharsets.UTF_8));
		assertThat(text).contains("\"version\": \"1.0.0\"", "/usr/bin/gpu-hook");

		assertThatThrownBy(() -> MachineConfigs.canonical(NodeClient.JSON.readTree("{\"../x.json\": {}}")))
			.isInstanceOf(MachineConfigs.InvalidDefinition.class);
		assertThatThrownBy(() -> MachineConfigs.canonical(NodeClient.JSON.readTree("{\"x.json\": {\"version\": 1}}")))
			.isInstanceOf(MachineConfigs.InvalidDefinition.class)
			.extracting("pointer")
			.isEqualTo("/hooks/x.json");
	}

}
