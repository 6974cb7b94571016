package io.github.ocihooks.admin.engine;

/** Small helpers for Go's string conventions. */
final class GoStrings {

	private GoStrings() {
	}

	/** The errno text Go prints ("not a directory"), from a java.nio exception. */
	static String reason(java.io.IOException ex) {
		if (ex instanceof java.nio.file.NotDirectoryException) {
			return "not a directory";
		}
		if (ex instanceof java.nio.file.NoSuchFileException) {
			return "no such file or directory";
		}
		if (ex instanceof java.nio.file.AccessDeniedException) {
			return "permission denied";
		}
		if (ex instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
			return fse.getReason().toLowerCase();
		}
		return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

	/** Go's {@code %q} for ordinary text: double quotes, backslash escapes. */
	static String quote(String s) {
		if (plain(s)) {
			return "\"" + s + "\"";
		}
		StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			switch (c) {
				case '"' -> sb.append("\\\"");
				case '\\' -> sb.append("\\\\");
				case '\n' -> sb.append("\\n");
				case '\t' -> sb.append("\\t");
				case '\r' -> sb.append("\\r");
				default -> {
					if (c < 0x20 || c == 0x7f) {
						sb.append(String.format("\\x%02x", (int) c));
					}
					else {
						sb.append(c);
					}
				}
			}
		}
		return sb.append('"').toString();
	}

	/** Nothing to escape. */
	private static boolean plain(String s) {
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Go's {@code strings.ToLower}: each code point through {@code unicode.ToLower},
	 * without the context rules of {@link String#toLowerCase} (final sigma, dotted
	 * capital I becoming two characters).
	 */
	static String toLower(String s) {
		StringBuilder sb = null;
		for (int i = 0; i < s.length();) {
			int cp = s.codePointAt(i);
			int lower = Character.toLowerCase(cp);
			if (lower != cp && sb == null) {
				sb = new StringBuilder(s.length()).append(s, 0, i);
			}
			if (sb != null) {
				sb.appendCodePoint(lower);
			}
			i += Character.charCount(cp);
		}
		return (sb != null) ? sb.toString() : s;
	}

	/**
	 * Go's string comparison: UTF-8 bytes, which is code point order (not UTF-16 unit
	 * order).
	 */
	static int compare(String a, String b) {
		int i = 0;
		int j = 0;
		while (i < a.length() && j < b.length()) {
			int ca = a.codePointAt(i);
			int cb = b.codePointAt(j);
			if (ca != cb) {
				return Integer.compare(ca, cb);
			}
			i += Character.charCount(ca);
			j += Character.charCount(cb);
		}
		return Integer.compare(a.length() - i, b.length() - j);
	}

}
