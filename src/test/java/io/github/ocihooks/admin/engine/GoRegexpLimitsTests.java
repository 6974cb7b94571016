package io.github.ocihooks.admin.engine;

import java.time.Duration;
import java.util.List;

import com.google.re2j.Pattern;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Go's regexp/syntax limits (parse.go: maxRepeat, checkSize, checkHeight), checked before
 * RE2/J compiles.
 */
class GoRegexpLimitsTests {

	@Test
	void nestedRepeatsOverAThousandAreInvalidRepeatCounts() {
		// Expected texts are Go 1.22's regexp.Compile errors for these patterns.
		assertThat(GoRegexpLimits.check("(a{1000}){1000}"))
			.isEqualTo("error parsing regexp: invalid repeat count: `{1000}`");
		assertThat(GoRegexpLimits.check("((a{100}){100}){100}"))
			.isEqualTo("error parsing regexp: invalid repeat count: `{100}`");
		assertThat(GoRegexpLimits.check("((a{1000}){1000}){1000}"))
			.isEqualTo("error parsing regexp: invalid repeat count: `{1000}`");
		assertThat(GoRegexpLimits.check("a{1001}")).isEqualTo("error parsing regexp: invalid repeat count: `{1001}`");
		assertThat(GoRegexpLimits.check("a{2,1}")).isEqualTo("error parsing regexp: invalid repeat count: `{2,1}`");
		assertThat(GoRegexpLimits.check("(a{2}){501}?"))
			.isEqualTo("error parsing regexp: invalid repeat count: `{501}?`");
		assertThat(GoRegexpLimits.check("a{123456789}"))
			.isEqualTo("error parsing regexp: invalid repeat count: `{123456789}`");
	}

	@Test
	void patternsWithinTheLimitsPass() {
		for (String ok : List.of("a{1000}", "(a{10}){100}", "(a{1000}){0}", "(a{1000}){1}", "x{2,}", "a{,5}", "{", "a{",
				"a{1", "a{1,", "a{01}", "^/usr/bin/(sh|bash)$", "[a-z]{1,1000}", "(?i:ab){2}", "\\pL{1000}",
				"(?P<n>a){1000}", "[{]{3}", "\\Q{9999}\\E", "(a*)*", "(((a)))")) {
			assertThat(GoRegexpLimits.check(ok)).as(ok).isNull();
		}
	}

	@Test
	void compiledSizeAndHeightAreBounded() {
		assertThat(GoRegexpLimits.check("(" + "x".repeat(4000) + "){1000}"))
			.startsWith("error parsing regexp: expression too large: `(xxx");
		assertThat(GoRegexpLimits.check("(".repeat(1001) + "a" + ")".repeat(1001)))
			.startsWith("error parsing regexp: expression nests too deeply: `((((");
		assertThat(GoRegexpLimits.check("(".repeat(998) + "a" + ")".repeat(998))).isNull();
	}

	@Test
	void syntaxErrorsAreLeftToRe2j() {
		for (String bad : List.of("(", ")", "a**", "[a", "\\", "*", "(?z)")) {
			assertThat(GoRegexpLimits.check(bad)).as(bad).isNull();
		}
	}

	@Test
	void aRepeatBombIsRefusedQuicklyWithGosMessage() {
		When when = new When(null, null, List.of("((a{1000}){1000}){1000}"), null, false);
		assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> CompiledWhen.compile(when))
			.isInstanceOf(CompiledWhen.InvalidPattern.class)
			.hasMessage("invalid command \"((a{1000}){1000}){1000}\": error parsing regexp: invalid repeat count: "
					+ "`{1000}`"));
	}

	@Test
	void longPatternsAreNotCompiledBeyondTheServiceLimit() {
		String huge = "a".repeat(400_000) + "|b";
		When when = new When(null, null, List.of(huge), null, false);
		assertTimeoutPreemptively(Duration.ofSeconds(10),
				() -> assertThatThrownBy(() -> CompiledWhen.compile(when))
					.isInstanceOfSatisfying(CompiledWhen.InvalidPattern.class,
							ex -> assertThat(ex.code()).isEqualTo("pattern-not-evaluated"))
					.hasMessageContaining("400002 characters")
					.hasMessageNotContaining("a".repeat(100)));
		// At the limit it compiles (RE2/J's parser is quadratic in a literal run: this
		// bounds it).
		String atLimit = "a".repeat(PatternLimits.MAX_EVALUATED_PATTERN_LENGTH - 2) + "|b";
		assertTimeoutPreemptively(Duration.ofSeconds(5),
				() -> CompiledWhen.compile(new When(null, null, List.of(atLimit), null, false)));
	}

	@Test
	void agreesWithRe2jOnRandomSmallPatterns() {
		// Whatever passes the limits and RE2/J compiles must still compile: the checker
		// only adds refusals.
		java.util.Random random = new java.util.Random(3);
		List<String> pieces = List.of("a", "(", ")", "|", "{2}", "{3,5}", "*", "?", "[ab]", "\\d", "(?:", "x{10}");
		for (int i = 0; i < 5_000; i++) {
			StringBuilder sb = new StringBuilder();
			for (int j = random.nextInt(8); j > 0; j--) {
				sb.append(pieces.get(random.nextInt(pieces.size())));
			}
			String p = sb.toString();
			boolean re2j;
			try {
				Pattern.compile(p);
				re2j = true;
			}
			catch (RuntimeException ex) {
				re2j = false;
			}
			if (!re2j) {
				continue;
			}
			assertThat(GoRegexpLimits.check(p)).as(p).isNull();
		}
	}

}
