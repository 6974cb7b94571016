package io.github.ocihooks.admin.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HTTP Basic clients send the password on every request; bcrypt runs once per password
 * for a while, never for a wrong one, and never sixteen times at once for the same one.
 */
class CachingPasswordEncoderTests {

	private static final String ENCODED = "{test}secret";

	private final CountingEncoder delegate = new CountingEncoder();

	private final ExecutorService clients = Executors.newFixedThreadPool(16);

	private final AtomicInteger arrived = new AtomicInteger();

	@AfterEach
	void stopClients() {
		this.delegate.release.countDown();
		this.clients.shutdownNow();
	}

	@Test
	void aSuccessfulCheckIsRememberedForTheTimeToLive() {
		this.delegate.release.countDown();
		CachingPasswordEncoder encoder = new CachingPasswordEncoder(this.delegate, 60_000);

		assertThat(encoder.matches("secret", ENCODED)).isTrue();
		assertThat(encoder.matches("secret", ENCODED)).isTrue();

		assertThat(this.delegate.calls).hasValue(1);
	}

	@Test
	void aFailedCheckIsNeverRemembered() {
		this.delegate.release.countDown();
		CachingPasswordEncoder encoder = new CachingPasswordEncoder(this.delegate, 60_000);

		assertThat(encoder.matches("guess", ENCODED)).isFalse();
		assertThat(encoder.matches("guess", ENCODED)).isFalse();

		assertThat(this.delegate.calls).hasValue(2);
	}

	@Test
	void anExpiredCheckIsMadeAgain() {
		this.delegate.release.countDown();
		CachingPasswordEncoder encoder = new CachingPasswordEncoder(this.delegate, 0);

		assertThat(encoder.matches("secret", ENCODED)).isTrue();
		assertThat(encoder.matches("secret", ENCODED)).isTrue();

		assertThat(this.delegate.calls).hasValue(2);
	}

	@Test
	void aRememberedCheckDoesNotCoverAnotherEncodedPassword() {
		this.delegate.release.countDown();
		CachingPasswordEncoder encoder = new CachingPasswordEncoder(this.delegate, 60_000);

		assertThat(encoder.matches("secret", ENCODED)).isTrue();
		assertThat(encoder.matches("secret", "{test}other")).isFalse();

		assertThat(this.delegate.calls).hasValue(2);
	}

	/**
	 * Seen in the benchmark: when the remembered check expired under 16 concurrent
	 * clients, all of them ran bcrypt at once and every request stalled for about half a
	 * second.
	 */
	@Test
	void concurrentChecksOfTheSamePasswordShareOneRun() throws Exception {
		CachingPasswordEncoder encoder = new CachingPasswordEncoder(this.delegate, 60_000);

		List<Future<Boolean>> right = submit(16, () -> encoder.matches("secret", ENCODED));
		awaitAllWaiting(16);
		this.delegate.release.countDown();

		for (Future<Boolean> answer : right) {
			assertThat(answer.get(10, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(this.delegate.calls).hasValue(1);
	}

	@Test
	void concurrentWrongGuessesGetTheSameAnswerAndAreNotRemembered() throws Exception {
		CachingPasswordEncoder encoder = new CachingPasswordEncoder(this.delegate, 60_000);

		List<Future<Boolean>> wrong = submit(8, () -> encoder.matches("guess", ENCODED));
		awaitAllWaiting(8);
		this.delegate.release.countDown();

		for (Future<Boolean> answer : wrong) {
			assertThat(answer.get(10, TimeUnit.SECONDS)).isFalse();
		}
		int afterBurst = this.delegate.calls.get();
		assertThat(encoder.matches("guess", ENCODED)).isFalse();
		assertThat(this.delegate.calls).hasValue(afterBurst + 1);
	}

	@Test
	void differentPasswordsAreCheckedSeparately() throws Exception {
		this.delegate.release.countDown();
		CachingPasswordEncoder encoder = new CachingPasswordEncoder(this.delegate, 60_000);

		assertThat(encoder.matches("guess", ENCODED)).isFalse();
		assertThat(encoder.matches("secret", ENCODED)).isTrue();

		assertThat(this.delegate.calls).hasValue(2);
	}

	private List<Future<Boolean>> submit(int n, java.util.concurrent.Callable<Boolean> check) {
		List<Future<Boolean>> futures = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			futures.add(this.clients.submit(() -> {
				this.arrived.incrementAndGet();
				return check.call();
			}));
		}
		return futures;
	}

	/**
	 * Every caller has started and one is inside the (blocked) delegate; a short grace
	 * lets the others reach the shared check (or, without sharing, the delegate). With
	 * sharing, the outcome does not depend on that timing: a caller that comes later
	 * finds the remembered answer.
	 */
	private void awaitAllWaiting(int n) {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.arrived.get() == n && this.delegate.calls.get() >= 1);
		await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10)).until(() -> true);
	}

	/**
	 * Stands in for bcrypt: answers "secret" for {test}secret, and holds every caller
	 * until released.
	 */
	private static final class CountingEncoder implements PasswordEncoder {

		final AtomicInteger calls = new AtomicInteger();

		final CountDownLatch release = new CountDownLatch(1);

		@Override
		public String encode(CharSequence rawPassword) {
			return "{test}" + rawPassword;
		}

		@Override
		public boolean matches(CharSequence rawPassword, String encodedPassword) {
			this.calls.incrementAndGet();
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return encodedPassword.equals("{test}" + rawPassword);
		}

	}

}
