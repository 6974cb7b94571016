package io.github.ocihooks.admin.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class DemoHooksSeederTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path temp;

	@Test
	void seedsBothDirectoriesWhenAbsent() throws Exception {
		Path hooks = this.temp.resolve("demo/hooks");
		Path overrides = this.temp.resolve("demo/overrides");

		new DemoHooksSeeder(properties(hooks, overrides));

		assertThat(names(hooks)).containsExactlyInAnyOrder("oci-systemd-hook.json", "oci-umount.json",
				"nvidia-container-toolkit.json", "add-cdi-devices.json", "legacy-audit.json", "50-log-start.json");
		assertThat(names(overrides)).containsExactlyInAnyOrder("50-log-start.json", "20-missing-exec.json");
	}

	@Test
	void leavesAnExistingDirectoryUntouched() throws Exception {
		Path hooks = Files.createDirectories(this.temp.resolve("hooks"));
		Files.writeString(hooks.resolve("mine.json"), "{\"mine\": true}\n");
		Path overrides = Files.createDirectories(this.temp.resolve("overrides"));

		new DemoHooksSeeder(properties(hooks, overrides));

		assertThat(names(hooks)).containsExactly("mine.json");
		assertThat(Files.readString(hooks.resolve("mine.json"))).isEqualTo("{\"mine\": true}\n");
		assertThat(names(overrides)).isEmpty();
	}

	@Test
	void seedsOnlyTheMissingDirectory() throws Exception {
		Path hooks = Files.createDirectories(this.temp.resolve("hooks"));
		Path overrides = this.temp.resolve("overrides");

		new DemoHooksSeeder(properties(hooks, overrides));

		assertThat(names(hooks)).isEmpty();
		assertThat(names(overrides)).contains("20-missing-exec.json");
	}

	@Test
	void seedReportsWhetherItSeeded() throws Exception {
		Path dir = this.temp.resolve("x");
		assertThat(DemoHooksSeeder.seed(dir, Map.of("a.json", "{}\n"))).isTrue();
		assertThat(DemoHooksSeeder.seed(dir, Map.of("b.json", "{}\n"))).isFalse();
		assertThat(names(dir)).containsExactly("a.json");
	}

	@Test
	void filesArePrettyPrintedJsonWithTrailingNewline() {
		Map<String, String> all = new LinkedHashMap<>(DemoHooksSeeder.baseHooks());
		DemoHooksSeeder.overrideHooks().forEach((name, content) -> all.put("overrides/" + name, content));
		all.forEach((name, content) -> {
			assertThat(content).as(name).startsWith("{\n  \"version\": ").endsWith("}\n").doesNotContain("\t");
			JsonNode hook = this.json.readTree(content);
			assertThat(hook.isObject()).as(name).isTrue();
			assertThat(hook.has("stages")).as(name).isTrue();
		});
	}

	@Test
	void definitionsFollowTheExamples() {
		Map<String, String> base = DemoHooksSeeder.baseHooks();
		JsonNode nvidia = this.json.readTree(base.get("nvidia-container-toolkit.json"));
		assertThat(nvidia.at("/when/annotations").propertyNames()).containsExactly("^com\\.example\\.gpu$");
		assertThat(nvidia.at("/when/annotations/^com\\.example\\.gpu$").asString()).isEqualTo("^(true|1|yes)$");
		assertThat(nvidia.at("/hook/timeout").asInt()).isEqualTo(10);

		JsonNode legacy = this.json.readTree(base.get("legacy-audit.json"));
		assertThat(legacy.get("version").asString()).isEqualTo("0.1.0");
		assertThat(legacy.get("hook").asString()).isEqualTo("/bin/true");

		JsonNode precreate = this.json.readTree(base.get("add-cdi-devices.json"));
		assertThat(precreate.at("/stages/0").asString()).isEqualTo("precreate");
		assertThat(precreate.at("/hook/path").asString()).isEqualTo("/bin/sh");

		JsonNode lower = this.json.readTree(base.get("50-log-start.json"));
		JsonNode upper = this.json.readTree(DemoHooksSeeder.overrideHooks().get("50-log-start.json"));
		assertThat(upper.at("/hook/args")).isNotEqualTo(lower.at("/hook/args"));

		JsonNode missing = this.json.readTree(DemoHooksSeeder.overrideHooks().get("20-missing-exec.json"));
		assertThat(Path.of(missing.at("/hook/path").asString())).doesNotExist();
	}

	private static HooksProperties properties(Path... directories) {
		return HooksPropertiesFixture.of("admin", directories);
	}

	private static List<String> names(Path directory) throws Exception {
		try (Stream<Path> files = Files.list(directory)) {
			return files.map((p) -> p.getFileName().toString()).toList();
		}
	}

}
