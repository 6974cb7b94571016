package io.github.ocihooks.admin.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.ocihooks.admin.config.HooksProperties;
import io.github.ocihooks.admin.engine.Problem;
import io.github.ocihooks.admin.engine.Severity;
import io.github.ocihooks.admin.engine.Snapshot;
import io.github.ocihooks.admin.store.HookFiles;
import io.github.ocihooks.admin.store.HookStore;
import io.github.ocihooks.admin.store.StatusCounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The overview page, and creating a missing writable directory from it. */
@Controller
class DashboardController {

	private static final Logger logger = LoggerFactory.getLogger(DashboardController.class);

	static final java.time.format.DateTimeFormatter LOADED_AT = java.time.format.DateTimeFormatter
		.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(java.time.ZoneOffset.UTC);

	private final HookDirectoryOverview overview;

	private final HookStore store;

	private final HookFiles files;

	private final Set<Path> writable;

	DashboardController(HookDirectoryOverview overview, HookStore store, HookFiles files,
			HooksProperties properties) {
		this.overview = overview;
		this.store = store;
		this.files = files;
		this.writable = Set.copyOf(properties.effectiveWritableDirectories()
			.stream()
			.map(p -> p.toAbsolutePath().normalize())
			.toList());
	}

	/**
	 * A directory card: what the file system says, and what the runtime makes of its files.
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
			boolean configuredWritable = this.writable.contains(this.files.path(i));
			cards.add(new DirectoryCard(status, this.files.ids().get(i), counts, this.files.refusal(i),
					configuredWritable && !status.exists()));
		}
		List<Problem> problems = snapshot.resolution().problems();
		model.addAttribute("directories", cards);
		model.addAttribute("totals", totals);
		model.addAttribute("snapshot", snapshot);
		model.addAttribute("loadedAt", LOADED_AT.format(snapshot.loadedAt()));
		model.addAttribute("runtimeError", snapshot.resolution().loadError());
		model.addAttribute("errors", problems.stream()
			.filter(p -> p.severity() == Severity.ERROR && !p.blocksRuntime())
			.toList());
		model.addAttribute("warnings", problems.stream().filter(p -> p.severity() == Severity.WARNING).toList());
		model.addAttribute("extensionStages", this.overview.extensionStages());
		model.addAttribute("directoryIds", this.files.idsByDirectory());
		return "overview";
	}

	/** Creates a configured directory that does not exist, when it is one this service may write to. */
	@PostMapping("/directories/{id}/create")
	String create(@PathVariable String id, RedirectAttributes redirect) {
		int index = this.files.directoryIndex(id);
		Path path = this.files.path(index);
		if (!this.writable.contains(path)) {
			Flash.error(redirect, this.files.refusal(index));
			return "redirect:/";
		}
		if (Files.exists(path)) {
			Flash.info(redirect, "Directory " + path + " exists already.");
			return "redirect:/";
		}
		try {
			Files.createDirectories(path);
			logger.info("Created hook directory {}", path);
		}
		catch (IOException ex) {
			Flash.error(redirect, "Cannot create " + path + ": " + ex.getMessage());
			return "redirect:/";
		}
		this.store.reload();
		Flash.success(redirect, "Created directory " + path + ". You can now add hooks to it.");
		return "redirect:/";
	}

}
