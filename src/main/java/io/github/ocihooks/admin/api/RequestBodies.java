package io.github.ocihooks.admin.api;

import io.github.ocihooks.admin.engine.GoJson;

/** Request bodies are read as raw bytes and parsed with the runtime's JSON rules. */
final class RequestBodies {

	private RequestBodies() {
	}

	static GoJson.Value json(byte[] body) {
		if (body == null || body.length == 0) {
			throw new InvalidRequestException("The request body is empty", "");
		}
		try {
			return GoJson.parse(body);
		}
		catch (GoJson.SyntaxException ex) {
			// Go gives no position for some errors (unexpected end of input): no "line
			// 0".
			String at = (ex.position().line() > 0)
					? " (line " + ex.position().line() + ", column " + ex.position().column() + ")" : "";
			throw new InvalidRequestException("The request body is not valid JSON: " + ex.getMessage() + at, "");
		}
	}

}
