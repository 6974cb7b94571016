package io.github.ocihooks.admin.web;

import io.github.ocihooks.admin.store.HookStore;
import io.github.ocihooks.admin.inventory.Collisions;
import io.github.ocihooks.admin.directories.HookDirectories;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /collisions}: where hook files get in each other's way. */
@Controller
class CollisionsController {

	private final HookStore store;

	private final HookDirectories directories;

	CollisionsController(HookStore store, HookDirectories directories) {
		this.directories = directories;
		this.store = store;
	}

	@GetMapping("/collisions")
	String collisions(Model model) {
		model.addAttribute("collisions", Collisions.of(this.store.snapshot()));
		model.addAttribute("directoryIds", this.directories.idsByDirectory());
		return "collisions";
	}

}
