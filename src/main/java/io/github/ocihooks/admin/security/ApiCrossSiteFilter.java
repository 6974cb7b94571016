package io.github.ocihooks.admin.security;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The API is for programs (curl, pipelines, the generated client), never for web pages of
 * other sites. A browser that has cached Basic credentials for this service would
 * otherwise send them with a cross-site form post. So, on {@code /api/**}, before any
 * authentication:
 * <ul>
 * <li>a request whose {@code Origin} is not this service's own origin, or whose
 * {@code Sec-Fetch-Site} says it comes from another site, is refused (403);</li>
 * <li>a state-changing request (POST, PUT, PATCH, DELETE) that declares a content type
 * must declare JSON (415): HTML forms can only send
 * {@code application/x-www-form-urlencoded}, {@code multipart/form-data} and
 * {@code text/plain}. Bodyless calls such as {@code POST /api/v1/reload} may omit the
 * content type.</li>
 * </ul>
 * Programs send neither header, so they are unaffected. Behind a reverse proxy, the
 * service's own origin is the one the proxy forwards
 * ({@code server.forward-headers-strategy=native}).
 */
final class ApiCrossSiteFilter extends OncePerRequestFilter {

	private static final Set<String> UNSAFE = Set.of("POST", "PUT", "PATCH", "DELETE");

	private final ApiProblemResponses problems;

	ApiCrossSiteFilter(ApiProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String origin = request.getHeader("Origin");
		if (origin != null && !sameOrigin(origin, request)) {
			this.problems.write(request, response, HttpStatus.FORBIDDEN,
					"Cross-site request refused: Origin " + origin.replaceAll("[^\\x20-\\x7e]", "?")
							+ " is not this service. The API is for programs, not for other web pages.");
			return;
		}
		String site = request.getHeader("Sec-Fetch-Site");
		if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
			this.problems.write(request, response, HttpStatus.FORBIDDEN, "Cross-site request refused (Sec-Fetch-Site: "
					+ site.replaceAll("[^a-zA-Z-]", "?") + "). The API is for programs, not for other web pages.");
			return;
		}
		if (UNSAFE.contains(request.getMethod()) && request.getContentType() != null
				&& !isJson(request.getContentType())) {
			this.problems.write(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					"State-changing API calls take application/json (or no body at all).");
			return;
		}
		chain.doFilter(request, response);
	}

	static boolean isJson(String contentType) {
		String type = contentType.toLowerCase(Locale.ROOT);
		int semicolon = type.indexOf(';');
		if (semicolon >= 0) {
			type = type.substring(0, semicolon);
		}
		type = type.trim();
		return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
	}

	private static boolean sameOrigin(String origin, HttpServletRequest request) {
		URI uri;
		try {
			uri = URI.create(origin.trim());
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		if (uri.getScheme() == null || uri.getHost() == null) {
			return false; // "null" and other opaque origins
		}
		int port = (uri.getPort() >= 0) ? uri.getPort() : defaultPort(uri.getScheme());
		return uri.getScheme().equalsIgnoreCase(request.getScheme())
				&& uri.getHost().equalsIgnoreCase(request.getServerName()) && port == request.getServerPort();
	}

	private static int defaultPort(String scheme) {
		return "https".equalsIgnoreCase(scheme) ? 443 : 80;
	}

}
