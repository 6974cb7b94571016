package io.github.ocihooks.admin.config;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Role checks outside the request rules follow the same hierarchy: ADMIN implies EDITOR
 * implies VIEWER.
 */
class RoleTests {

	private static Authentication user(Role role) {
		return new TestingAuthenticationToken("u", "p", role.authority());
	}

	@Test
	void higherRolesImplyLowerOnes() {
		assertThat(Role.VIEWER.grantedTo(user(Role.ADMIN))).isTrue();
		assertThat(Role.EDITOR.grantedTo(user(Role.ADMIN))).isTrue();
		assertThat(Role.ADMIN.grantedTo(user(Role.ADMIN))).isTrue();
		assertThat(Role.EDITOR.grantedTo(user(Role.EDITOR))).isTrue();
		assertThat(Role.VIEWER.grantedTo(user(Role.EDITOR))).isTrue();
	}

	@Test
	void lowerRolesDoNotImplyHigherOnes() {
		assertThat(Role.ADMIN.grantedTo(user(Role.EDITOR))).isFalse();
		assertThat(Role.EDITOR.grantedTo(user(Role.VIEWER))).isFalse();
		assertThat(Role.ADMIN.grantedTo(user(Role.VIEWER))).isFalse();
	}

	@Test
	void nobodyHoldsARole() {
		assertThat(Role.VIEWER.grantedTo(null)).isFalse();
		assertThat(Role.VIEWER.grantedTo(new TestingAuthenticationToken("u", "p"))).isFalse();
	}

}
