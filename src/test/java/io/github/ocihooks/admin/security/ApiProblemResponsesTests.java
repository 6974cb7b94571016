package io.github.ocihooks.admin.security;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ApiProblemResponsesTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final ApiProblemResponses problems = new ApiProblemResponses(this.json);

	@Test
	void unauthorizedIsProblemJsonWithBasicChallenge() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/hooks");
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.problems.commence(request, response, new BadCredentialsException("bad"));

		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Basic realm=\"oci-hooks-admin\"");
		assertThat(response.getContentType()).startsWith("application/problem+json");
		JsonNode body = this.json.readTree(response.getContentAsString());
		assertThat(body.get("type").asString()).isEqualTo("about:blank");
		assertThat(body.get("title").asString()).isEqualTo("Unauthorized");
		assertThat(body.get("status").asInt()).isEqualTo(401);
		assertThat(body.get("detail").asString()).isNotBlank();
		assertThat(body.get("instance").asString()).isEqualTo("/api/hooks");
	}

	@Test
	void forbiddenIsProblemJson() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("DELETE", "/api/hooks/x");
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.problems.handle(request, response, new AccessDeniedException("no"));

		assertThat(response.getStatus()).isEqualTo(403);
		assertThat(response.getHeader("WWW-Authenticate")).isNull();
		assertThat(response.getContentType()).startsWith("application/problem+json");
		JsonNode body = this.json.readTree(response.getContentAsString());
		assertThat(body.get("title").asString()).isEqualTo("Forbidden");
		assertThat(body.get("status").asInt()).isEqualTo(403);
		assertThat(body.get("instance").asString()).isEqualTo("/api/hooks/x");
	}

}
