package io.github.ocihooks.admin.web;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text a Copy button copies reaches the page exactly and cannot end the data block it
 * travels in.
 */
class CopyTextTests {

	@Test
	void theTextReadsBackExactlyAndCannotCloseItsScriptElement() {
		String text = "\n{\r\n  \"a\": \"</script><script>alert(1)</script>\",\t\"é\": \"\\u2028\"\r\n}";
		String json = CopyText.json(text);
		assertThat(json).doesNotContain("<");
		assertThat(JsonMapper.builder().build().readValue(json, String.class)).isEqualTo(text);
	}

}
