package io.github.ocihooks.admin.web;

import io.github.ocihooks.admin.store.StoreErrorStatus;
import io.github.ocihooks.admin.store.StoreException;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * Dashboard pages answer a store refusal with a readable page instead of a stack trace, with the status the API would
 * answer ({@link StoreErrorStatus}).
 */
@ControllerAdvice(basePackageClasses = WebExceptionAdvice.class)
class WebExceptionAdvice {

	@ExceptionHandler(StoreException.class)
	ModelAndView storeException(StoreException ex) {
		HttpStatus status = StoreErrorStatus.of(ex.kind());
		ModelAndView view = new ModelAndView("problem");
		view.setStatus(status);
		view.addObject("status", status.value());
		view.addObject("title", status.getReasonPhrase());
		view.addObject("message", ex.getMessage());
		return view;
	}

}
