package io.github.ocihooks.admin.web;

import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Messages shown once on the page a redirect-after-post leads to (see
 * {@code layout.html}).
 */
final class Flash {

	private Flash() {
	}

	static void success(RedirectAttributes redirect, String message) {
		add(redirect, "success", message);
	}

	static void info(RedirectAttributes redirect, String message) {
		add(redirect, "info", message);
	}

	static void error(RedirectAttributes redirect, String message) {
		add(redirect, "error", message);
	}

	private static void add(RedirectAttributes redirect, String kind, String message) {
		redirect.addFlashAttribute("flashKind", kind);
		redirect.addFlashAttribute("flashMessage", message);
	}

}
