package io.github.ocihooks.admin.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The preview decides with {@link Matcher#matches} (a line-for-line port of
 * {@code When.Match}) and explains with {@link Matcher#evaluate}. Over many generated
 * conditions and containers, both must give the same answer: the same boolean, or both
 * the runtime's matching error.
 */
class MatcherAgreementTests {

	private static final String[] KEY_PATTERNS = { "gpu", "^com\\.example\\.gpu$", "example", "^io\\.", ".*",
			"team[0-9]+$", "^$", "GPU" };

	private static final String[] VALUE_PATTERNS = { "^true$", "^(true|yes|1)$", "", "1", "^$", "e" };

	private static final String[] COMMAND_PATTERNS = { "sh", "^/bin/sh$", ".*/init$", "^/usr/", "tool[0-9]", "^$",
			"(?i)SH" };

	private static final String[] ANNOTATION_KEYS = { "com.example.gpu", "io.kubernetes.cri-o.ContainerType", "team7",
			"", "gpu" };

	private static final String[] ANNOTATION_VALUES = { "true", "yes", "", "1", "container", "false" };

	private static final String[] COMMANDS = { "/bin/sh", "/bin/bash", "/usr/sbin/init", "/opt/tool3", "", "sh" };

	@Test
	void decisionAndExplanationAgreeOnGeneratedCases() throws Exception {
		Random random = new Random(20261128);
		int errors = 0;
		int matched = 0;
		int cases = 20_000;
		for (int n = 0; n < cases; n++) {
			When when = when(random);
			CompiledWhen compiled = CompiledWhen.compile(when);
			FileState state = state(when, compiled);
			Matcher.Facts facts = facts(random);

			Boolean fast;
			String fastError = null;
			try {
				fast = Matcher.matches(compiled, facts);
			}
			catch (Matcher.MatchException ex) {
				fast = null;
				fastError = ex.getMessage();
			}
			Boolean explained;
			String explainedError = null;
			try {
				Evaluation e = Matcher.evaluate(state, 0, facts);
				explained = e.matched();
				assertThat(e.error()).isNull();
			}
			catch (Matcher.MatchException ex) {
				explained = null;
				explainedError = ex.getMessage();
				assertThat(ex.evaluation().error()).isEqualTo(ex.getMessage());
			}
			assertThat(explained).as("%s with %s", when, facts).isEqualTo(fast);
			assertThat(explainedError).as("%s with %s", when, facts).isEqualTo(fastError);
			errors += (fastError != null) ? 1 : 0;
			matched += Boolean.TRUE.equals(fast) ? 1 : 0;
		}
		// The generator reaches every outcome often.
		assertThat(errors).isGreaterThan(cases / 50);
		assertThat(matched).isGreaterThan(cases / 10);
		assertThat(cases - errors - matched).isGreaterThan(cases / 10);
	}

	private static When when(Random random) {
		Boolean always = tristate(random);
		Boolean hasBindMounts = tristate(random);
		Map<String, String> annotations = null;
		if (random.nextInt(3) > 0) {
			annotations = new LinkedHashMap<>();
			int count = random.nextInt(3);
			for (int i = 0; i < count; i++) {
				annotations.put(pick(random, KEY_PATTERNS), pick(random, VALUE_PATTERNS));
			}
		}
		List<String> commands = null;
		if (random.nextInt(3) > 0) {
			commands = new ArrayList<>();
			int count = random.nextInt(3);
			for (int i = 0; i < count; i++) {
				commands.add(pick(random, COMMAND_PATTERNS));
			}
		}
		return new When(always, annotations, commands, hasBindMounts, random.nextBoolean());
	}

	private static Matcher.Facts facts(Random random) {
		boolean process = random.nextInt(4) > 0;
		List<String> args = new ArrayList<>();
		int count = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(2);
		for (int i = 0; i < count; i++) {
			args.add(pick(random, COMMANDS));
		}
		Map<String, String> annotations = new LinkedHashMap<>();
		int a = random.nextInt(4);
		for (int i = 0; i < a; i++) {
			annotations.put(pick(random, ANNOTATION_KEYS), pick(random, ANNOTATION_VALUES));
		}
		return new Matcher.Facts(process, process ? args : List.of(), annotations, random.nextBoolean());
	}

	private static FileState state(When when, CompiledWhen compiled) {
		HookDefinition definition = new HookDefinition(when.or() ? "0.1.0" : "1.0.0",
				new OciHook("/bin/true", List.of(), List.of(), null), when, List.of("prestart"));
		HookFile file = new HookFile(0, "/hooks", "h.json", HookFile.Kind.VALID, definition, compiled, null, List.of(),
				null, 0, false);
		return new FileState(file, Status.ACTIVE, List.of(), null, List.of(), false);
	}

	private static Boolean tristate(Random random) {
		return switch (random.nextInt(3)) {
			case 0 -> null;
			case 1 -> Boolean.TRUE;
			default -> Boolean.FALSE;
		};
	}

	private static String pick(Random random, String[] values) {
		return values[random.nextInt(values.length)];
	}

}
