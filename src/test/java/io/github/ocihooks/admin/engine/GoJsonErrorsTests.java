package io.github.ocihooks.admin.engine;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Syntax errors say what Go's encoding/json says: one character, never a token of the
 * input.
 */
class GoJsonErrorsTests {

	@Test
	void aShadowFileShowsOneCharacterOfIt() {
		byte[] shadow = "root:x:0:0:$6$saltsalt$hashhashhashhash:19000:0:99999:7:::\ndaemon:*:19000::::::\n"
			.getBytes(StandardCharsets.UTF_8);
		HookReader.Result result = HookReader.read(shadow);
		assertThat(result.ok()).isFalse();
		assertThat(result.error().message())
			.isEqualTo("version check: invalid character 'r' looking for beginning of value");
		assertThat(result.error().line()).isEqualTo(1);
	}

	@Test
	void aTokenFileIsNotEchoed() {
		String token = "ghp_" + "x".repeat(252);
		HookReader.Result result = HookReader.read(("{\"token\": " + token + "}").getBytes(StandardCharsets.UTF_8));
		assertThat(result.error().message())
			.isEqualTo("version check: invalid character 'g' looking for beginning of value")
			.doesNotContain("ghp_");
	}

	@Test
	void goScannerMessages() {
		// Texts of Go's encoding/json (scanner.go) for these inputs.
		Map<String, String> cases = new java.util.LinkedHashMap<>();
		cases.put("", "unexpected end of JSON input");
		cases.put("{", "unexpected end of JSON input");
		cases.put("{\"a\" 1}", "invalid character '1' after object key");
		cases.put("{\"a\": 1 \"b\": 2}", "invalid character '\"' after object key:value pair");
		cases.put("{'a': 1}", "invalid character '\\'' looking for beginning of object key string");
		cases.put("[1 2]", "invalid character '2' after array element");
		cases.put("{} x", "invalid character 'x' after top-level value");
		cases.put("\"a\u0001\"", "invalid character '\\x01' in string literal");
		cases.put("\"a\tb\"", "invalid character '\\t' in string literal");
		cases.put("\"\\q\"", "invalid character 'q' in string escape code");
		cases.put("\"\\u12x4\"", "invalid character 'x' in \\u hexadecimal character escape");
		cases.put("-", "invalid character ' ' in numeric literal");
		cases.put("-a", "invalid character 'a' in numeric literal");
		cases.put("1.", "invalid character ' ' after decimal point in numeric literal");
		cases.put("1e+", "invalid character ' ' in exponent of numeric literal");
		cases.put("01", "invalid character '1' after top-level value");
		cases.put("tru", "invalid character ' ' in literal true (expecting 'e')");
		cases.put("nul!", "invalid character '!' in literal null (expecting 'l')");
		cases.put("fals3", "invalid character '3' in literal false (expecting 'e')");
		cases.put("[1,]", "invalid character ']' looking for beginning of value");
		cases.put("{\"a\":1,}", "invalid character '}' looking for beginning of object key string");
		cases.put("\uFEFF{}", "invalid character 'ï' looking for beginning of value");
		cases.put("/* c */ {}", "invalid character '/' looking for beginning of value");
		cases.put("[" + "[".repeat(10_000), "exceeded max depth");
		cases.forEach((input, message) -> assertThatThrownBy(() -> GoJson.parse(input.getBytes(StandardCharsets.UTF_8)))
			.as(input.length() > 40 ? input.substring(0, 40) : input)
			.isInstanceOf(GoJson.SyntaxException.class)
			.hasMessage(message));
		assertThat(GoJsonScanner.quoteChar(0x80)).isEqualTo("'\\u0080'");
		assertThat(GoJsonScanner.quoteChar(0xA0)).isEqualTo("'\\u00a0'");
		assertThat(GoJsonScanner.quoteChar(0xE9)).isEqualTo("'é'");
		assertThat(GoJsonScanner.quoteChar(0x7f)).isEqualTo("'\\x7f'");
	}

	@Test
	void lineAndColumnOfTheOffendingCharacter() {
		GoJson.SyntaxException ex = org.junit.jupiter.api.Assertions.assertThrows(GoJson.SyntaxException.class,
				() -> GoJson.parse("{\n  \"a\": 1,\n  \"b\" x\n}".getBytes(StandardCharsets.UTF_8)));
		assertThat(ex.getMessage()).isEqualTo("invalid character 'x' after object key");
		assertThat(ex.position()).isEqualTo(new GoJson.Position(3, 7));
	}

	@Test
	void validDocumentsStillParse() throws Exception {
		assertThat(
				GoJson.parse("{\"a\": [1, -2.5e+3, true, false, null, \"\\u00e9\"]}".getBytes(StandardCharsets.UTF_8)))
			.isInstanceOf(GoJson.JObject.class);
		assertThat(GoJson.parse(" 0 ".getBytes(StandardCharsets.UTF_8))).isInstanceOf(GoJson.JNumber.class);
	}

}
