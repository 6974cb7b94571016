package io.github.ocihooks.admin.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import tools.jackson.databind.json.JsonMapper;

/**
 * 401 and 403 answers of the {@code /api/**} chain as RFC 9457
 * {@code application/problem+json}, so that API clients get the same error shape from the
 * security filters as from the controllers.
 */
final class ApiProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

	static final String REALM = "oci-hooks-admin";

	private final JsonMapper jsonMapper;

	ApiProblemResponses(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		if (authException instanceof ThrottledAuthenticationManager.ThrottledException throttled) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(throttled.retryAfterSeconds()));
			write(request, response, HttpStatus.TOO_MANY_REQUESTS, throttled.getMessage());
			return;
		}
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"");
		write(request, response, HttpStatus.UNAUTHORIZED,
				refused(authException) ? "The credentials were refused: wrong user name or password (HTTP Basic)."
						: "Authentication is required: send HTTP Basic credentials of a user of this service.");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		write(request, response, HttpStatus.FORBIDDEN, "The signed-in user may not do this.");
	}

	// Credentials that were sent and checked (as opposed to none at all, which Spring
	// reports as insufficient).
	private static boolean refused(AuthenticationException ex) {
		return !(ex instanceof InsufficientAuthenticationException)
				&& !(ex instanceof AuthenticationCredentialsNotFoundException);
	}

	/** A problem+json answer of this chain (also used by {@link ApiCrossSiteFilter}). */
	void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
			throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		this.jsonMapper.writeValue(response.getOutputStream(), problem);
	}

}
