package io.github.ocihooks.admin.web;

import io.github.ocihooks.admin.store.HookStore;
import io.github.ocihooks.admin.inventory.Collisions;
import io.github.ocihooks.admin.inventory.InventoryCache;
import io.github.ocihooks.admin.inventory.Page;
import io.github.ocihooks.admin.directories.HookDirectories;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** {@code /collisions}: where hook files get in each other's way. */
@Controller
class CollisionsController {

	private final HookStore store;

	private final HookDirectories directories;

	private final InventoryCache inventory;

	CollisionsController(HookStore store, HookDirectories directories, InventoryCache inventory) {
		this.inventory = inventory;
		this.directories = directories;
		this.store = store;
	}

	/** Files listed per group at most; the rest is a link to the filtered list. */
	static final int FILES_PER_GROUP = 20;

	/**
	 * Every section is paged with the same page number ({@link Page#SIZE} groups per
	 * section); the collisions are computed once per snapshot generation.
	 */
	@GetMapping("/collisions")
	String collisions(@RequestParam(defaultValue = "1") int page, Model model) {
		Collisions all = this.inventory.collisions(this.store.snapshot());
		int pages = Math.max(Math.max(pages(all.sameName()), pages(all.caseInsensitive())),
				Math.max(pages(all.sameExecutable()), pages(all.maskedButFatal())));
		int number = Math.min(Math.max(1, page), pages);
		Collisions shown = new Collisions(Page.of(all.sameName(), number, Page.SIZE).items(),
				Page.of(all.caseInsensitive(), number, Page.SIZE).items(),
				Page.of(all.sameExecutable(), number, Page.SIZE).items(),
				Page.of(all.maskedButFatal(), number, Page.SIZE).items());
		model.addAttribute("collisions", shown);
		model.addAttribute("pageNumber", number);
		model.addAttribute("pages", pages);
		model.addAttribute("totalCount", all.count());
		model.addAttribute("filesPerGroup", FILES_PER_GROUP);
		model.addAttribute("directoryIds", this.directories.idsByDirectory());
		return "collisions";
	}

	private static int pages(java.util.List<?> items) {
		return Math.max(1, (items.size() + Page.SIZE - 1) / Page.SIZE);
	}

}
