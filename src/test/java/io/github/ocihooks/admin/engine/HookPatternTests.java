package io.github.ocihooks.admin.engine;

import java.util.List;
import java.util.Random;

import com.google.re2j.Pattern;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The literal shortcut must answer exactly as RE2/J does. */
class HookPatternTests {

	private static final List<String> PIECES = List.of("a", "b", "sh", "/", "\\.", ".", "\\\\", "\\$", "\\^", "-", "é",
			"\uD83D\uDE00", "*", "?", "+", "(x)", "[ab]", "|", "\\d", "_", "\\_", " ", "\\ ", "{2}", "$", "^", ".*",
			"\\Q", "}", "]");

	private static final List<String> INPUTS = List.of("", "a", "sh", "/bin/sh", "/bin/bash", "a.b", "a\\b", "a$", "^a",
			"sh\n", "\nsh", "é", "\uD83D\uDE00", "ab", "aab", "-a-", "a b", "a_b", "/usr/lib/systemd/systemd", "$", "^",
			".", "x.*");

	@Test
	void literalShortcutAgreesWithRe2j() {
		Random random = new Random(7);
		int shortcuts = 0;
		for (int i = 0; i < 20_000; i++) {
			StringBuilder regex = new StringBuilder();
			int n = random.nextInt(5);
			for (int j = 0; j < n; j++) {
				regex.append(PIECES.get(random.nextInt(PIECES.size())));
			}
			String source = regex.toString();
			Pattern compiled;
			try {
				compiled = Pattern.compile(source);
			}
			catch (RuntimeException ex) {
				continue;
			}
			HookPattern pattern = HookPattern.of(source, compiled);
			if (HookPattern.literal(source.replaceAll("^\\^|^\\.\\*|\\$$|\\.\\*$", "")) != null) {
				shortcuts++;
			}
			for (String input : INPUTS) {
				assertThat(pattern.find(input)).as("%s on %s", source, input).isEqualTo(pattern.findWithRegex(input));
			}
		}
		assertThat(shortcuts).as("the shortcut was exercised").isGreaterThan(1_000);
	}

	@Test
	void typicalHookPatternsTakeTheShortcutCorrectly() {
		for (String source : List.of("^com\\.example\\.gpu$", ".*/systemd$", "sh", "^/usr/bin/", ".*", "^$", "",
				"nvidia.*")) {
			HookPattern p = HookPattern.of(source, Pattern.compile(source));
			for (String input : INPUTS) {
				assertThat(p.find(input)).as("%s on %s", source, input).isEqualTo(p.findWithRegex(input));
			}
		}
	}

}
