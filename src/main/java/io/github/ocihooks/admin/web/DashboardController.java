package io.github.ocihooks.admin.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The overview page. */
@Controller
class DashboardController {

	private final HookDirectoryOverview overview;

	DashboardController(HookDirectoryOverview overview) {
		this.overview = overview;
	}

	@GetMapping("/")
	String overview(Model model) {
		model.addAttribute("directories", this.overview.directories());
		model.addAttribute("extensionStages", this.overview.extensionStages());
		return "overview";
	}

}
