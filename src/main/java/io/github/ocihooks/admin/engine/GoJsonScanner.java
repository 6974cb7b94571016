package io.github.ocihooks.admin.engine;

/**
 * Go's {@code encoding/json} syntax check ({@code checkValid}, scanner.go), byte by byte,
 * with its error texts. Go runs it over the whole input before decoding anything, so its
 * message is the one the runtime prints. The messages name at most one character of the
 * input ({@code invalid character 'r' looking for beginning of value}): a file that is
 * not JSON (a link to {@code /etc/shadow}, a token) is never echoed.
 */
final class GoJsonScanner {

	/**
	 * A syntax error: Go's message and the index of the offending byte (the input length
	 * at the end).
	 */
	record Error(String message, int offset) {
	}

	private static final int PARSE_OBJECT_KEY = 0;

	private static final int PARSE_OBJECT_VALUE = 1;

	private static final int PARSE_ARRAY_VALUE = 2;

	private enum State {

		BEGIN_VALUE, BEGIN_VALUE_OR_EMPTY, BEGIN_STRING_OR_EMPTY, BEGIN_STRING, END_VALUE, END_TOP, IN_STRING,
		IN_STRING_ESC, ESC_U, ESC_U1, ESC_U12, ESC_U123, NEG, ONE, ZERO, DOT, DOT0, E, E_SIGN, E0, T, TR, TRU, F, FA,
		FAL, FALS, N, NU, NUL

	}

	private final byte[] data;

	private int[] parseState = new int[16];

	private int depth;

	private State state = State.BEGIN_VALUE;

	private String error;

	private GoJsonScanner(byte[] data) {
		this.data = data;
	}

	/**
	 * The first syntax error Go reports for this input, or null when Go's scanner accepts
	 * it.
	 */
	static Error check(byte[] data) {
		GoJsonScanner s = new GoJsonScanner(data);
		for (int i = 0; i < data.length; i++) {
			s.step(data[i] & 0xff);
			if (s.error != null) {
				return new Error(s.error, i);
			}
		}
		// eof: a number or literal may still be waiting for its end.
		if (s.state == State.END_TOP) {
			return null;
		}
		s.step(' ');
		if (s.error != null) {
			return new Error(s.error, data.length);
		}
		if (s.state == State.END_TOP) {
			return null;
		}
		return new Error("unexpected end of JSON input", data.length);
	}

	private static boolean isSpace(int c) {
		return c <= ' ' && (c == ' ' || c == '\t' || c == '\r' || c == '\n');
	}

	private void fail(int c, String context) {
		this.error = "invalid character " + quoteChar(c) + " " + context;
	}

	private void push(int ps) {
		if (this.depth == this.parseState.length) {
			this.parseState = java.util.Arrays.copyOf(this.parseState, this.depth * 2);
		}
		this.parseState[this.depth++] = ps;
		if (this.depth > GoJson.MAX_DEPTH) {
			this.error = "exceeded max depth";
		}
	}

	private void pop() {
		this.depth--;
		this.state = (this.depth == 0) ? State.END_TOP : State.END_VALUE;
	}

