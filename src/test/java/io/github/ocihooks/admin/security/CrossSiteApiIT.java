package io.github.ocihooks.admin.security;

import io.github.ocihooks.admin.support.SharedApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static io.github.ocihooks.admin.security.RawHttp.basic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser with cached Basic credentials must not be usable by another site: foreign
 * Origins and cross-site fetches are refused on the API, state changes need JSON; the
 * dashboard's session cookie is SameSite.
 */
class CrossSiteApiIT extends SharedApplication {

	@LocalServerPort
	int port;

	private RawHttp.Response reload(String... headers) {
		String[] all = new String[headers.length + 1];
		all[0] = "Authorization: Basic " + basic("admin", ADMIN_PASSWORD);
		System.arraycopy(headers, 0, all, 1, headers.length);
		return RawHttp.send("127.0.0.1", this.port, "POST", "/api/v1/reload", "", all);
	}

	@Test
	void aCrossSiteFormPostIsRefused() {
		RawHttp.Response evil = reload("Origin: http://evil.example",
				"Content-Type: application/x-www-form-urlencoded");
		assertThat(evil.status()).isEqualTo(403);
		assertThat(evil.head()).containsIgnoringCase("Content-Type: application/problem+json");
		assertThat(evil.body()).contains("evil.example");
		assertThat(reload("Origin: null").status()).isEqualTo(403);
		assertThat(reload("Sec-Fetch-Site: cross-site").status()).isEqualTo(403);
		// A form content type without any Origin (an old browser) is not JSON either.
		assertThat(reload("Content-Type: text/plain").status()).isEqualTo(415);
		// The same call as curl makes it.
		assertThat(reload().status()).isEqualTo(200);
		assertThat(reload("Content-Type: application/json").status()).isEqualTo(200);
		assertThat(reload("Origin: http://127.0.0.1:" + this.port).status()).as("its own origin").isEqualTo(200);
		assertThat(reload("Sec-Fetch-Site: same-origin").status()).isEqualTo(200);
	}

	@Test
	void restoreAndDeleteAreRefusedCrossSite() {
		RawHttp.Response restore = RawHttp.send("127.0.0.1", this.port, "POST", "/api/v1/history/x/restore", "",
				"Authorization: Basic " + basic("admin", ADMIN_PASSWORD), "Origin: https://evil.example",
				"Content-Type: multipart/form-data; boundary=x");
		assertThat(restore.status()).isEqualTo(403);
		RawHttp.Response delete = RawHttp.send("127.0.0.1", this.port, "DELETE", "/api/v1/directories/x/hooks/a.json",
				null, "Authorization: Basic " + basic("admin", ADMIN_PASSWORD), "Origin: https://evil.example");
		assertThat(delete.status()).isEqualTo(403);
	}

	@Test
	void theSessionCookieIsSameSite() {
		RawHttp.Response login = RawHttp.get("127.0.0.1", this.port, "/login");
		assertThat(login.head()).containsPattern("(?i)Set-Cookie: JSESSIONID=[^\r\n]*SameSite=Lax");
	}

}
