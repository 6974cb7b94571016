package io.github.ocihooks.admin.web;

import io.github.ocihooks.admin.store.HookFiles;
import io.github.ocihooks.admin.store.HookStore;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /collisions}: where hook files get in each other's way. */
@Controller
class CollisionsController {

	private final HookStore store;

	private final HookFiles files;

	CollisionsController(HookStore store, HookFiles files) {
		this.store = store;
		this.files = files;
	}

	@GetMapping("/collisions")
	String collisions(Model model) {
		model.addAttribute("collisions", Collisions.of(this.store.snapshot()));
		model.addAttribute("directoryIds", this.files.idsByDirectory());
		return "collisions";
	}

}
