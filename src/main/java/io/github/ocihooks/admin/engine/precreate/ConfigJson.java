package io.github.ocihooks.admin.engine.precreate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

import io.github.ocihooks.admin.engine.GoJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The runtime configuration as text, the way Go's {@code encoding/json} reads and writes
 * it: {@link GoJson} parses (so syntax errors read like Go's), and the compact writer
 * escapes like {@code json.Marshal} ({@code <}, {@code >}, {@code &}, U+2028 and U+2029
 * as {@code \\u} escapes, lone surrogates as U+FFFD). Reading builds the tree without
 * recursion; writing recurses once per nesting level.
 */
final class ConfigJson {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);

	private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private ConfigJson() {
	}

	/** Parses UTF-8 text like Go's {@code json.Unmarshal} does. */
	static JsonNode parse(byte[] content) throws GoJson.SyntaxException {
		return toNode(GoJson.parse(content));
	}

	/** Parses text like Go's {@code json.Unmarshal} does. */
	static JsonNode parse(String content) throws GoJson.SyntaxException {
		return toNode(GoJson.parse(content));
	}

	/**
	 * Converts a Go-parsed value to a Jackson tree; a repeated key keeps its last value,
	 * as in Go.
	 */
	static JsonNode toNode(GoJson.Value root) {
		JsonNode result = scalarOrEmpty(root);
		Deque<Map.Entry<GoJson.Value, JsonNode>> work = new ArrayDeque<>();
		if (result.isContainer()) {
			work.push(Map.entry(root, result));
		}
		while (!work.isEmpty()) {
			Map.Entry<GoJson.Value, JsonNode> item = work.pop();
			if (item.getKey() instanceof GoJson.JObject object) {
				ObjectNode target = (ObjectNode) item.getValue();
				for (GoJson.Member member : object.members()) {
					JsonNode child = scalarOrEmpty(member.value());
					target.set(member.name(), child);
					if (child.isContainer()) {
						work.push(Map.entry(member.value(), child));
					}
				}
			}
			else if (item.getKey() instanceof GoJson.JArray array) {
				ArrayNode target = (ArrayNode) item.getValue();
				for (GoJson.Value element : array.elements()) {
					JsonNode child = scalarOrEmpty(element);
					target.add(child);
					if (child.isContainer()) {
						work.push(Map.entry(element, child));
					}
				}
			}
		}
		return result;
	}

	private static JsonNode scalarOrEmpty(GoJson.Value value) {
		if (value instanceof GoJson.JObject) {
			return NODES.objectNode();
		}
		if (value instanceof GoJson.JArray) {
			return NODES.arrayNode();
		}
		if (value instanceof GoJson.JString s) {
			return NODES.stringNode(s.value());
		}
		if (value instanceof GoJson.JNumber n) {
			return number(n.literal());
		}
		if (value instanceof GoJson.JBool b) {
			return NODES.booleanNode(b.value());
		}
		return NODES.nullNode();
	}

	private static JsonNode number(String literal) {
		boolean integral = literal.indexOf('.') < 0 && literal.indexOf('e') < 0 && literal.indexOf('E') < 0;
		if (integral) {
			BigInteger value = new BigInteger(literal);
			if (value.compareTo(LONG_MIN) < 0 || value.compareTo(LONG_MAX) > 0) {
				return NODES.numberNode(value);
			}
			long l = value.longValue();
			return (l == (int) l) ? NODES.numberNode((int) l) : NODES.numberNode(l);
		}
		return NODES.numberNode(Double.parseDouble(literal));
	}

	/**
	 * Compact UTF-8 text as Go's {@code json.Marshal} writes it (keys in the tree's
	 * order).
	 */
	static byte[] write(JsonNode node) {
		StringBuilder sb = new StringBuilder();
		append(sb, node);
		return sb.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static void append(StringBuilder sb, JsonNode node) {
		if (node.isObject()) {
			sb.append('{');
			boolean first = true;
			for (Map.Entry<String, JsonNode> e : node.properties()) {
				if (!first) {
					sb.append(',');
				}
				first = false;
				appendString(sb, e.getKey());
				sb.append(':');
				append(sb, e.getValue());
			}
			sb.append('}');
		}
		else if (node.isArray()) {
			sb.append('[');
			Iterator<JsonNode> it = node.values().iterator();
			while (it.hasNext()) {
				append(sb, it.next());
				if (it.hasNext()) {
					sb.append(',');
				}
			}
			sb.append(']');
		}
		else if (node.isString()) {
			appendString(sb, node.stringValue());
		}
		else if (node.isIntegralNumber()) {
			sb.append(node.bigIntegerValue());
		}
		else if (node.isNumber()) {
			sb.append(goFloat(node.doubleValue()));
		}
		else if (node.isBoolean()) {
			sb.append(node.booleanValue());
		}
		else {
			sb.append("null");
		}
	}

	/** Go's float64 encoding: shortest digits, exponent form below 1e-6 and from 1e21. */
	static String goFloat(double d) {
		if (Double.isNaN(d) || Double.isInfinite(d)) {
			throw new IllegalArgumentException("json: unsupported value: " + d);
		}
		if (d == 0) {
			return (1 / d < 0) ? "-0" : "0";
		}
		BigDecimal decimal = new BigDecimal(Double.toString(d)).stripTrailingZeros();
		double abs = Math.abs(d);
		if (abs >= 1e-6 && abs < 1e21) {
			return decimal.toPlainString();
		}
		String digits = decimal.unscaledValue().abs().toString();
		int exponent = digits.length() - 1 - decimal.scale();
		StringBuilder sb = new StringBuilder();
		if (d < 0) {
			sb.append('-');
		}
		sb.append(digits.charAt(0));
		if (digits.length() > 1) {
			sb.append('.').append(digits, 1, digits.length());
		}
		sb.append('e').append(exponent < 0 ? '-' : '+');
		int e = Math.abs(exponent);
		if (e < 10 && exponent > 0) {
			sb.append('0');
		}
		sb.append(e);
		return sb.toString();
	}

	private static void appendString(StringBuilder sb, String s) {
		sb.append('"');
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			switch (c) {
				case '"' -> sb.append("\\\"");
				case '\\' -> sb.append("\\\\");
				case '\b' -> sb.append("\\b");
				case '\f' -> sb.append("\\f");
				case '\n' -> sb.append("\\n");
				case '\r' -> sb.append("\\r");
				case '\t' -> sb.append("\\t");
				case '<', '>', '&', '\u2028', '\u2029' -> unicodeEscape(sb, c);
				default -> {
					if (c < 0x20) {
						unicodeEscape(sb, c);
					}
					else if (Character.isHighSurrogate(c) && i + 1 < s.length()
							&& Character.isLowSurrogate(s.charAt(i + 1))) {
						sb.append(c).append(s.charAt(++i));
					}
					else if (Character.isSurrogate(c)) {
						sb.append("\\ufffd");
					}
					else {
						sb.append(c);
					}
				}
			}
		}
		sb.append('"');
	}

	private static void unicodeEscape(StringBuilder sb, char c) {
		sb.append("\\u")
			.append(HEX[(c >> 12) & 0xF])
			.append(HEX[(c >> 8) & 0xF])
			.append(HEX[(c >> 4) & 0xF])
			.append(HEX[c & 0xF]);
	}

}
