package io.github.ocihooks.admin.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing: after {@value #PER_PAIR} failed sign-ins for one user from one address within
 * {@link #WINDOW}, that user is refused from that address for {@link #BLOCK}; after {@value #PER_ADDRESS} failures
 * from one address (any users), the address is. A success clears the pair. Keying on the pair means an attacker
 * elsewhere cannot lock the real admin out.
 */
@Component
class LoginThrottle {

	static final int PER_PAIR = 5;

	static final int PER_ADDRESS = 20;

	static final Duration WINDOW = Duration.ofMinutes(15);

	static final Duration BLOCK = Duration.ofMinutes(5);

	private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

	private final Map<String, Instant> blockedUntil = new ConcurrentHashMap<>();

	private final Clock clock;

	LoginThrottle() {
		this(Clock.systemUTC());
	}

	LoginThrottle(Clock clock) {
		this.clock = clock;
	}

	/** How long this attempt must wait, or null when it may proceed. */
	Duration blocked(String user, String address) {
		Instant now = this.clock.instant();
		Duration longest = null;
		for (String key : new String[] { pair(user, address), "a|" + address }) {
			Instant until = this.blockedUntil.get(key);
			if (until != null) {
				if (until.isAfter(now)) {
					Duration left = Duration.between(now, until);
					longest = (longest == null || left.compareTo(longest) > 0) ? left : longest;
				}
				else {
					this.blockedUntil.remove(key, until);
				}
			}
		}
		return longest;
	}

	void failed(String user, String address) {
		Instant now = this.clock.instant();
		count(pair(user, address), PER_PAIR, now);
		count("a|" + address, PER_ADDRESS, now);
	}

	void succeeded(String user, String address) {
		this.failures.remove(pair(user, address));
	}

	private void count(String key, int limit, Instant now) {
		Deque<Instant> times = this.failures.computeIfAbsent(key, k -> new ArrayDeque<>());
		synchronized (times) {
			times.addLast(now);
			while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(WINDOW))) {
				times.removeFirst();
			}
			if (times.size() >= limit) {
				this.blockedUntil.put(key, now.plus(BLOCK));
				times.clear();
			}
		}
	}

	private static String pair(String user, String address) {
		return "p|" + user + "|" + address;
	}

	@EventListener
	void onFailure(AbstractAuthenticationFailureEvent event) {
		Authentication a = event.getAuthentication();
		failed(String.valueOf(a.getName()), address(a));
	}

	@EventListener
	void onSuccess(AuthenticationSuccessEvent event) {
		Authentication a = event.getAuthentication();
		succeeded(a.getName(), address(a));
	}

	private static String address(Authentication a) {
		return (a.getDetails() instanceof WebAuthenticationDetails details) ? details.getRemoteAddress() : "?";
	}

}
