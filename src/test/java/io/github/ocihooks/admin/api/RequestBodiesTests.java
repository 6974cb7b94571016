package io.github.ocihooks.admin.api;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Request bodies that are not JSON: Go's words, and a position only where Go has one. */
class RequestBodiesTests {

	@Test
	void aSyntaxErrorSaysWhereItIs() {
		assertThatThrownBy(() -> RequestBodies.json("{\"version\": }".getBytes(StandardCharsets.UTF_8)))
			.isInstanceOf(InvalidRequestException.class)
			.hasMessage("The request body is not valid JSON: invalid character '}' looking for beginning of value "
					+ "(line 1, column 13)");
	}

	@Test
	void aBodyCutShortHasNoLineZero() {
		assertThatThrownBy(() -> RequestBodies.json("{\"version\":\"1.0.0\",".getBytes(StandardCharsets.UTF_8)))
			.isInstanceOf(InvalidRequestException.class)
			.hasMessage("The request body is not valid JSON: unexpected end of JSON input");
	}

}
