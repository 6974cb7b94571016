package io.github.ocihooks.admin.engine;

import java.util.Arrays;

/**
 * Go's {@code encoding/json} {@code checkValid}: the byte-by-byte scanner that {@code json.Unmarshal} runs over the
 * whole input before decoding anything, so that a file that is not JSON fails with Go's own words ("invalid character
 * '}' looking for beginning of object key string", "unexpected end of JSON input"), the text podman and CRI-O print.
 * A state machine over bytes, state for state as Go's {@code scanner.go}.
 */
final class GoJsonSyntax {

	/** A syntax error: Go's message and the offset of the offending byte (0-based). */
	record Error(String message, int offset) {
	}

	private static final int OBJECT_KEY = 0;

	private static final int OBJECT_VALUE = 1;

	private static final int ARRAY_VALUE = 2;

	private enum State {

		BEGIN_VALUE, BEGIN_VALUE_OR_EMPTY, BEGIN_STRING_OR_EMPTY, BEGIN_STRING, END_VALUE, END_TOP, IN_STRING,
		IN_STRING_ESC, ESC_U, ESC_U1, ESC_U12, ESC_U123, NEG, ONE, ZERO, DOT, DOT0, E, E_SIGN, E0, T, TR, TRU, F, FA,
		FAL, FALS, N, NU, NUL

	}

	private State step = State.BEGIN_VALUE;

	private int[] stack = new int[16];

	private int depth;

	private boolean endTop;

	private String error;

	private GoJsonSyntax() {
	}

	/** The syntax error Go reports for these bytes, or null when they are valid JSON. */
	static Error check(byte[] data) {
		GoJsonSyntax s = new GoJsonSyntax();
		for (int i = 0; i < data.length; i++) {
			s.step(data[i] & 0xFF);
			if (s.error != null) {
				// After the top-level value Go records the error but reports it at the next byte or at the end.
				return new Error(s.error, i);
			}
		}
		if (s.endTop) {
			return null;
		}
		s.step(' ');
		if (s.endTop) {
			return null;
		}
		return new Error((s.error != null) ? s.error : "unexpected end of JSON input", data.length);
	}

	private static boolean isSpace(int c) {
		return c == ' ' || c == '\t' || c == '\r' || c == '\n';
	}

