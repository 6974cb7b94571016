package io.github.ocihooks.admin.engine;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes a definition in canonical 1.0.0 form: 2-space indent, fixed key order
 * ({@code version}, {@code hook} ({@code path}, {@code args}, {@code env},
 * {@code timeout}), {@code when} ({@code always}, {@code annotations}, {@code commands},
 * {@code hasBindMounts}), {@code stages}), absent values left out, a trailing newline.
 * Reading the output back gives the same definition.
 */
public final class HookWriter {

	private HookWriter() {
	}

	public static byte[] write(HookDefinition d) {
		return toText(d).getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A legacy (0.1.0) definition as 1.0.0 text that the runtime matches against exactly
	 * the same containers, or null when no single 1.0.0 file can: legacy conditions match
	 * when ANY of them does, 1.0.0 ones when ALL do, so that holds only with at most one
	 * kind of condition ({@code hasbindmounts: true}, annotations, commands).
	 * {@code hasbindmounts: false} never makes a legacy hook match and is left out.
	 */
	public static String converted(HookDefinition d) {
		if (!d.legacy()) {
			return null;
		}
		When w = d.when();
		Boolean bindMounts = Boolean.TRUE.equals(w.hasBindMounts()) ? Boolean.TRUE : null;
		List<String> commands = (w.commands() != null && !w.commands().isEmpty()) ? w.commands() : null;
		int kinds = ((bindMounts != null) ? 1 : 0) + ((w.annotations() != null) ? 1 : 0) + ((commands != null) ? 1 : 0);
		if (kinds > 1 || d.stages() == null) {
			return null;
		}
		return toText(new HookDefinition(HookDefinition.CURRENT_VERSION, d.hook(),
				new When(w.always(), w.annotations(), commands, bindMounts, false), d.stages()));
	}

	public static String toText(HookDefinition d) {
		if (d.when().or()) {
			throw new IllegalArgumentException("legacy any-of conditions cannot be written in schema 1.0.0");
		}
		StringBuilder sb = new StringBuilder("{\n");
		sb.append("  \"version\": \"").append(HookDefinition.CURRENT_VERSION).append("\",\n");
		OciHook h = d.hook();
		sb.append("  \"hook\": {\n    \"path\": ").append(string(h.path()));
		if (h.args() != null) {
			sb.append(",\n    \"args\": ").append(strings(h.args(), "    "));
		}
		if (h.env() != null) {
			sb.append(",\n    \"env\": ").append(strings(h.env(), "    "));
		}
		if (h.timeout() != null) {
			sb.append(",\n    \"timeout\": ").append(h.timeout());
		}
		sb.append("\n  },\n  \"when\": {");
		When w = d.when();
		String sep = "\n";
		if (w.always() != null) {
			sb.append(sep).append("    \"always\": ").append(w.always());
			sep = ",\n";
		}
		if (w.annotations() != null) {
			sb.append(sep).append("    \"annotations\": ");
			if (w.annotations().isEmpty()) {
				sb.append("{}");
			}
			else {
				sb.append("{");
				String inner = "\n";
				for (Map.Entry<String, String> e : w.annotations().entrySet()) {
					sb.append(inner)
						.append("      ")
						.append(string(e.getKey()))
						.append(": ")
						.append(string(e.getValue()));
					inner = ",\n";
				}
				sb.append("\n    }");
			}
			sep = ",\n";
		}
		if (w.commands() != null) {
			sb.append(sep).append("    \"commands\": ").append(strings(w.commands(), "    "));
			sep = ",\n";
		}
		if (w.hasBindMounts() != null) {
			sb.append(sep).append("    \"hasBindMounts\": ").append(w.hasBindMounts());
			sep = ",\n";
		}
		sb.append(sep.equals("\n") ? "}" : "\n  }");
		sb.append(",\n  \"stages\": ").append(strings((d.stages() != null) ? d.stages() : List.of(), "  "));
		return sb.append("\n}\n").toString();
	}

	private static String strings(List<String> values, String indent) {
		if (values.isEmpty()) {
			return "[]";
		}
		StringBuilder sb = new StringBuilder("[");
		String sep = "\n";
		for (String v : values) {
			sb.append(sep).append(indent).append("  ").append(string(v));
			sep = ",\n";
		}
		return sb.append('\n').append(indent).append(']').toString();
	}

	/**
	 * A JSON string literal; escapes what JSON requires plus U+2028/U+2029 and DEL for
	 * safety.
	 */
	static String string(String s) {
		StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			switch (c) {
				case '"' -> sb.append("\\\"");
				case '\\' -> sb.append("\\\\");
				case '\n' -> sb.append("\\n");
				case '\r' -> sb.append("\\r");
				case '\t' -> sb.append("\\t");
				case '\b' -> sb.append("\\b");
				case '\f' -> sb.append("\\f");
				default -> {
					if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
						sb.append(String.format("\\u%04x", (int) c));
					}
					else {
						sb.append(c);
					}
				}
			}
		}
		return sb.append('"').toString();
	}

}
