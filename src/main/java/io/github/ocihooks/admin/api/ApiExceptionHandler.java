package io.github.ocihooks.admin.api;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.ocihooks.admin.config.EnumParameters;
import io.github.ocihooks.admin.preview.PrecreateRunner;
import io.github.ocihooks.admin.preview.PreviewService;
import io.github.ocihooks.admin.store.StoreErrorStatus;
import io.github.ocihooks.admin.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Every API error as RFC 9457 {@code application/problem+json}. Validation problems carry
 * {@code errors}: a list of {@code {pointer, detail}} where {@code pointer} is an RFC
 * 6901 JSON pointer into the request body.
 */
@RestControllerAdvice(basePackageClasses = ApiExceptionHandler.class)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ApiExceptionHandler.class);

	/**
	 * Logs a client that went away at DEBUG (stack trace at TRACE) under this category.
	 */
	private static final DisconnectedClientHelper disconnectedClients = new DisconnectedClientHelper(
			"io.github.ocihooks.admin.api.DisconnectedClient");

	static final URI INVALID_REQUEST = URI.create("urn:oci-hooks-admin:problem:invalid-request");

	@ExceptionHandler(InvalidRequestException.class)
	ProblemDetail invalidRequest(InvalidRequestException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setType(INVALID_REQUEST);
		problem.setTitle("Invalid request");
		problem.setProperty("errors",
				List.of((ex.parameter() != null)
						? Map.of("pointer", ex.pointer(), "parameter", ex.parameter(), "detail", ex.getMessage())
						: Map.of("pointer", ex.pointer(), "detail", ex.getMessage())));
		return problem;
	}

	static final URI INVALID_DEFINITION = URI.create("urn:oci-hooks-admin:problem:invalid-definition");

	@ExceptionHandler(InvalidDefinitionException.class)
	ProblemDetail invalidDefinition(InvalidDefinitionException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
				"The hook definition would not be accepted: " + ex.getMessage());
		problem.setType(INVALID_DEFINITION);
		problem.setTitle("Invalid hook definition");
		List<Map<String, Object>> errors = new ArrayList<>();
		for (var p : ex.check().errors()) {
			Map<String, Object> e = new LinkedHashMap<>();
			e.put("pointer", ex.pointerPrefix() + ((p.pointer() != null) ? p.pointer() : ""));
			e.put("detail", p.message());
			e.put("code", p.code());
			errors.add(e);
		}
		problem.setProperty("errors", errors);
		problem.setProperty("warnings", ex.check().warnings());
		return problem;
	}

	@ExceptionHandler(StoreException.class)
	ProblemDetail store(StoreException ex) {
		HttpStatus status = StoreErrorStatus.of(ex.kind());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
		problem.setType(URI
			.create("urn:oci-hooks-admin:problem:" + ex.kind().name().toLowerCase(Locale.ROOT).replace('_', '-')));
		if (ex.kind() == StoreException.Kind.INVALID_NAME) {
			problem.setProperty("errors",
					List.of(Map.of("pointer", "", "parameter", "name", "detail", ex.getMessage())));
		}
		if (ex.kind() == StoreException.Kind.INVALID_VERSION) {
			problem.setProperty("errors",
					List.of(Map.of("pointer", "", "parameter", "version", "detail", ex.getMessage())));
		}
		ex.properties().forEach(problem::setProperty);
		if (ex.kind() == StoreException.Kind.UNREAD_DIRECTORY) {
			problem.setTitle("No runtime reads this directory");
			problem.setProperty("errors",
					List.of(Map.of("pointer", "", "parameter", "force", "detail", ex.getMessage())));
		}
		if (ex.kind() == StoreException.Kind.IO) {
			logger.warn("Storage error: {}", ex.getMessage());
		}
		return problem;
	}

	static final URI UNKNOWN_PROFILE = URI.create("urn:oci-hooks-admin:problem:unknown-profile");

	@ExceptionHandler(PreviewService.UnknownProfileException.class)
	ProblemDetail unknownProfile(PreviewService.UnknownProfileException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
		problem.setType(UNKNOWN_PROFILE);
		problem.setTitle("Unknown runtime profile");
		problem.setProperty("errors", List.of(Map.of("pointer", "/profile", "detail", ex.getMessage())));
		problem.setProperty("profiles", ex.known());
		return problem;
	}

	@ExceptionHandler(PrecreateRunner.RefusedException.class)
	ProblemDetail precreateRefused(PrecreateRunner.RefusedException ex) {
		HttpStatus status = (ex.reason() == PrecreateRunner.RefusedException.Reason.BUSY)
				? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.FORBIDDEN;
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
		problem.setType(
				URI.create("urn:oci-hooks-admin:problem:precreate-" + ex.reason().name().toLowerCase(Locale.ROOT)));
		problem.setTitle("Precreate hooks not run");
		return problem;
	}

	@ExceptionHandler(RuntimeException.class)
	ProblemDetail unexpected(RuntimeException ex) {
		logger.error("Unexpected error", ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"An unexpected error occurred; the server log has the details.");
		problem.setTitle("Internal error");
		return problem;
	}

	/**
	 * A query parameter or path variable that does not convert: which, and for an enum
	 * its valid values.
	 */
	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex.getPropertyName() != null) ? ex.getPropertyName() : "parameter";
		Class<?> type = ex.getRequiredType();
		Object value = ex.getValue();
		if (ex instanceof MethodArgumentTypeMismatchException mismatch && type != null && !type.isEnum()) {
			// A list of enum values (action=create&action=update): the element type.
			Class<?> element = ResolvableType.forMethodParameter(mismatch.getParameter()).resolveGeneric(0);
			if (element != null && element.isEnum()) {
				type = element;
				value = (value instanceof String[] values) ? String.join(",", values) : value;
			}
		}
		String detail = (type != null && type.isEnum()) ? "\"" + value + "\" is not a valid " + name + ": use one of "
				+ EnumParameters.validValues(type) + " (any case)" : "\"" + value + "\" is not a valid " + name;
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setType(INVALID_REQUEST);
		problem.setTitle("Invalid request");
		problem.setProperty("errors", List.of(Map.of("pointer", "", "parameter", name, "detail", detail)));
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	/**
	 * An empty or unreadable body: the project's invalid-request problem, not Spring's
	 * bare 400.
	 */
	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String detail = (ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing"))
				? "The request body is empty: send a JSON document" : "The request body could not be read";
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setType(INVALID_REQUEST);
		problem.setTitle("Invalid request");
		problem.setProperty("errors", List.of(Map.of("pointer", "", "detail", detail)));
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (disconnectedClients.checkAndLogClientDisconnectedException(ex)) {
			// The client closed the connection while the answer was being written (a
			// closed tab, an interrupted
			// curl, the end of a load test): nobody is left to answer, and nothing is
			// wrong on this side.
			return null;
		}
		ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
		if (response != null && response.getBody() instanceof ProblemDetail problem) {
			if (problem.getDetail() == null) {
				problem.setDetail(ex.getMessage());
			}
			// Every 400 has the project's shape: a type and errors[] (a missing
			// parameter, an unsupported value...).
			if (response.getStatusCode().value() == 400
					&& (problem.getProperties() == null || !problem.getProperties().containsKey("errors"))) {
				problem.setType(INVALID_REQUEST);
				problem.setTitle("Invalid request");
				problem.setProperty("errors", List.of(Map.of("pointer", "", "detail",
						(problem.getDetail() != null) ? problem.getDetail() : "Invalid request")));
			}
		}
		return response;
	}

}
