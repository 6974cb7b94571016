package io.github.ocihooks.admin.engine;

/** RFC 6901 JSON Pointers, as problems and patches name the places they mean. */
public final class JsonPointer {

	private JsonPointer() {
	}

	/**
	 * One reference token escaped: {@code ~} becomes {@code ~0}, {@code /} becomes
	 * {@code ~1}.
	 */
	public static String escape(String token) {
		return token.replace("~", "~0").replace("/", "~1");
	}

}
