package io.github.ocihooks.admin.api;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Prefer: return=representation} as RFC 7240 lets clients write it, and what is
 * not it.
 */
class PreferencesTests {

	@ParameterizedTest
	@ValueSource(strings = { "return=representation", "RETURN=Representation", " return = representation ",
			"return=\"representation\"", "respond-async, return=representation", "return=representation; x=1",
			"wait=10, return=representation, return=minimal" })
	void theRepresentationIsPreferred(String prefer) {
		assertThat(Preferences.returnRepresentation(prefer)).isTrue();
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "return=minimal", "respond-async", "return", "x-return=representation",
			"return=minimal, return=representation", "handling=strict; return=representation" })
	void theRepresentationIsNotPreferred(String prefer) {
		assertThat(Preferences.returnRepresentation(prefer)).isFalse();
	}

}