	private void step(int c) {
		switch (this.state) {
			case BEGIN_VALUE_OR_EMPTY -> {
				if (isSpace(c)) {
					return;
				}
				if (c == ']') {
					endValue(c);
					return;
				}
				beginValue(c);
			}
			case BEGIN_VALUE -> beginValue(c);
			case BEGIN_STRING_OR_EMPTY -> {
				if (isSpace(c)) {
					return;
				}
				if (c == '}') {
					this.parseState[this.depth - 1] = PARSE_OBJECT_VALUE;
					endValue(c);
					return;
				}
				beginString(c);
			}
			case BEGIN_STRING -> beginString(c);
			case END_VALUE -> endValue(c);
			case END_TOP -> {
				if (!isSpace(c)) {
					fail(c, "after top-level value");
				}
			}
			case IN_STRING -> {
				if (c == '"') {
					this.state = State.END_VALUE;
				}
				else if (c == '\\') {
					this.state = State.IN_STRING_ESC;
				}
				else if (c < 0x20) {
					fail(c, "in string literal");
				}
			}
			case IN_STRING_ESC -> {
				switch (c) {
					case 'b', 'f', 'n', 'r', 't', '\\', '/', '"' -> this.state = State.IN_STRING;
					case 'u' -> this.state = State.ESC_U;
					default -> fail(c, "in string escape code");
				}
			}
			case ESC_U, ESC_U1, ESC_U12, ESC_U123 -> {
				if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
					this.state = switch (this.state) {
						case ESC_U -> State.ESC_U1;
						case ESC_U1 -> State.ESC_U12;
						case ESC_U12 -> State.ESC_U123;
						default -> State.IN_STRING;
					};
				}
				else {
					fail(c, "in \\u hexadecimal character escape");
				}
			}
			case NEG -> {
				if (c == '0') {
					this.state = State.ZERO;
				}
				else if (c >= '1' && c <= '9') {
					this.state = State.ONE;
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
					this.state = State.DOT0;
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
					this.state = State.E;
					return;
				}
				endValue(c);
			}
			case E -> {
				if (c == '+' || c == '-') {
					this.state = State.E_SIGN;
					return;
				}
				eSign(c);
			}
			case E_SIGN -> eSign(c);
			case E0 -> {
				if (c >= '0' && c <= '9') {
					return;
				}
				endValue(c);
			}
			case T -> literal(c, 'r', State.TR, "in literal true (expecting 'r')");
			case TR -> literal(c, 'u', State.TRU, "in literal true (expecting 'u')");
			case TRU -> literal(c, 'e', State.END_VALUE, "in literal true (expecting 'e')");
			case F -> literal(c, 'a', State.FA, "in literal false (expecting 'a')");
			case FA -> literal(c, 'l', State.FAL, "in literal false (expecting 'l')");
			case FAL -> literal(c, 's', State.FALS, "in literal false (expecting 's')");
			case FALS -> literal(c, 'e', State.END_VALUE, "in literal false (expecting 'e')");
			case N -> literal(c, 'u', State.NU, "in literal null (expecting 'u')");
			case NU -> literal(c, 'l', State.NUL, "in literal null (expecting 'l')");
			case NUL -> literal(c, 'l', State.END_VALUE, "in literal null (expecting 'l')");
		}
	}

	private void literal(int c, char expected, State next, String context) {
		if (c == expected) {
			this.state = next;
		}
		else {
			fail(c, context);
		}
	}

	private void beginValue(int c) {
		if (isSpace(c)) {
			return;
		}
		switch (c) {
			case '{' -> {
				this.state = State.BEGIN_STRING_OR_EMPTY;
				push(PARSE_OBJECT_KEY);
			}
			case '[' -> {
				this.state = State.BEGIN_VALUE_OR_EMPTY;
				push(PARSE_ARRAY_VALUE);
			}
			case '"' -> this.state = State.IN_STRING;
			case '-' -> this.state = State.NEG;
			case '0' -> this.state = State.ZERO;
			case 't' -> this.state = State.T;
			case 'f' -> this.state = State.F;
			case 'n' -> this.state = State.N;
			default -> {
				if (c >= '1' && c <= '9') {
					this.state = State.ONE;
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
			this.state = State.IN_STRING;
		}
		else {
			fail(c, "looking for beginning of object key string");
		}
	}

	private void zero(int c) {
		if (c == '.') {
			this.state = State.DOT;
		}
		else if (c == 'e' || c == 'E') {
			this.state = State.E;
		}
		else {
			endValue(c);
		}
	}

	private void eSign(int c) {
		if (c >= '0' && c <= '9') {
			this.state = State.E0;
		}
		else {
			fail(c, "in exponent of numeric literal");
		}
	}

	private void endValue(int c) {
		if (this.depth == 0) {
			this.state = State.END_TOP;
			if (!isSpace(c)) {
				fail(c, "after top-level value");
			}
			return;
		}
		if (isSpace(c)) {
			this.state = State.END_VALUE;
			return;
		}
		switch (this.parseState[this.depth - 1]) {
			case PARSE_OBJECT_KEY -> {
				if (c == ':') {
					this.parseState[this.depth - 1] = PARSE_OBJECT_VALUE;
					this.state = State.BEGIN_VALUE;
				}
				else {
					fail(c, "after object key");
				}
			}
			case PARSE_OBJECT_VALUE -> {
				if (c == ',') {
					this.parseState[this.depth - 1] = PARSE_OBJECT_KEY;
					this.state = State.BEGIN_STRING;
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
					this.state = State.BEGIN_VALUE;
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

	/**
	 * Go's {@code quoteChar}: the byte as a rune (so 0xEF prints as {@code 'ï'}), quoted
	 * like {@code strconv.Quote} but in single quotes, with {@code '\''} and {@code '"'}
	 * as special cases.
	 */
	static String quoteChar(int c) {
		if (c == '\'') {
			return "'\\''";
		}
		if (c == '"') {
			return "'\"'";
		}
		String inner = switch (c) {
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
				if (c >= 0x80 && !printable(c)) {
					yield String.format("\\u%04x", c);
				}
				yield String.valueOf((char) c);
			}
		};
		return "'" + inner + "'";
	}

	/**
	 * Go's {@code strconv.IsPrint} for U+0080..U+00FF: letters, marks, numbers,
	 * punctuation and symbols.
	 */
	private static boolean printable(int c) {
		return switch (Character.getType(c)) {
			case Character.CONTROL, Character.FORMAT, Character.SPACE_SEPARATOR, Character.UNASSIGNED -> false;
			default -> true;
		};
	}

}