	private static boolean isHex(int c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

	private void fail(int c, String context) {
		if (this.error == null) {
			this.error = "invalid character " + quoteChar(c) + " " + context;
		}
	}

	private void push(int c, int state) {
		if (this.depth == this.stack.length) {
			this.stack = Arrays.copyOf(this.stack, this.depth * 2);
		}
		this.stack[this.depth++] = state;
		if (this.depth > GoJson.MAX_DEPTH) {
			fail(c, "exceeded max depth");
		}
	}

	private void pop() {
		this.depth--;
		if (this.depth == 0) {
			this.step = State.END_TOP;
			this.endTop = true;
		}
		else {
			this.step = State.END_VALUE;
		}
	}

	private void step(int c) {
		switch (this.step) {
			case BEGIN_VALUE_OR_EMPTY -> {
				if (isSpace(c)) {
					return;
				}
				if (c == ']') {
					endValue(c);
				}
				else {
					beginValue(c);
				}
			}
			case BEGIN_VALUE -> beginValue(c);
			case BEGIN_STRING_OR_EMPTY -> {
				if (isSpace(c)) {
					return;
				}
				if (c == '}') {
					this.stack[this.depth - 1] = OBJECT_VALUE;
					endValue(c);
				}
				else {
					beginString(c);
				}
			}
			case BEGIN_STRING -> beginString(c);
			case END_VALUE -> endValue(c);
			case END_TOP -> endTop(c);
			case IN_STRING -> {
				if (c == '"') {
					this.step = State.END_VALUE;
				}
				else if (c == '\\') {
					this.step = State.IN_STRING_ESC;
				}
				else if (c < 0x20) {
					fail(c, "in string literal");
				}
			}
			case IN_STRING_ESC -> {
				switch (c) {
					case 'b', 'f', 'n', 'r', 't', '\\', '/', '"' -> this.step = State.IN_STRING;
					case 'u' -> this.step = State.ESC_U;
					default -> fail(c, "in string escape code");
				}
			}
			case ESC_U, ESC_U1, ESC_U12, ESC_U123 -> {
				if (!isHex(c)) {
					fail(c, "in \\u hexadecimal character escape");
				}
				else {
					this.step = switch (this.step) {
						case ESC_U -> State.ESC_U1;
						case ESC_U1 -> State.ESC_U12;
						case ESC_U12 -> State.ESC_U123;
						default -> State.IN_STRING;
					};
				}
			}
			case NEG -> {
				if (c == '0') {
					this.step = State.ZERO;
				}
				else if (c >= '1' && c <= '9') {
					this.step = State.ONE;
				}
				else {
					fail(c, "in numeric literal");
				}
			}
			case ONE -> {
				if (c >= '0' && c <= '9') {
					return;
				}
				zero(c);
			}
			case ZERO -> zero(c);
			case DOT -> {
				if (c >= '0' && c <= '9') {
					this.step = State.DOT0;
				}
				else {
					fail(c, "after decimal point in numeric literal");
				}
			}
			case DOT0 -> {
				if (c >= '0' && c <= '9') {
					return;
				}
				if (c == 'e' || c == 'E') {
					this.step = State.E;
				}
				else {
					endValue(c);
				}
			}
			case E -> {
				if (c == '+' || c == '-') {
					this.step = State.E_SIGN;
				}
				else {
					eSign(c);
				}
			}
			case E_SIGN -> eSign(c);
			case E0 -> {
				if (c >= '0' && c <= '9') {
					return;
				}
				endValue(c);
			}
			case T -> literal(c, 'r', State.TR, "true");
			case TR -> literal(c, 'u', State.TRU, "true");
			case TRU -> literal(c, 'e', State.END_VALUE, "true");
			case F -> literal(c, 'a', State.FA, "false");
			case FA -> literal(c, 'l', State.FAL, "false");
			case FAL -> literal(c, 's', State.FALS, "false");
			case FALS -> literal(c, 'e', State.END_VALUE, "false");
			case N -> literal(c, 'u', State.NU, "null");
			case NU -> literal(c, 'l', State.NUL, "null");
			case NUL -> literal(c, 'l', State.END_VALUE, "null");
			default -> throw new IllegalStateException(String.valueOf(this.step));
		}
	}

	private void literal(int c, char expected, State next, String word) {
		if (c == expected) {
			this.step = next;
		}
		else {
			fail(c, "in literal " + word + " (expecting '" + expected + "')");
		}
	}

	private void beginValue(int c) {
		if (isSpace(c)) {
			return;
		}
		switch (c) {
			case '{' -> {
				this.step = State.BEGIN_STRING_OR_EMPTY;
				push(c, OBJECT_KEY);
			}
			case '[' -> {
				this.step = State.BEGIN_VALUE_OR_EMPTY;
				push(c, ARRAY_VALUE);
			}
			case '"' -> this.step = State.IN_STRING;
			case '-' -> this.step = State.NEG;
			case '0' -> this.step = State.ZERO;
			case 't' -> this.step = State.T;
			case 'f' -> this.step = State.F;
			case 'n' -> this.step = State.N;
			default -> {
				if (c >= '1' && c <= '9') {
					this.step = State.ONE;
				}
				else {
					fail(c, "looking for beginning of value");
				}
			}
		}
	}

	private void beginString(int c) {
		if (isSpace(c)) {
			return;
		}
		if (c == '"') {
			this.step = State.IN_STRING;
		}
		else {
			fail(c, "looking for beginning of object key string");
		}
	}

	private void endValue(int c) {
		if (this.depth == 0) {
			this.step = State.END_TOP;
			this.endTop = true;
			endTop(c);
			return;
		}
		if (isSpace(c)) {
			this.step = State.END_VALUE;
			return;
		}
		switch (this.stack[this.depth - 1]) {
			case OBJECT_KEY -> {
				if (c == ':') {
					this.stack[this.depth - 1] = OBJECT_VALUE;
					this.step = State.BEGIN_VALUE;
				}
				else {
					fail(c, "after object key");
				}
			}
			case OBJECT_VALUE -> {
				if (c == ',') {
					this.stack[this.depth - 1] = OBJECT_KEY;
					this.step = State.BEGIN_STRING;
				}
				else if (c == '}') {
					pop();
				}
				else {
					fail(c, "after object key:value pair");
				}
			}
			default -> {
				if (c == ',') {
					this.step = State.BEGIN_VALUE;
				}
				else if (c == ']') {
					pop();
				}
				else {
					fail(c, "after array element");
				}
			}
		}
	}

	private void endTop(int c) {
		if (!isSpace(c)) {
			fail(c, "after top-level value");
		}
	}

	private void zero(int c) {
		if (c == '.') {
			this.step = State.DOT;
		}
		else if (c == 'e' || c == 'E') {
			this.step = State.E;
		}
		else {
			endValue(c);
		}
	}

	private void eSign(int c) {
		if (c >= '0' && c <= '9') {
			this.step = State.E0;
		}
		else {
			fail(c, "in exponent of numeric literal");
		}
	}

	/** Go's {@code quoteChar}: the byte as a rune in single quotes, escaped as {@code strconv.Quote} does. */
	static String quoteChar(int c) {
		if (c == '\'') {
			return "'\\''";
		}
		if (c == '"') {
			return "'\"'";
		}
		String s = switch (c) {
			case 0x07 -> "\\a";
			case '\b' -> "\\b";
			case '\f' -> "\\f";
			case '\n' -> "\\n";
			case '\r' -> "\\r";
			case '\t' -> "\\t";
			case 0x0b -> "\\v";
			case '\\' -> "\\\\";
			default -> {
				if (c < 0x20 || c == 0x7f) {
					yield String.format("\\x%02x", c);
				}
				if ((c >= 0x80 && c <= 0xa0) || c == 0xad) {
					yield String.format("\\u%04x", c);
				}
				yield String.valueOf((char) c);
			}
		};
		return "'" + s + "'";
	}

}
