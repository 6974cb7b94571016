package io.github.ocihooks.admin.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Slows down password guessing with an exponential backoff per user <em>and</em> client
 * address, decided on the outcome of authentication itself
 * ({@link ThrottledAuthenticationManager}), so it sees exactly the user names and
 * passwords that authentication sees, whatever the shape of the {@code Authorization}
 * header or the form.
 * <ul>
 * <li>The first {@value #FREE_FAILURES} failures for a user from an address within
 * {@link #WINDOW} cost nothing; each further one makes that user wait
 * {@link #BASE_DELAY}, doubling up to {@link #MAX_DELAY}, from that address only. While
 * waiting, attempts are refused (429) without checking the password. A success clears the
 * pair.</li>
 * <li>The same user from another address is not affected: an attacker elsewhere cannot
 * lock the real admin out.</li>
 * <li>Names that are not users share one bucket per address, so made-up names slow down
 * only more made-up names from that address and never lock out a real user.</li>
 * </ul>
 * User names are compared as the user store compares them
 * ({@link org.springframework.security.provisioning. InMemoryUserDetailsManager}
 * lower-cases with {@link Locale#ROOT}): {@code Editor} is {@code editor}. The address is
 * the request's remote address: behind a reverse proxy, every client has the proxy's
 * address unless Tomcat is told to trust the proxy's {@code X-Forwarded-For}
 * ({@code server.forward-headers-strategy=native} and
 * {@code server.tomcat.remoteip.internal-proxies}; see the README).
 */
@Component
public class LoginThrottle {

	static final int FREE_FAILURES = 5;

	/**
	 * Kept for tests written against the hard block: the failures after which the right
	 * password must wait.
	 */
	static final int PER_PAIR = FREE_FAILURES;

	static final Duration WINDOW = Duration.ofMinutes(15);

	static final Duration BASE_DELAY = Duration.ofSeconds(5);

	static final Duration MAX_DELAY = Duration.ofMinutes(15);

	/** Bound on remembered pairs; expired ones are dropped first. */
	static final int MAX_ENTRIES = 100_000;

	static final String UNKNOWN_USER = "\u0000unknown";

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	private final Clock clock;

	private static final class Entry {

		int failures;

		Instant lastFailure;

		Instant blockedUntil = Instant.MIN;

	}

	public LoginThrottle() {
		this(Clock.systemUTC());
	}

	LoginThrottle(Clock clock) {
		this.clock = clock;
	}

	/** The name as the user store compares it. */
	static String canonical(String user) {
		return (user != null) ? user.toLowerCase(Locale.ROOT) : "";
	}

	/** How long this user must still wait from this address, or null. */
	Duration blocked(String user, String address) {
		Entry e = this.entries.get(key(user, address));
		if (e == null) {
			return null;
		}
		synchronized (e) {
			Instant now = this.clock.instant();
			return e.blockedUntil.isAfter(now) ? Duration.between(now, e.blockedUntil) : null;
		}
	}

	void failed(String user, String address) {
		Instant now = this.clock.instant();
		if (this.entries.size() >= MAX_ENTRIES) {
			this.entries.values().removeIf(e -> e.lastFailure == null || e.lastFailure.isBefore(now.minus(WINDOW)));
		}
		Entry e = this.entries.computeIfAbsent(key(user, address), k -> new Entry());
		synchronized (e) {
			if (e.lastFailure != null && e.lastFailure.isBefore(now.minus(WINDOW))) {
				e.failures = 0;
			}
			e.failures++;
			e.lastFailure = now;
			if (e.failures >= FREE_FAILURES) {
				int doublings = Math.min(30, e.failures - FREE_FAILURES);
				Duration delay = BASE_DELAY.multipliedBy(1L << doublings);
				e.blockedUntil = now.plus(delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay);
			}
		}
	}

	void succeeded(String user, String address) {
		this.entries.remove(key(user, address));
	}

	private static String key(String user, String address) {
		return user + "\u0000" + address;
	}

}
