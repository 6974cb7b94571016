package io.github.ocihooks.admin.web;

import io.github.ocihooks.admin.store.StoreException;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/** Dashboard pages answer a missing directory or file with a readable page instead of a stack trace. */
@ControllerAdvice(basePackageClasses = WebExceptionAdvice.class)
class WebExceptionAdvice {

	@ExceptionHandler(StoreException.class)
	ModelAndView storeException(StoreException ex) {
		HttpStatus status = switch (ex.kind()) {
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case INVALID_NAME -> HttpStatus.BAD_REQUEST;
			case POLICY -> HttpStatus.UNPROCESSABLE_ENTITY;
			case CONFLICT, PRECONDITION_FAILED, PRECONDITION_REQUIRED -> HttpStatus.CONFLICT;
			case IO -> HttpStatus.SERVICE_UNAVAILABLE;
		};
		ModelAndView view = new ModelAndView("problem");
		view.setStatus(status);
		view.addObject("status", status.value());
		view.addObject("title", status.getReasonPhrase());
		view.addObject("message", ex.getMessage());
		return view;
	}

}
