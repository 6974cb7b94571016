package io.github.ocihooks.admin.engine;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code When.Match} in memory, case by case as in containers/common's
 * {@code when_test.go}: a compiled condition set against the facts of one container, no
 * files and no snapshot ({@link MatchingTests} goes through real files).
 */
class WhenMatchTests {

	private static final Map<String, String> NO_ANNOTATIONS = Map.of();

	private static boolean matches(When when, List<String> args, Map<String, String> annotations, boolean bindMounts)
			throws Exception {
		return Matcher.matches(CompiledWhen.compile(when),
				new Matcher.Facts(args != null, (args != null) ? args : List.of(), annotations, bindMounts));
	}

	private static When always(Boolean always) {
		return new When(always, null, null, null, false);
	}

	@Test
	void noConditionNeverMatches() throws Exception {
		assertThat(matches(new When(null, null, null, null, false), List.of("/bin/sh"), NO_ANNOTATIONS, true))
			.isFalse();
		assertThat(matches(new When(null, null, null, null, true), List.of("/bin/sh"), NO_ANNOTATIONS, true)).isFalse();
	}

	@Test
	void always() throws Exception {
		assertThat(matches(always(true), List.of("/bin/sh"), NO_ANNOTATIONS, false)).isTrue();
		assertThat(matches(always(false), List.of("/bin/sh"), NO_ANNOTATIONS, false)).isFalse();
	}

	@Test
	void hasBindMounts() throws Exception {
		When when = new When(null, null, null, true, false);
		assertThat(matches(when, List.of("/bin/sh"), NO_ANNOTATIONS, true)).isTrue();
		assertThat(matches(when, List.of("/bin/sh"), NO_ANNOTATIONS, false)).isFalse();
	}

	@Test
	void annotationsMatchKeyAndValueOfTheSameEntry() throws Exception {
		When when = new When(null, Map.of("^a$", "^b$"), null, null, false);
		assertThat(matches(when, null, Map.of("a", "b"), false)).isTrue();
		assertThat(matches(when, null, Map.of("a", "c"), false)).isFalse();
		assertThat(matches(when, null, Map.of("x", "b", "a", "c"), false)).isFalse();
		assertThat(matches(when, null, NO_ANNOTATIONS, false)).isFalse();
	}

	@Test
	void commandsLookAtArgvZeroUnanchored() throws Exception {
		When when = new When(null, null, List.of("sh"), null, false);
		assertThat(matches(when, List.of("/bin/bash", "-c"), NO_ANNOTATIONS, false)).isTrue();
		assertThat(matches(when, List.of("/usr/bin/env", "sh"), NO_ANNOTATIONS, false)).isFalse();
		assertThat(matches(new When(null, null, List.of("^/bin/sh$"), null, false), List.of("/bin/sh"), NO_ANNOTATIONS,
				false))
			.isTrue();
	}

	@Test
	void withoutProcessCommandsAreSkipped() throws Exception {
		assertThat(matches(new When(null, null, List.of(".*"), null, false), null, NO_ANNOTATIONS, false)).isFalse();
		assertThat(matches(new When(true, null, List.of("^nothing$"), null, false), null, NO_ANNOTATIONS, false))
			.isTrue();
	}

	@Test
	void emptyArgsWithProcessFailTheContainer() {
		assertThatExceptionOfType(Matcher.MatchException.class)
			.isThrownBy(
					() -> matches(new When(null, null, List.of(".*"), null, false), List.of(), NO_ANNOTATIONS, false))
			.withMessage("process.args must have at least one entry");
	}

	@Test
	void andNeedsEveryConditionOrNeedsOne() throws Exception {
		Map<String, String> annotations = Map.of("a", "b");
		assertThat(matches(new When(true, Map.of("^a$", "^x$"), null, null, false), null, annotations, false))
			.isFalse();
		assertThat(matches(new When(true, Map.of("^a$", "^x$"), null, null, true), null, annotations, false)).isTrue();
		assertThat(matches(new When(false, Map.of("^a$", "^b$"), null, null, true), null, annotations, false)).isTrue();
		assertThat(matches(new When(false, Map.of("^a$", "^b$"), null, null, false), null, annotations, false))
			.isFalse();
	}

	@Test
	void aMatchingCommandDecidesOnceTheOtherConditionsHold() throws Exception {
		assertThat(matches(new When(true, null, List.of("^/bin/sh$"), null, false), List.of("/bin/sh"), NO_ANNOTATIONS,
				false))
			.isTrue();
		assertThat(matches(new When(true, null, List.of("^/bin/sh$"), null, false), List.of("/bin/bash"),
				NO_ANNOTATIONS, false))
			.isFalse();
	}

	@Test
	void anInvalidPatternIsRefusedWhenCompiled() {
		assertThatExceptionOfType(CompiledWhen.InvalidPattern.class)
			.isThrownBy(() -> CompiledWhen.compile(new When(null, null, List.of("("), null, false)));
	}

}
