package io.github.ocihooks.admin.config;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's own error responses (requests it rejects before any application code sees
 * them, such as an encoded {@code /} or NUL in the path) as RFC 9457
 * {@code application/problem+json} instead of an HTML page: API clients get the same
 * error format everywhere. Dashboard addresses (and requests whose address could not be
 * read, such as one longer than the server accepts) get a page with the dashboard's
 * header instead.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		String title = switch (status) {
			case 400 -> "Bad Request";
			case 404 -> "Not Found";
			case 500 -> "Internal Server Error";
			default -> "Error";
		};
		// Tomcat's words for a request line or headers over
		// server.max-http-request-header-size.
		boolean tooLarge = status == 400 && throwable != null && throwable.getMessage() != null
				&& throwable.getMessage().contains("too large");
		String detail = tooLarge
				? "The request line or headers are longer than this server accepts "
						+ "(server.max-http-request-header-size)"
				: (status == 400)
						? "The request was rejected by the server before it reached the application (for example an "
								+ "encoded slash, backslash or NUL in the path)"
						: title;
		String uri = request.getRequestURI();
		if (uri == null || !uri.startsWith("/api/")) {
			page(response, status, title, tooLarge
					? "This address is longer than the server accepts, so it was refused before it reached the "
							+ "dashboard. A preview's link is at most 4096 characters: share a larger config as a file."
					: (status == 400)
							? "This address was refused before it reached the dashboard (an encoded slash, backslash "
									+ "or NUL in the path). Hook file names never contain those."
							: title + ".");
			return;
		}
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
						+ ",\"detail\":\"" + detail + "\"}");
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// Nothing more can be done for this response.
		}
	}

	// A dashboard address: a page with the dashboard's header, not JSON (no template
	// engine at this level).
	private static void page(Response response, int status, String title, String detail) {
		try {
			response.setContentType("text/html");
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
						+ "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
						+ "<meta name=\"color-scheme\" content=\"light dark\"><title>" + title
						+ " · OCI Hooks Admin</title>" + "<link rel=\"stylesheet\" href=\"/css/app.css\"></head><body>"
						+ "<header class=\"site-header\"><div class=\"site-header__inner\">"
						+ "<a class=\"brand\" href=\"/\">OCI Hooks Admin</a><nav class=\"site-nav\" aria-label=\"Main\"><ul>"
						+ "<li><a href=\"/\">Overview</a></li><li><a href=\"/hooks\">Hooks</a></li>"
						+ "<li><a href=\"/collisions\">Collisions</a></li><li><a href=\"/preview\">Preview</a></li>"
						+ "<li><a href=\"/swagger-ui.html\">API docs</a></li></ul></nav></div></header>"
						+ "<main id=\"main\" class=\"page\"><h1>" + title + "</h1>" + "<p class=\"alert alert--error\">"
						+ detail + "</p>" + "<p><a href=\"/hooks\">Back to the hooks</a></p></main></body></html>\n");
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// Nothing more can be done for this response.
		}
	}

}
