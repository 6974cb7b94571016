package io.github.ocihooks.admin.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Remembers recent <em>successful</em> password checks, so that a stateless API client
 * sending HTTP Basic on every request pays for bcrypt once rather than on every call
 * (bcrypt is meant to cost tens of milliseconds). The cache holds an HMAC, under a key
 * made at start and never stored, of the password and its encoded form, for at most
 * {@code ttlMillis}; failed checks are never cached, so guessing stays as slow as bcrypt
 * makes it.
 * <p>
 * Concurrent checks of the same password against the same encoded form share one bcrypt
 * run: when the remembered check expires under load (16 pipeline clients, say), one
 * request verifies again and the others wait for its answer, instead of all of them
 * running bcrypt at once and stalling the server for the time of 16 bcrypt runs on its
 * cores. The same inputs give the same answer, so sharing it gives nobody anything they
 * could not get alone.
 */
final class CachingPasswordEncoder implements PasswordEncoder {

	private static final int MAX_ENTRIES = 256;

	private final PasswordEncoder delegate;

	private final long ttlMillis;

	private final SecretKeySpec key;

	private final Map<String, Long> verified = new LinkedHashMap<>(16, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
			return size() > MAX_ENTRIES;
		}
	};

	/** Checks running now, by fingerprint. */
	private final Map<String, CompletableFuture<Boolean>> checking = new ConcurrentHashMap<>();

	CachingPasswordEncoder(PasswordEncoder delegate, long ttlMillis) {
		this.delegate = delegate;
		this.ttlMillis = ttlMillis;
		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		this.key = new SecretKeySpec(secret, "HmacSHA256");
	}

	@Override
	public String encode(CharSequence rawPassword) {
		return this.delegate.encode(rawPassword);
	}

	@Override
	public boolean matches(CharSequence rawPassword, String encodedPassword) {
		if (rawPassword == null || encodedPassword == null) {
			return this.delegate.matches(rawPassword, encodedPassword);
		}
		String fingerprint = fingerprint(rawPassword, encodedPassword);
		long now = System.currentTimeMillis();
		synchronized (this.verified) {
			Long until = this.verified.get(fingerprint);
			if (until != null && until > now) {
				return true;
			}
		}
		CompletableFuture<Boolean> mine = new CompletableFuture<>();
		CompletableFuture<Boolean> running = this.checking.putIfAbsent(fingerprint, mine);
		if (running != null) {
			return awaitCheck(running);
		}
		try {
			boolean matches = this.delegate.matches(rawPassword, encodedPassword);
			if (matches) {
				synchronized (this.verified) {
					this.verified.put(fingerprint, System.currentTimeMillis() + this.ttlMillis);
				}
			}
			mine.complete(matches);
			return matches;
		}
		catch (RuntimeException | Error ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.checking.remove(fingerprint, mine);
		}
	}

	private static boolean awaitCheck(CompletableFuture<Boolean> running) {
		try {
			return running.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	@Override
	public boolean upgradeEncoding(String encodedPassword) {
		return this.delegate.upgradeEncoding(encodedPassword);
	}

	private String fingerprint(CharSequence raw, String encoded) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			mac.update(raw.toString().getBytes(StandardCharsets.UTF_8));
			mac.update((byte) 0);
			mac.update(encoded.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(mac.doFinal());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
