package io.github.ocihooks.admin.security;

import java.security.SecureRandom;
import java.util.function.Consumer;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Turns the configured {@code hooks.admin.password} into the stored (encoded) form of the
 * {@code admin} user's password.
 * <ul>
 * <li>starts with <code>{</code>: already in
 * {@link org.springframework.security.crypto.password.DelegatingPasswordEncoder} form
 * ({@code {bcrypt}...}, {@code {noop}...}) and used as is;</li>
 * <li>any other text: a plain password, encoded with bcrypt now;</li>
 * <li>empty or absent: a random password is generated and handed to {@code announcer}
 * once.</li>
 * </ul>
 */
final class AdminPassword {

	static final int GENERATED_LENGTH = 24;

	// No look-alikes (0/O, 1/l/I): the generated password is read off a log line and
	// typed in.
	private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

	private static final SecureRandom RANDOM = new SecureRandom();

	private AdminPassword() {
	}

	/**
	 * @param configured the configured password, may be {@code null}
	 * @param encoder a delegating password encoder (encodes with bcrypt, understands
	 * <code>{id}</code> prefixes)
	 * @param announcer receives the plain generated password when one had to be generated
	 * @return the encoded password, always with an <code>{id}</code> prefix
	 */
	static String resolve(String configured, PasswordEncoder encoder, Consumer<String> announcer) {
		if (configured == null || configured.isBlank()) {
			String generated = generate();
			announcer.accept(generated);
			return encoder.encode(generated);
		}
		if (configured.startsWith("{")) {
			checkEncodedForm(configured, encoder);
			return configured;
		}
		return encoder.encode(configured);
	}

	static String generate() {
		StringBuilder password = new StringBuilder(GENERATED_LENGTH);
		for (int i = 0; i < GENERATED_LENGTH; i++) {
			password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return password.toString();
	}

	// Fail at start rather than on the first sign-in when the {id} is unknown (e.g.
	// "{bcrypy}...").
	private static void checkEncodedForm(String encoded, PasswordEncoder encoder) {
		if (encoded.indexOf('}') < 0) {
			throw new IllegalStateException("hooks.admin.password starts with '{' but has no closing '}': use "
					+ "{bcrypt}<hash> or {noop}<password>, or a plain password that does not start with '{'");
		}
		try {
			// Not "": Security 7 encoders answer false for an empty raw password without
			// looking at the encoded one.
			encoder.matches("probe", encoded);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("hooks.admin.password has an unknown encoding prefix "
					+ encoded.substring(0, encoded.indexOf('}') + 1) + ": " + ex.getMessage(), ex);
		}
	}

}
