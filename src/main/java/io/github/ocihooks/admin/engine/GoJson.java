package io.github.ocihooks.admin.engine;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads JSON text into a tree that keeps what Go's {@code encoding/json} sees and
 * Jackson's data binding would hide: repeated keys in order, the literal text of every
 * number, and where each value starts.
 * <p>
 * Jackson's streaming parser does the tokenizing (it is as strict as Go's scanner: no
 * comments, no trailing commas, no leading zeros, only space/tab/CR/LF as white space).
 * What Go does differently is handled here: a byte order mark is an error ("invalid
 * character 'ï'"), anything after the top-level value is an error, nesting is limited to
 * Go's 10,000 levels, and lone UTF-16 surrogates in {@code \\u} escapes become U+FFFD as
 * in Go. The tree is built without recursion, so deep documents cannot overflow the
 * stack.
 */
public final class GoJson {

	/** Go's {@code encoding/json} scanner limit. */
	static final int MAX_DEPTH = 10_000;

	private static final JsonFactory FACTORY = JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder()
			.maxNestingDepth(MAX_DEPTH + 1)
			.maxNumberLength(Integer.MAX_VALUE)
			.maxStringLength(Integer.MAX_VALUE)
			.maxNameLength(Integer.MAX_VALUE)
			.maxDocumentLength(-1)
			.maxTokenCount(-1)
			.build())
		.build();

	private GoJson() {
	}

	/** Where a value starts in the text (1-based). */
	public record Position(int line, int column) {
		static final Position NONE = new Position(0, 0);

	}

	/** A JSON value. */
	public sealed interface Value permits JObject, JArray, JString, JNumber, JBool, JNull {

		Position position();

		/**
		 * Go's name for the JSON kind, as in its type errors ("string", "number",
		 * "object", ...).
		 */
		String goKind();

	}

	/** One key and its value; keys may repeat. */
	public record Member(String name, Value value) {
	}

	public record JObject(List<Member> members, Position position) implements Value {
		@Override
		public String goKind() {
			return "object";
		}
	}

	public record JArray(List<Value> elements, Position position) implements Value {
		@Override
		public String goKind() {
			return "array";
		}
	}

	public record JString(String value, Position position) implements Value {
		@Override
		public String goKind() {
			return "string";
		}
	}

	/** A number as written: Go decides per target type whether the literal fits. */
	public record JNumber(String literal, Position position) implements Value {
		@Override
		public String goKind() {
			return "number";
		}
	}

	public record JBool(boolean value, Position position) implements Value {
		@Override
		public String goKind() {
			return "bool";
		}
	}

	public record JNull(Position position) implements Value {
		@Override
		public String goKind() {
			return "null";
		}
	}

	/** The text is not JSON (Go: a syntax error, found before any value is decoded). */
	public static final class SyntaxException extends Exception {

		private final Position position;

		SyntaxException(String message, Position position) {
			super(message);
			this.position = position;
		}

		public Position position() {
			return this.position;
		}

	}

	/**
	 * Parses UTF-8 bytes; invalid UTF-8 becomes U+FFFD, as Go's decoder does inside
	 * strings.
	 */
	public static Value parse(byte[] content) throws SyntaxException {
		checkSyntax(content);
		return parseChecked(decodeUtf8(content));
	}

	public static Value parse(String text) throws SyntaxException {
		checkSyntax(text.getBytes(StandardCharsets.UTF_8));
		return parseChecked(text);
	}

	/**
	 * Go's syntax check over the whole input, with Go's message (which names one
	 * character, never a token of the input) and the line and column of the offending
	 * byte.
	 */
	private static void checkSyntax(byte[] content) throws SyntaxException {
		GoJsonScanner.Error error = GoJsonScanner.check(content);
		if (error != null) {
			Position at = error.message().equals("unexpected end of JSON input") ? Position.NONE
					: bytePosition(content, error.offset());
			throw new SyntaxException(error.message(), at);
		}
	}

	private static Position bytePosition(byte[] content, int offset) {
		int line = 1;
		int column = 1;
		for (int i = 0; i < offset && i < content.length; i++) {
			if (content[i] == '\n') {
				line++;
				column = 1;
			}
			else if ((content[i] & 0xC0) != 0x80) {
				column++;
			}
		}
		return new Position(line, column);
	}

	private static Value parseChecked(String text) throws SyntaxException {
		int first = firstNonSpace(text);
		if (first < 0) {
			throw new SyntaxException("unexpected end of JSON input", Position.NONE);
		}
		if (text.charAt(first) == '\uFEFF') {
			// Go reads the UTF-8 BOM as three bytes; the first, 0xEF, prints as 'ï'.
			throw new SyntaxException("invalid character 'ï' looking for beginning of value", position(text, first));
		}
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), text)) {
			Value root = readTree(parser, text);
			JsonToken after;
			try {
				after = parser.nextToken();
			}
			catch (JacksonException ex) {
				throw new SyntaxException("invalid character after top-level value", location(ex));
			}
			if (after != null) {
				TokenStreamLocation loc = parser.currentTokenLocation();
				throw new SyntaxException("invalid character " + quoteChar(text, loc) + " after top-level value",
						new Position(loc.getLineNr(), loc.getColumnNr()));
			}
			return root;
		}
		catch (JacksonException ex) {
			throw new SyntaxException(describe(ex, text), location(ex));
		}
	}

	private static Value readTree(JsonParser parser, String text) throws SyntaxException {
		// Containers under construction; each frame is a JObject/JArray's member list
		// plus a pending key.
		Deque<Frame> stack = new ArrayDeque<>();
		Value root = null;
		JsonToken token = parser.nextToken();
		if (token == null) {
			throw new SyntaxException("unexpected end of JSON input", Position.NONE);
		}
		while (token != null) {
			TokenStreamLocation loc = parser.currentTokenLocation();
			Position pos = new Position(loc.getLineNr(), loc.getColumnNr());
			Value completed = null;
			switch (token) {
				case START_OBJECT, START_ARRAY -> {
					if (stack.size() >= MAX_DEPTH) {
						throw new SyntaxException("exceeded max depth", pos);
					}
					stack.push(new Frame(token == JsonToken.START_OBJECT, pos));
				}
				case PROPERTY_NAME -> stack.peek().pendingName = clean(parser.currentName());
				case END_OBJECT -> {
					Frame f = stack.pop();
					completed = new JObject(List.copyOf(f.members), f.position);
				}
				case END_ARRAY -> {
					Frame f = stack.pop();
					completed = new JArray(List.copyOf(f.elements), f.position);
				}
				case VALUE_STRING -> completed = new JString(clean(parser.getString()), pos);
				case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> completed = new JNumber(parser.getString(), pos);
				case VALUE_TRUE -> completed = new JBool(true, pos);
				case VALUE_FALSE -> completed = new JBool(false, pos);
				case VALUE_NULL -> completed = new JNull(pos);
				default -> throw new SyntaxException("unexpected token " + token, pos);
			}
			if (completed != null) {
				Frame parent = stack.peek();
				if (parent == null) {
					root = completed;
					break;
				}
				parent.add(completed);
			}
			token = parser.nextToken();
		}
		if (root == null) {
			throw new SyntaxException("unexpected end of JSON input", Position.NONE);
		}
		return root;
	}

	private static final class Frame {

		final boolean object;

		final Position position;

		final List<Member> members = new ArrayList<>();

		final List<Value> elements = new ArrayList<>();

		String pendingName;

		Frame(boolean object, Position position) {
			this.object = object;
			this.position = position;
		}

		void add(Value value) {
			if (this.object) {
				this.members.add(new Member(this.pendingName, value));
				this.pendingName = null;
			}
			else {
				this.elements.add(value);
			}
		}

	}

	/**
	 * Go replaces lone surrogates from {@code \\u} escapes with U+FFFD; Java would keep
	 * them.
	 */
	static String clean(String s) {
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (Character.isSurrogate(c)) {
				return replaceLoneSurrogates(s);
			}
		}
		return s;
	}

	private static String replaceLoneSurrogates(String s) {
		StringBuilder sb = new StringBuilder(s.length());
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
				sb.append(c).append(s.charAt(++i));
			}
			else if (Character.isSurrogate(c)) {
				sb.append('\uFFFD');
			}
			else {
				sb.append(c);
			}
		}
		return sb.toString();
	}

	static String decodeUtf8(byte[] content) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(content))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return new String(content, StandardCharsets.UTF_8);
		}
	}

	private static boolean isGoSpace(int c) {
		return c == ' ' || c == '\t' || c == '\n' || c == '\r';
	}

	private static int firstNonSpace(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (!isGoSpace(text.charAt(i))) {
				return i;
			}
		}
		return -1;
	}

	private static Position position(String text, int index) {
		int line = 1;
		int col = 1;
		for (int i = 0; i < index; i++) {
			if (text.charAt(i) == '\n') {
				line++;
				col = 1;
			}
			else {
				col++;
			}
		}
		return new Position(line, col);
	}

	private static Position location(JacksonException ex) {
		TokenStreamLocation loc = ex.getLocation();
		return (loc != null) ? new Position(loc.getLineNr(), loc.getColumnNr()) : Position.NONE;
	}

	private static String quoteChar(String text, TokenStreamLocation loc) {
		long offset = loc.getCharOffset();
		if (offset >= 0 && offset < text.length()) {
			return "'" + text.charAt((int) offset) + "'";
		}
		return "";
	}

	/**
	 * Only reached when Go's scanner accepted the text and Jackson did not (a limit of
	 * Jackson's): a fixed text, since Jackson's messages quote the input.
	 */
	private static String describe(JacksonException ex, String text) {
		String msg = ex.getOriginalMessage();
		if (msg != null && msg.startsWith("Unexpected end-of-input")) {
			return "unexpected end of JSON input";
		}
		return "JSON this service cannot read (" + ex.getClass().getSimpleName() + ")";
	}

}
