package io.github.ocihooks.admin.preview;

import java.util.List;

import io.github.ocihooks.admin.engine.Evaluation;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code decidedBy} and an input's {@code source} are enums that the API writes as the
 * same words as before.
 */
class PreviewWireTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void decidedByIsWrittenAsTheConditionsName() {
		for (Evaluation.DecidedBy d : Evaluation.DecidedBy.values()) {
			Evaluation e = new Evaluation("/d", "f.json", 0, true, false, d, null, List.of(), List.of(), "s");
			assertThat(this.json.readTree(this.json.writeValueAsString(e)).get("decidedBy").asString())
				.isEqualTo(d.toString())
				.isIn("always", "hasBindMounts", "annotations", "commands", "none");
		}
	}

	@Test
	void sourceIsWrittenInLowerCase() {
		assertThat(List.of(PreviewService.Source.values()))
			.extracting((s) -> this.json.readTree(this.json.writeValueAsString(new PreviewService.Input<>(1, s, null)))
				.get("source")
				.asString())
			.containsExactly("request", "config", "inferred", "configured", "profile", "default", "side-by-side");
	}

}
