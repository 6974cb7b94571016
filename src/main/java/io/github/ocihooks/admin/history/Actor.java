package io.github.ocihooks.admin.history;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Who made a change, for the audit log: the signed-in user and the remote address of the
 * current request, or {@code system} outside a request.
 *
 * @param user the user name
 * @param remoteAddress the client's address, or null
 */
public record Actor(String user, String remoteAddress) {

	public static final Actor SYSTEM = new Actor("system", null);

	/** Someone outside this service, noticed on disk. */
	public static final Actor EXTERNAL = new Actor("external", null);

	public static Actor current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		String user = (authentication != null && authentication.isAuthenticated()) ? authentication.getName() : null;
		String address = null;
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			HttpServletRequest request = attributes.getRequest();
			address = request.getRemoteAddr();
		}
		return (user == null && address == null) ? SYSTEM : new Actor((user != null) ? user : "anonymous", address);
	}

}
