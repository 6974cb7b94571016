package io.github.ocihooks.admin.api;

import java.util.List;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.ErrorProperties;
import org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.servlet.ModelAndView;

/**
 * Errors raised outside any controller (no handler for the path or method, unsupported
 * media type before the handler is known, a servlet container rejection forwarded to
 * {@code /error}) on {@code /api/**} become {@code application/problem+json} like every
 * other API error; pages keep Boot's HTML error handling.
 */
@Controller
class ApiErrorController extends BasicErrorController {

	private final JsonMapper json;

	ApiErrorController(ErrorAttributes errorAttributes, ObjectProvider<ErrorViewResolver> resolvers, JsonMapper json) {
		super(errorAttributes, new ErrorProperties(), resolvers.orderedStream().toList());
		this.json = json;
	}

	@Override
	public ModelAndView errorHtml(HttpServletRequest request, HttpServletResponse response) {
		if (isApi(request)) {
			try {
				ProblemDetail problem = problem(request);
				response.setStatus(problem.getStatus());
				response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
				response.getOutputStream().write(this.json.writeValueAsBytes(problem));
			}
			catch (java.io.IOException ex) {
				// The client went away.
			}
			return null;
		}
		// Pages: the dashboard's own error page (with its header), never Boot's
		// Whitelabel page.
		HttpStatus status = getStatus(request);
		response.setStatus(status.value());
		Map<String, Object> model = new java.util.HashMap<>();
		model.put("status", status.value());
		model.put("title", status.getReasonPhrase());
		model.put("message", (status == HttpStatus.NOT_FOUND) ? "There is no page at this address."
				: "The request could not be handled (" + status.value() + " " + status.getReasonPhrase() + ").");
		return new ModelAndView("problem", model, status);
	}

	@Override
	public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
		if (isApi(request)) {
			ProblemDetail problem = problem(request);
			@SuppressWarnings("unchecked")
			Map<String, Object> body = this.json.convertValue(problem, Map.class);
			return ResponseEntity.status(problem.getStatus())
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(body);
		}
		return super.error(request);
	}

	private ProblemDetail problem(HttpServletRequest request) {
		HttpStatus status = getStatus(request);
		Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
		String detail = (message instanceof String s && !s.isBlank()) ? s : status.getReasonPhrase();
		if (status == HttpStatus.NOT_FOUND) {
			detail = "No API endpoint at this path; see /v3/api-docs";
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (uri instanceof String s) {
			problem.setInstance(java.net.URI.create(s.replaceAll("[^A-Za-z0-9/._~%-]", "_")));
		}
		problem.setProperty("errors", List.of());
		return problem;
	}

	private static boolean isApi(HttpServletRequest request) {
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		return uri instanceof String s && s.startsWith("/api/");
	}

}
