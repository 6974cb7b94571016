package io.github.ocihooks.admin.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.github.ocihooks.admin.security.RawHttp.basic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-in throttle decides on what authentication sees (any Authorization header
 * shape Spring accepts), by user and client address with backoff: an attacker elsewhere,
 * or one inventing user names, locks nobody out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "hooks.watch.mode=off")
class LoginThrottleIT {

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("hooks.directories[0]", () -> root.resolve("etc").toString());
		registry.add("hooks.state-dir", () -> root.resolve("state").toString());
		registry.add("hooks.admin.password", () -> "{noop}admin-secret");
		String[] users = { "viewer", "editor", "carol", "dave" };
		for (int i = 0; i < users.length; i++) {
			int n = i;
			registry.add("hooks.users[" + i + "].name", () -> users[n]);
			registry.add("hooks.users[" + i + "].password", () -> "{noop}" + users[n] + "-secret");
			registry.add("hooks.users[" + i + "].role", () -> "EDITOR");
		}
	}

	@BeforeAll
	static void dirs() throws Exception {
		Files.createDirectories(root.resolve("etc"));
	}

	private RawHttp.Response hooks(String from, String authorization, String... more) {
		List<String> headers = new ArrayList<>(List.of("Authorization: " + authorization));
		headers.addAll(List.of(more));
		return RawHttp.get(from, this.port, "/api/v1/hooks", headers.toArray(String[]::new));
	}

	@Test
	void everyHeaderShapeSpringAcceptsIsThrottled() {
		// Spring's converter takes "Basic" in any case followed by any one character
		// before the token; a throttle
		// parsing "Basic " itself never saw these.
		List<String> shapes = List.of("BasicX", "Basic\t", "Basic:", "bASICx");
		boolean throttled = false;
		int wrong = 0;
		for (int i = 0; i < 200 && !throttled; i++) {
			RawHttp.Response r = hooks("127.0.0.1", shapes.get(i % shapes.size()) + basic("admin", "guess" + i));
			assertThat(r.status()).isIn(401, 429);
			throttled = r.status() == 429;
			wrong += (r.status() == 401) ? 1 : 0;
		}
		assertThat(throttled).as("a 429 among 200 wrong guesses").isTrue();
		assertThat(wrong).isEqualTo(LoginThrottle.FREE_FAILURES);
		// Now even the right password waits, from this address, in any header shape.
		RawHttp.Response right = hooks("127.0.0.1", "BasicX" + basic("admin", "admin-secret"));
		assertThat(right.status()).isEqualTo(429);
		assertThat(right.head()).containsIgnoringCase("Retry-After: ");
		assertThat(right.body()).contains("\"status\":429");
		// The real admin at another address is not locked out.
		assertThat(hooks("127.0.0.2", "Basic " + basic("admin", "admin-secret")).status()).isEqualTo(200);
	}

	@Test
	void userNamesAreComparedAsTheUserStoreComparesThem() {
		for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
			String name = (i % 2 == 0) ? "EDITOR" : "Editor";
			assertThat(hooks("127.0.0.1", "Basic " + basic(name, "guess")).status()).isEqualTo(401);
		}
		assertThat(hooks("127.0.0.1", "Basic " + basic("editor", "editor-secret")).status()).isEqualTo(429);
	}

	@Test
	void madeUpNamesLockNoRealUserOut() {
		for (int i = 0; i < 40; i++) {
			assertThat(hooks("127.0.0.1", "Basic " + basic("nobody" + i, "guess")).status()).isIn(401, 429);
		}
		assertThat(hooks("127.0.0.1", "Basic " + basic("nobody-else", "guess")).status()).isEqualTo(429);
		assertThat(hooks("127.0.0.1", "Basic " + basic("carol", "carol-secret")).status()).isEqualTo(200);
	}

	@Test
	void forwardedForIsIgnoredUnlessAProxyIsTrusted() {
		// Without server.forward-headers-strategy, rotating X-Forwarded-For does not make
		// new clients.
		int throttled = 0;
		for (int i = 0; i < 10; i++) {
			RawHttp.Response r = hooks("127.0.0.1", "Basic " + basic("dave", "guess"),
					"X-Forwarded-For: 198.51.100." + i);
			throttled += (r.status() == 429) ? 1 : 0;
		}
		assertThat(throttled).isGreaterThan(0);
		// A success from the same client (another address here) still works and clears
		// nothing elsewhere.
		assertThat(hooks("127.0.0.2", "Basic " + basic("dave", "dave-secret")).status()).isEqualTo(200);
	}

}
