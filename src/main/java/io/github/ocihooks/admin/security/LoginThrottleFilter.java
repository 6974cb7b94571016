package io.github.ocihooks.admin.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a sign-in attempt (HTTP Basic credentials, or the login form's POST) while {@link LoginThrottle} blocks its
 * user and address: 429 with {@code Retry-After}, as problem+json for the API and as a message on the login page.
 */
class LoginThrottleFilter extends OncePerRequestFilter {

	private final LoginThrottle throttle;

	private final boolean api;

	LoginThrottleFilter(LoginThrottle throttle, boolean api) {
		this.throttle = throttle;
		this.api = api;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String user = user(request);
		if (user != null) {
			Duration wait = this.throttle.blocked(user, request.getRemoteAddr());
			if (wait != null) {
				long seconds = Math.max(1, wait.toSeconds());
				response.setHeader("Retry-After", Long.toString(seconds));
				if (this.api) {
					response.setStatus(429);
					response.setContentType("application/problem+json");
					response.getWriter()
						.write("{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,\"detail\":"
								+ "\"Too many failed sign-ins for this user from this address; try again in " + seconds
								+ " s\",\"instance\":\"" + request.getRequestURI().replace("\"", "") + "\"}");
				}
				else {
					response.sendRedirect(request.getContextPath() + "/login?locked");
				}
				return;
			}
		}
		chain.doFilter(request, response);
	}

	private String user(HttpServletRequest request) {
		String header = request.getHeader("Authorization");
		if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
			try {
				String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()),
						StandardCharsets.UTF_8);
				int colon = decoded.indexOf(':');
				return (colon >= 0) ? decoded.substring(0, colon) : null;
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
		}
		if (!this.api && "POST".equals(request.getMethod()) && "/login".equals(request.getServletPath())) {
			return request.getParameter("username");
		}
		return null;
	}

}
