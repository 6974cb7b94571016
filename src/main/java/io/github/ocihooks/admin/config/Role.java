package io.github.ocihooks.admin.config;

import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.core.Authentication;

/**
 * Roles of dashboard and API users. {@link #ADMIN} implies {@link #EDITOR}, which implies
 * {@link #VIEWER} (see {@link #hierarchy()}, which the security configuration's request
 * rules use too).
 * <p>
 * In {@code config} because it is a value of {@code hooks.users[].role}
 * ({@link HooksProperties.User}) as well as the vocabulary of {@code security}, which
 * depends on {@code config}; here neither needs the other back.
 */
public enum Role {

	/** May look at hook definitions, the overview and previews. */
	VIEWER,

	/** May also create, change and delete hook definitions. */
	EDITOR,

	/** May do everything, including settings. */
	ADMIN;

	/** The authority name Spring Security checks, e.g. {@code ROLE_ADMIN}. */
	public String authority() {
		return "ROLE_" + name();
	}

	/**
	 * Whether the user holds this role, directly or through a higher one, by the same
	 * hierarchy the request rules use (an ADMIN is also an EDITOR): for pages and
	 * services that offer or refuse something by role.
	 */
	public boolean grantedTo(Authentication user) {
		if (user == null) {
			return false;
		}
		String authority = authority();
		return Hierarchy.INSTANCE.getReachableGrantedAuthorities(user.getAuthorities())
			.stream()
			.anyMatch(a -> authority.equals(a.getAuthority()));
	}

	/**
	 * ADMIN implies EDITOR implies VIEWER, so checks can name the least role they need.
	 */
	public static RoleHierarchy hierarchy() {
		return RoleHierarchyImpl.withDefaultRolePrefix()
			.role(ADMIN.name())
			.implies(EDITOR.name())
			.role(EDITOR.name())
			.implies(VIEWER.name())
			.build();
	}

	/** Built on first use (the hierarchy refers to the roles). */
	private static final class Hierarchy {

		static final RoleHierarchy INSTANCE = hierarchy();

	}

}
