package io.github.ocihooks.admin.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.github.ocihooks.admin.engine.Evaluation;
import io.github.ocihooks.admin.engine.FileState;
import io.github.ocihooks.admin.engine.HookDefinition;
import io.github.ocihooks.admin.engine.HookWriter;
import io.github.ocihooks.admin.engine.PreviewResult;
import io.github.ocihooks.admin.engine.Problem;
import io.github.ocihooks.admin.engine.Snapshot;
import io.github.ocihooks.admin.engine.Stages;
import io.github.ocihooks.admin.engine.Status;
import io.github.ocihooks.admin.preview.PreviewService;
import io.github.ocihooks.admin.store.HookFiles;
import io.github.ocihooks.admin.store.HookStore;
import io.github.ocihooks.admin.store.StoreException;
import io.github.ocihooks.admin.history.TextDiff;
import io.github.ocihooks.admin.inventory.HookCatalog;
import io.github.ocihooks.admin.inventory.HookRow;
import io.github.ocihooks.admin.inventory.HookFilter;
import io.github.ocihooks.admin.inventory.InventoryCache;
import io.github.ocihooks.admin.inventory.Page;
import io.github.ocihooks.admin.directories.HookDirectories;
import io.github.ocihooks.admin.runtimes.RuntimeViews;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /hooks}: every hook file in one table, and one file's page.
 * <p>
 * Somewhat above 250 lines because one file's page gathers much (raw text with problems
 * at their lines, the files of the same name with diffs, the match against the last
 * preview); each piece is a call on a feature.
 */
@Controller
class HooksController {

	private final HookStore store;

	private final HookFiles files;

	private final PreviewService previews;

	private final PreviewPage previewPage;

	private final HookDirectories directories;

	private final InventoryCache inventory;

	private final RuntimeViews runtimes;

	HooksController(HookStore store, HookFiles files, PreviewService previews, PreviewPage previewPage,
			HookDirectories directories, InventoryCache inventory, RuntimeViews runtimes) {
		this.inventory = inventory;
		this.runtimes = runtimes;
		this.directories = directories;
		this.store = store;
		this.files = files;
		this.previews = previews;
		this.previewPage = previewPage;
	}

	@GetMapping("/hooks")
	String list(@RequestParam(required = false) String status, @RequestParam(required = false) String stage,
			@RequestParam(required = false) String directory, @RequestParam(required = false) String q,
			@RequestParam(defaultValue = "order") String sort, @RequestParam(defaultValue = "asc") String dir,
			@RequestParam(defaultValue = "1") int page, Model model) {
		Snapshot snapshot = this.store.snapshot();
		// Every row once per snapshot generation; a filter passes over them, and only one
		// page is rendered.
		List<HookRow> all = this.inventory.rows(snapshot, this.directories.ids());
		String sortKey = HookCatalog.SORT_KEYS.contains(sort) ? sort : "order";
		boolean descending = "desc".equals(dir);
		Filter filter = new Filter(status, stage, directory, q, sortKey, descending ? "desc" : "asc");
		List<HookRow> matching = filter.any()
				? HookCatalog.rows(snapshot, this.directories.ids(), new HookFilter(status, stage, directory, q)) : all;
		Page<HookRow> rows = Page.of(HookCatalog.sort(matching, sortKey, descending), page, Page.SIZE);
		TreeSet<String> stages = new TreeSet<>(Stages.OCI);
		stages.addAll(snapshot.extensionStages());
		all.forEach(r -> stages.addAll(r.stages()));
		model.addAttribute("rows", rows.items());
		model.addAttribute("page", rows);
		model.addAttribute("runtimeViews", this.runtimes.current());
		model.addAttribute("total", all.size());
		model.addAttribute("statuses", List.of(Status.values()).stream().map(s -> s.name().toLowerCase()).toList());
		model.addAttribute("stages", stages);
		model.addAttribute("directories", directoryOptions());
		model.addAttribute("filter", filter);
		model.addAttribute("runtimeError", snapshot.resolution().loadError());
		model.addAttribute("activeCount", snapshot.resolution().injectionOrder().size());
		model.addAttribute("canCreate", this.directories.anyAccepts());
		return "hooks";
	}

	/**
	 * The filter as the query asked for it.
	 *
	 * @param status status filter or null
	 * @param stage stage filter or null
	 * @param directory directory id filter or null
	 * @param q text filter or null
	 * @param sort the sort column
	 * @param dir {@code asc} or {@code desc}
	 */
	record Filter(String status, String stage, String directory, String q, String sort, String dir) {

		public boolean any() {
			return notBlank(this.status) || notBlank(this.stage) || notBlank(this.directory) || notBlank(this.q);
		}

		/**
		 * The direction a click on column {@code key} asks for: the opposite when it is
		 * the current column.
		 */
		public String nextDir(String key) {
			return (key.equals(this.sort) && "asc".equals(this.dir)) ? "desc" : "asc";
		}

		/** {@code aria-sort} for column {@code key}. */
		public String ariaSort(String key) {
			if (!key.equals(this.sort)) {
				return null;
			}
			return "asc".equals(this.dir) ? "ascending" : "descending";
		}

		private static boolean notBlank(String s) {
			return s != null && !s.isBlank();
		}

	}

	/**
	 * A line of the raw text with the problems the runtime reports there.
	 *
	 * @param number 1-based
	 * @param text the line
	 * @param problems problems at this line
	 */
	record RawLine(int number, String text, List<Problem> problems) {
	}

