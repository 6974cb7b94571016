package io.github.ocihooks.admin.security;

import java.time.Duration;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.provisioning.UserDetailsManager;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * The {@link AuthenticationManager} of both filter chains: asks the {@link LoginThrottle}
 * before authenticating and tells it the outcome. It sits where HTTP Basic and the login
 * form hand over their credentials, so every header shape Spring's converter accepts
 * ({@code Basic}, {@code basic}, {@code Basic<TAB>}, ...) is throttled alike.
 */
final class ThrottledAuthenticationManager implements AuthenticationManager {

	/** Refused without checking the password: this user must wait from this address. */
	static final class ThrottledException extends AuthenticationException {

		private final Duration wait;

		ThrottledException(Duration wait) {
			super("Too many failed sign-ins for this user from this address; try again in "
					+ Math.max(1, wait.toSeconds()) + " s");
			this.wait = wait;
		}

		long retryAfterSeconds() {
			return Math.max(1, this.wait.toSeconds() + ((this.wait.toMillisPart() > 0) ? 1 : 0));
		}

	}

	private final AuthenticationManager delegate;

	private final LoginThrottle throttle;

	private final UserDetailsService users;

	ThrottledAuthenticationManager(AuthenticationManager delegate, LoginThrottle throttle, UserDetailsService users) {
		this.delegate = delegate;
		this.throttle = throttle;
		this.users = users;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		String user = bucket(authentication.getName());
		String address = (authentication.getDetails() instanceof WebAuthenticationDetails details)
				? details.getRemoteAddress() : "?";
		Duration wait = this.throttle.blocked(user, address);
		if (wait != null) {
			throw new ThrottledException(wait);
		}
		try {
			Authentication result = this.delegate.authenticate(authentication);
			this.throttle.succeeded(user, address);
			return result;
		}
		catch (BadCredentialsException | UsernameNotFoundException ex) {
			this.throttle.failed(user, address);
			throw ex;
		}
	}

	/** The user's canonical name, or the shared bucket of names that are not users. */
	private String bucket(String name) {
		String canonical = LoginThrottle.canonical(name);
		boolean exists;
		if (this.users instanceof UserDetailsManager manager) {
			exists = manager.userExists(canonical);
		}
		else {
			try {
				exists = this.users.loadUserByUsername(canonical) != null;
			}
			catch (UsernameNotFoundException ex) {
				exists = false;
			}
		}
		return exists ? canonical : LoginThrottle.UNKNOWN_USER;
	}

}
