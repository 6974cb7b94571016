package io.github.ocihooks.admin.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Remembers recent <em>successful</em> password checks, so that a stateless API client sending HTTP Basic on every
 * request pays for bcrypt once rather than on every call (bcrypt is meant to cost tens of milliseconds). The cache
 * holds an HMAC, under a key made at start and never stored, of the password and its encoded form, for at most
 * {@code ttlMillis}; failed checks are never cached, so guessing stays as slow as bcrypt makes it.
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
		boolean matches = this.delegate.matches(rawPassword, encodedPassword);
		if (matches) {
			synchronized (this.verified) {
				this.verified.put(fingerprint, now + this.ttlMillis);
			}
		}
		return matches;
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
