package io.github.ocihooks.admin.web;

import java.security.Principal;

import io.github.ocihooks.admin.config.Role;
import io.github.ocihooks.admin.store.HookStore;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Makes the signed-in user's name and the snapshot generation the page shows available to
 * every view: the page header shows the user, and the live-update script compares the
 * generation with the server's events.
 */
@ControllerAdvice(basePackageClasses = CurrentUserAdvice.class)
class CurrentUserAdvice {

	private final HookStore store;

	CurrentUserAdvice(HookStore store) {
		this.store = store;
	}

	@ModelAttribute("currentUser")
	String currentUser(Principal principal) {
		return (principal != null) ? principal.getName() : null;
	}

	/**
	 * Whether the user may change files (role EDITOR or ADMIN): pages offer editing only
	 * then.
	 */
	@ModelAttribute("canEdit")
	boolean canEdit(Authentication authentication) {
		return Role.EDITOR.grantedTo(authentication);
	}

	/** Whether the user has role ADMIN (audit log, restore, precreate execution). */
	@ModelAttribute("isAdmin")
	boolean isAdmin(Authentication authentication) {
		return Role.ADMIN.grantedTo(authentication);
	}

	@ModelAttribute("pageGeneration")
	long pageGeneration() {
		return this.store.snapshot().generation();
	}

}