	/**
	 * Another file with the same name.
	 *
	 * @param state what the runtime makes of it
	 * @param directoryId its directory's id
	 * @param relation how it relates to this file: {@code masked-by}, {@code masks} or
	 * {@code same-name}
	 * @param diff the unified diff from that file to this one
	 */
	record Related(FileState state, String directoryId, String relation, List<TextDiff.Line> diff) {
	}

	@GetMapping("/hooks/{directoryId}/{name}")
	String detail(@PathVariable String directoryId, @PathVariable String name, HttpSession session, Authentication user,
			Model model) {
		Snapshot snapshot = this.store.snapshot();
		int index = this.directories.index(directoryId);
		FileState state = HookCatalog.find(snapshot, index, name)
			.orElseThrow(() -> new StoreException(StoreException.Kind.NOT_FOUND,
					"No file " + name + " in " + this.directories.location(index)));
		String raw = null;
		String etag = null;
		String rawError = null;
		try {
			HookFiles.StoredFile stored = this.files.read(directoryId, name).orElse(null);
			if (stored != null) {
				raw = new String(stored.content(), StandardCharsets.UTF_8);
				etag = stored.etag();
			}
			else {
				rawError = "The file has gone since the last scan.";
			}
		}
		catch (StoreException ex) {
			rawError = ex.getMessage();
		}
		HookDefinition definition = state.file().definition();
		model.addAttribute("state", state);
		model.addAttribute("fileView", this.runtimes.current().file(state.directory(), state.name()).orElse(null));
		model.addAttribute("directoryId", directoryId);
		model.addAttribute("definition", definition);
		model.addAttribute("when", (definition != null) ? HookCatalog.summary(definition.when()) : null);
		model.addAttribute("canonical", canonical(definition));
		model.addAttribute("order", HookCatalog.position(HookCatalog.order(snapshot, state)));
		model.addAttribute("rawLines", rawLines(raw, state.problems()));
		model.addAttribute("rawCopy", (raw != null) ? CopyText.json(raw) : null);
		model.addAttribute("fileProblems", state.problems().stream().filter(p -> p.line() <= 0).toList());
		model.addAttribute("rawError", rawError);
		model.addAttribute("etag", etag);
		model.addAttribute("writable", this.directories.accepts(index) && raw != null);
		model.addAttribute("related", related(snapshot, state, raw));
		model.addAttribute("directoryIds", this.directories.idsByDirectory());
		matchAgainstLastPreview(session, user, state, model);
		return "hook";
	}

	/**
	 * The canonical 1.0.0 text, or null when there is none (unreadable, or legacy any-of
	 * conditions).
	 */
	private static String canonical(HookDefinition definition) {
		if (definition == null) {
			return null;
		}
		try {
			return HookWriter.toText(definition);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	static List<RawLine> rawLines(String raw, List<Problem> problems) {
		if (raw == null) {
			return List.of();
		}
		List<String> lines = TextDiff.lines(raw);
		if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
			lines = lines.subList(0, lines.size() - 1);
		}
		List<RawLine> out = new ArrayList<>(lines.size());
		for (int i = 0; i < lines.size(); i++) {
			int number = i + 1;
			out.add(new RawLine(number, lines.get(i), problems.stream().filter(p -> p.line() == number).toList()));
		}
		return out;
	}

	private List<Related> related(Snapshot snapshot, FileState state, String raw) {
		List<Related> related = new ArrayList<>();
		for (FileState other : HookCatalog.sameName(snapshot, state)) {
			int otherIndex = other.file().directoryIndex();
			String relation = other.directory().equals(state.maskedBy()) ? "masked-by"
					: state.masks().contains(other.directory()) ? "masks" : "same-name";
			String otherRaw = null;
			try {
				otherRaw = this.files.read(this.directories.ids().get(otherIndex), other.name())
					.map(f -> new String(f.content(), StandardCharsets.UTF_8))
					.orElse(null);
			}
			catch (StoreException ex) {
				// A symbolic link or unreadable file: no diff.
			}
			List<TextDiff.Line> diff = (raw != null && otherRaw != null)
					? TextDiff.unified(other.file().path(), otherRaw, state.file().path(), raw) : List.of();
			related.add(new Related(other, this.directories.ids().get(otherIndex), relation, diff));
		}
		return related;
	}

	private void matchAgainstLastPreview(HttpSession session, Authentication user, FileState state, Model model) {
		PreviewForm last = (PreviewForm) session.getAttribute(PreviewForm.SESSION_KEY);
		if (last == null) {
			return;
		}
		model.addAttribute("lastPreview", last);
		try {
			PreviewService.Preview preview = this.previews.preview(this.previewPage.request(last, false), user);
			PreviewResult result = preview.result();
			Evaluation evaluation = result.evaluations()
				.stream()
				.filter(e -> e.directory().equals(state.directory()) && e.file().equals(state.name()))
				.findFirst()
				.orElse(null);
			List<String> injectedAt = new ArrayList<>();
			result.stages()
				.forEach((stage, list) -> list.stream()
					.filter(i -> state.name().equals(i.file()) && state.directory().equals(i.directory()))
					.findFirst()
					.ifPresent(i -> injectedAt.add(stage)));
			model.addAttribute("evaluation", evaluation);
			model.addAttribute("injectedAt", injectedAt);
			model.addAttribute("previewError", result.runtimeError());
		}
		catch (PreviewPage.InvalidForm ex) {
			model.addAttribute("lastPreviewInvalid", ex.getMessage());
		}
	}

	private List<Map.Entry<String, String>> directoryOptions() {
		return new ArrayList<>(this.directories.idsByDirectory().entrySet());
	}

}
