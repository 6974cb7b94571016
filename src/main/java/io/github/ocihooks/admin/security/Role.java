package io.github.ocihooks.admin.security;

/**
 * Roles of dashboard and API users. {@link #ADMIN} implies {@link #EDITOR}, which implies {@link #VIEWER} (see
 * {@link SecurityConfig#roleHierarchy()}).
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

}
