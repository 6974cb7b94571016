package io.github.ocihooks.admin.web;

import io.github.ocihooks.admin.store.StoreErrorStatus;
import io.github.ocihooks.admin.store.StoreException;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Dashboard pages answer a store refusal with a readable page instead of a stack trace,
 * with the status the API would answer ({@link StoreErrorStatus}).
 */
@ControllerAdvice(basePackageClasses = WebExceptionAdvice.class)
class WebExceptionAdvice {

	@ExceptionHandler(StoreException.class)
	ModelAndView storeException(StoreException ex, HttpServletRequest request) {
		HttpStatus status = StoreErrorStatus.of(ex.kind());
		ModelAndView view = new ModelAndView("problem");
		// A file's page that is not there (deleted, or not yet created): its history may
		// still hold it.
		if (ex.kind() == StoreException.Kind.NOT_FOUND
				&& request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> vars
				&& vars.get("directoryId") instanceof String directoryId && vars.get("name") instanceof String name) {
			view.addObject("historyDirectory", directoryId);
			view.addObject("historyName", name);
		}
		view.setStatus(status);
		view.addObject("status", status.value());
		view.addObject("title", status.getReasonPhrase());
		view.addObject("message", ex.getMessage());
		return view;
	}

}
