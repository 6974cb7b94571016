package io.github.ocihooks.admin.api;

/**
 * A request the API cannot act on; becomes a 400 problem with a JSON pointer to the
 * offending field.
 */
class InvalidRequestException extends RuntimeException {

	private final String pointer;

	private final String parameter;

	InvalidRequestException(String message, String pointer) {
		this(message, pointer, null);
	}

	/**
	 * A problem with a query parameter (the pointer is then "": it is not in the body).
	 */
	static InvalidRequestException parameter(String parameter, String message) {
		return new InvalidRequestException(message, "", parameter);
	}

	private InvalidRequestException(String message, String pointer, String parameter) {
		super(message);
		this.pointer = pointer;
		this.parameter = parameter;
	}

	/** The query parameter at fault, or null. */
	String parameter() {
		return this.parameter;
	}

	String pointer() {
		return this.pointer;
	}

}
