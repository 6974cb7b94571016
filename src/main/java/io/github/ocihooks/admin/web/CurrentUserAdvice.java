package io.github.ocihooks.admin.web;

import java.security.Principal;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Makes the signed-in user's name available to the page header of every view. */
@ControllerAdvice(basePackageClasses = CurrentUserAdvice.class)
class CurrentUserAdvice {

	@ModelAttribute("currentUser")
	String currentUser(Principal principal) {
		return (principal != null) ? principal.getName() : null;
	}

}
