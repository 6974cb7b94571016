package io.github.ocihooks.admin.api;

/** A request the API cannot act on; becomes a 400 problem with a JSON pointer to the offending field. */
class InvalidRequestException extends RuntimeException {

	private final String pointer;

	InvalidRequestException(String message, String pointer) {
		super(message);
		this.pointer = pointer;
	}

	String pointer() {
		return this.pointer;
	}

}
