package io.github.ocihooks.admin.store;

import org.springframework.http.HttpStatus;

/**
 * The one mapping of store refusals to HTTP status, for both faces: the API answers it as
 * problem+json, the dashboard with the same status and an error page.
 */
public final class StoreErrorStatus {

	private StoreErrorStatus() {
	}

	/** The HTTP status that answers a refusal of this kind. */
	public static HttpStatus of(StoreException.Kind kind) {
		return switch (kind) {
			case INVALID_NAME, INVALID_VERSION -> HttpStatus.BAD_REQUEST;
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case CONFLICT -> HttpStatus.CONFLICT;
			case PRECONDITION_FAILED -> HttpStatus.PRECONDITION_FAILED;
			case PRECONDITION_REQUIRED -> HttpStatus.PRECONDITION_REQUIRED;
			case POLICY, UNREAD_DIRECTORY -> HttpStatus.UNPROCESSABLE_CONTENT;
			case IO -> HttpStatus.SERVICE_UNAVAILABLE;
		};
	}

}
