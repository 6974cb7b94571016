package io.github.ocihooks.admin.security;

import java.nio.file.Files;
import java.nio.file.Path;

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
 * Behind a trusted reverse proxy (the README's setup: native forward headers, the proxy's
 * address as the only internal proxy), clients are told apart by X-Forwarded-For; from
 * anywhere else the header is not believed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "hooks.watch.mode=off",
		"server.forward-headers-strategy=native", "server.tomcat.remoteip.internal-proxies=127.0.0.1/32" })
class LoginThrottleProxyIT {

	@TempDir
	static Path root;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("hooks.directories[0]", () -> root.resolve("etc").toString());
		registry.add("hooks.state-dir", () -> root.resolve("state").toString());
		registry.add("hooks.admin.password", () -> "{noop}admin-secret");
	}

	@BeforeAll
	static void dirs() throws Exception {
		Files.createDirectories(root.resolve("etc"));
	}

	private int hooks(String from, String forwardedFor, String password) {
		return RawHttp
			.get(from, this.port, "/api/v1/hooks", "Authorization: Basic " + basic("admin", password),
					"X-Forwarded-For: " + forwardedFor)
			.status();
	}

	@Test
	void theProxysClientsAreToldApart() {
		int throttled = 0;
		for (int i = 0; i < LoginThrottle.FREE_FAILURES + 3; i++) {
			throttled += (hooks("127.0.0.1", "203.0.113.7", "guess") == 429) ? 1 : 0;
		}
		assertThat(throttled).as("the hammering client waits").isGreaterThan(0);
		assertThat(hooks("127.0.0.1", "203.0.113.7", "admin-secret")).isEqualTo(429);
		assertThat(hooks("127.0.0.1", "203.0.113.8", "admin-secret")).as("another client of the proxy").isEqualTo(200);
	}

	@Test
	void anUntrustedSenderCannotChooseItsAddress() {
		// 127.0.0.2 is not the trusted proxy: its X-Forwarded-For is ignored, so rotating
		// it does not help.
		int throttled = 0;
		for (int i = 0; i < LoginThrottle.FREE_FAILURES + 3; i++) {
			throttled += (hooks("127.0.0.2", "198.51.100." + i, "guess") == 429) ? 1 : 0;
		}
		assertThat(throttled).isGreaterThan(0);
	}

}
