package io.github.ocihooks.admin.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.ocihooks.admin.engine.Problem;
import io.github.ocihooks.admin.engine.Severity;
import io.github.ocihooks.admin.engine.Snapshot;
import io.github.ocihooks.admin.store.HookFiles;
import io.github.ocihooks.admin.store.HookStore;
import io.github.ocihooks.admin.store.StoreException;
import io.github.ocihooks.admin.inventory.StatusCounts;
import io.github.ocihooks.admin.directories.HookDirectories;
import io.github.ocihooks.admin.runtimes.RuntimeViews;
import io.github.ocihooks.admin.directories.HookDirectoryOverview;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The overview page, and creating a missing writable directory from it. */
@Controller
class DashboardController {

	static final java.time.format.DateTimeFormatter LOADED_AT = java.time.format.DateTimeFormatter
		.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(java.time.ZoneOffset.UTC);

	private final HookDirectoryOverview overview;

	private final HookStore store;

	private final HookFiles files;

	private final HookDirectories directories;

	private final RuntimeViews runtimes;

	DashboardController(HookDirectoryOverview overview, HookStore store, HookFiles files, HookDirectories directories,
			RuntimeViews runtimes) {
		this.runtimes = runtimes;
		this.directories = directories;
		this.overview = overview;
		this.store = store;
		this.files = files;
	}

	/**
	 * A directory card: what the file system says, and what the runtime makes of its
	 * files.
	 *
	 * @param status the directory on disk
	 * @param id its URL id
	 * @param counts files by status (lower-case status names, every status present)
	 * @param writeRefusal why this service does not write here, or null
	 * @param creatable whether it is missing and this service may create it
	 */
	record DirectoryCard(HookDirectoryOverview.DirectoryStatus status, String id, Map<String, Integer> counts,
			String writeRefusal, boolean creatable) {
	}

	@GetMapping("/")
	String overview(Model model) {
		Snapshot snapshot = this.store.snapshot();
		List<HookDirectoryOverview.DirectoryStatus> statuses = this.overview.directories();
		List<DirectoryCard> cards = new ArrayList<>();
		Map<String, Integer> totals = StatusCounts.of(snapshot.resolution().files());
		Map<Integer, Map<String, Integer>> byDirectory = StatusCounts.byDirectory(snapshot);
		for (int i = 0; i < statuses.size(); i++) {
			Map<String, Integer> counts = byDirectory.getOrDefault(i, StatusCounts.zero());
			HookDirectoryOverview.DirectoryStatus status = statuses.get(i);
			cards.add(new DirectoryCard(status, this.directories.id(i), counts, this.directories.refusal(i),
					this.directories.configuredWritable(i) && !status.exists()));
		}
		List<Problem> problems = snapshot.resolution().problems();
		model.addAttribute("directories", cards);
		model.addAttribute("totals", totals);
		model.addAttribute("snapshot", snapshot);
		model.addAttribute("loadedAt", LOADED_AT.format(snapshot.loadedAt()));
		model.addAttribute("runtimeError", snapshot.resolution().loadError());
		model.addAttribute("errors",
				problems.stream().filter(p -> p.severity() == Severity.ERROR && !p.blocksRuntime()).toList());
		model.addAttribute("warnings", problems.stream().filter(p -> p.severity() == Severity.WARNING).toList());
		model.addAttribute("extensionStages", this.overview.extensionStages());
		model.addAttribute("directoryIds", this.directories.idsByDirectory());
		RuntimeViews.Views views = this.runtimes.current();
		model.addAttribute("runtimes", views.runtimes());
		model.addAttribute("explicitDirectories", views.set().explicitDirectories());
		List<String> unread = new ArrayList<>();
		for (int i = 0; i < statuses.size(); i++) {
			if (this.directories.readers(i).isEmpty()) {
				unread.add(statuses.get(i).hostPath());
			}
		}
		model.addAttribute("unreadDirectories", unread);
		return "overview";
	}

	/**
	 * Creates a configured directory that does not exist, when it is one this service may
	 * write to.
	 */
	@PostMapping("/directories/{id}/create")
	String create(@PathVariable String id, RedirectAttributes redirect) {
		int index = this.directories.index(id);
		String path = this.directories.location(index);
		try {
			if (this.files.createDirectory(index) == HookFiles.DirectoryCreation.EXISTS) {
				Flash.info(redirect, "Directory " + path + " exists already.");
				return "redirect:/";
			}
		}
		catch (StoreException ex) {
			Flash.error(redirect, ex.getMessage());
			return "redirect:/";
		}
		Flash.success(redirect, "Created directory " + path + ". You can now add hooks to it.");
		return "redirect:/";
	}

}
