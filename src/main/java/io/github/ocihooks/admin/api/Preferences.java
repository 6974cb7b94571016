package io.github.ocihooks.admin.api;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The {@code Prefer} request header (RFC 7240): a comma-separated list of preferences,
 * each {@code token [= value] *( ; parameter )}, tokens compared case-insensitively,
 * values possibly quoted.
 */
final class Preferences {

	/** The {@code return=representation} preference, as the answer names it. */
	static final String RETURN_REPRESENTATION = "return=representation";

	private Preferences() {
	}

	/**
	 * Whether the client prefers the representation in the answer
	 * ({@code return=representation}); the first {@code return} preference counts (RFC
	 * 7240, section 2: a preference given twice is the first one).
	 */
	static boolean returnRepresentation(@Nullable String prefer) {
		if (prefer == null) {
			return false;
		}
		for (String preference : prefer.split(",")) {
			String first = preference.split(";", 2)[0];
			int eq = first.indexOf('=');
			String token = ((eq < 0) ? first : first.substring(0, eq)).trim();
			if (!token.equalsIgnoreCase("return")) {
				continue;
			}
			String value = (eq < 0) ? "" : first.substring(eq + 1).trim();
			if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
				value = value.substring(1, value.length() - 1);
			}
			return value.toLowerCase(Locale.ROOT).equals("representation");
		}
		return false;
	}

}
