package io.github.ocihooks.admin.web;

import tools.jackson.databind.json.JsonMapper;

/**
 * Text for a page's Copy button, carried exactly (carriage returns, a leading newline and
 * all) as a JSON string in a {@code <script type="application/json">} data block, which
 * the browser never runs and the script reads with {@code JSON.parse}.
 */
final class CopyText {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private CopyText() {
	}

	/**
	 * {@code text} as a JSON string literal that cannot end its {@code <script>} element:
	 * every {@code <} is written as a JSON unicode escape (u003c).
	 */
	static String json(String text) {
		return JSON.writeValueAsString(text).replace("<", "\\u003c");
	}

}
