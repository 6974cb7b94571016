package io.github.ocihooks.admin.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.ocihooks.admin.config.Role;
import io.github.ocihooks.admin.store.HookFiles;
import io.github.ocihooks.admin.store.StoreException;
import io.github.ocihooks.admin.engine.HookLoader;
import io.github.ocihooks.admin.history.AuditAction;
import io.github.ocihooks.admin.history.AuditLog;
import io.github.ocihooks.admin.history.AuditQuery;
import io.github.ocihooks.admin.history.AuditSearch;
import io.github.ocihooks.admin.history.History;
import io.github.ocihooks.admin.history.Restorer;
import io.github.ocihooks.admin.history.TextDiff;
import io.github.ocihooks.admin.directories.HookDirectories;
import io.github.ocihooks.admin.runtimes.RuntimeNotice;
import io.github.ocihooks.admin.runtimes.RuntimeViews;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

/**
 * The history of one hook file (every version this service replaced or deleted, with its
 * diff to the current file) with restore for admins, and the audit log.
 */
@Controller
class HistoryPageController {

	private final HookFiles files;

	private final History history;

	private final AuditSearch audits;

	private final Restorer restorer;

	private final HookDirectories directories;

	private final RuntimeViews runtimes;

	HistoryPageController(HookFiles files, History history, AuditSearch audits, Restorer restorer,
			HookDirectories directories, RuntimeViews runtimes) {
		this.runtimes = runtimes;
		this.directories = directories;
		this.files = files;
		this.history = history;
		this.audits = audits;
		this.restorer = restorer;
	}

	/**
	 * A kept version, with its diff to the current file.
	 *
	 * @param version the version
	 * @param diff unified diff from it to the current content
	 */
	record VersionView(History.Version version, List<TextDiff.Line> diff) {
	}

	@GetMapping("/history")
	String history(@RequestParam String directory, @RequestParam String name, Authentication user, Model model) {
		int index = this.directories.index(directory);
		String id = this.directories.ids().get(index);
		HookFiles.StoredFile current = current(id, name);
		String now = (current != null) ? new String(current.content(), StandardCharsets.UTF_8) : "";
		List<VersionView> versions = new ArrayList<>();
		for (History.Version v : this.history.versions(id, name)) {
			String old = this.history.content(id, name, v.id())
				.map(b -> new String(b, StandardCharsets.UTF_8))
				.orElse("");
			versions.add(new VersionView(v, TextDiff.unified("version " + v.id(), old, "current", now)));
		}
		boolean admin = Role.ADMIN.grantedTo(user);
		model.addAttribute("directoryId", id);
		model.addAttribute("directory", this.directories.location(index));
		model.addAttribute("name", name);
		model.addAttribute("exists", current != null);
		model.addAttribute("etag", (current != null) ? current.etag() : null);
		model.addAttribute("versions", versions);
		model.addAttribute("canRestore", admin && this.directories.accepts(index));
		model.addAttribute("unread", this.directories.readers(index).isEmpty());
		model.addAttribute("entries", admin
				? this.audits.search(new AuditQuery(id, name, Set.of(), null, null, null, null, null, 50)).entries()
				: List.of());
		model.addAttribute("showAudit", admin);
		return "history";
	}

	/** The file as it is now, or null when it is gone or cannot be read as a file. */
	private HookFiles.StoredFile current(String directoryId, String name) {
		try {
			return this.files.read(directoryId, name).orElse(null);
		}
		catch (StoreException ex) {
			if (ex.kind() == StoreException.Kind.INVALID_NAME) {
				throw ex;
			}
			return null;
		}
	}

	/**
	 * One kept version whole, with line numbers, what replaced it (user and address for
	 * admins only, as in the audit log) and restore for admins.
	 */
	@GetMapping("/history/version")
	String version(@RequestParam String directory, @RequestParam String name, @RequestParam String version,
			Authentication user, Model model) {
		int index = this.directories.index(directory);
		String id = this.directories.id(index);
		byte[] content = this.history.content(id, name, version)
			.orElseThrow(() -> new StoreException(StoreException.Kind.NOT_FOUND,
					"No version " + version + " of " + name + " in the history"));
		History.Version kept = this.history.versions(id, name)
			.stream()
			.filter(v -> v.id().equals(version))
			.findFirst()
			.orElseThrow(() -> new StoreException(StoreException.Kind.NOT_FOUND, "No version " + version));
		String text = new String(content, StandardCharsets.UTF_8);
		HookFiles.StoredFile current = current(id, name);
		boolean admin = Role.ADMIN.grantedTo(user);
		model.addAttribute("directoryId", id);
		model.addAttribute("directory", this.directories.location(index));
		model.addAttribute("name", name);
		model.addAttribute("version", kept);
		model.addAttribute("lines", HooksController.rawLines(text, List.of()));
		model.addAttribute("copy", CopyText.json(text));
		model.addAttribute("replacedBy", this.audits.replacement(id, name, kept).orElse(null));
		model.addAttribute("showActor", admin);
		model.addAttribute("exists", current != null);
		model.addAttribute("current", current != null && kept.sha256().equals(HookLoader.sha256(current.content())));
		model.addAttribute("etag", (current != null) ? current.etag() : null);
		model.addAttribute("canRestore", admin && this.directories.accepts(index));
		model.addAttribute("unread", this.directories.readers(index).isEmpty());
		return "version";
	}

	/**
	 * Restores a kept version; into a directory that no runtime reads only with
	 * {@code force} (the form's checkbox), as the editor's save. The message says which
	 * runtimes see the change and when.
	 */
	@PostMapping("/history/restore")
	String restore(@RequestParam String directory, @RequestParam String name, @RequestParam String version,
			@RequestParam(required = false) String etag, @RequestParam(defaultValue = "false") boolean force,
			RedirectAttributes redirect) {
		String back = "redirect:/history?directory=" + UriUtils.encode(directory, StandardCharsets.UTF_8) + "&name="
				+ UriUtils.encode(name, StandardCharsets.UTF_8);
		try {
			int index = this.directories.index(directory);
			this.directories.requireRead(index, force);
			this.restorer.restore(directory, name, version, (etag == null || etag.isBlank()) ? null : etag);
			Flash.success(redirect,
					"Restored " + name + " to the version saved " + savedAt(version)
							+ "; the replaced content is kept in the history too. "
							+ RuntimeNotice.summary(this.runtimes.audience(this.directories.location(index)),
									"No runtime reads this directory: the file never runs."));
		}
		catch (StoreException ex) {
			Flash.error(redirect, switch (ex.kind()) {
				case PRECONDITION_FAILED ->
					"The file changed on disk since you opened this page; nothing was restored. Look again.";
				case UNREAD_DIRECTORY -> name + " was not restored: no runtime on this host reads its directory, so a "
						+ "hook file there never runs. To restore it all the same, check \"Restore it anyway (force)\".";
				default -> ex.getMessage();
			});
		}
		return back;
	}

	// A version id is MILLIS-SHA256: the time it was kept, as people read it.
	static String savedAt(String version) {
		int dash = version.indexOf('-');
		try {
			long millis = Long.parseLong((dash > 0) ? version.substring(0, dash) : version);
			return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
				.withZone(ZoneOffset.UTC)
				.format(Instant.ofEpochMilli(millis));
		}
		catch (NumberFormatException ex) {
			return version;
		}
	}

	/**
	 * The audit log, newest first, filtered (a GET form, so the address can be kept) and
	 * paged with the history package's cursor: the previous/next links keep the filter.
	 */
	@GetMapping("/audit")
	String audit(@RequestParam(required = false) String directory, @RequestParam(required = false) String name,
			@RequestParam(required = false) AuditAction action, @RequestParam(required = false) String user,
			@RequestParam(required = false) String since, @RequestParam(required = false) String until,
			@RequestParam(required = false) Long before, @RequestParam(required = false) Long after,
			@RequestParam(defaultValue = "" + AuditForm.PAGE_SIZE) int limit, Model model) {
		AuditForm form = new AuditForm(directory, name, (action != null) ? action.wire() : null, user, since, until,
				limit);
		AuditLog.Page page = new AuditLog.Page(List.of(), null, null);
		try {
			page = this.audits.search(AuditQuery.of(directory, name, (action != null) ? List.of(action) : List.of(),
					user, since, until, before, after, limit));
		}
		catch (AuditQuery.Invalid ex) {
			model.addAttribute("invalid", ex.getMessage());
		}
		Map<String, String> directories = new LinkedHashMap<>();
		for (int i = this.directories.ids().size() - 1; i >= 0; i--) {
			directories.put(this.directories.id(i), this.directories.location(i));
		}
		if (directory != null && !directory.isBlank() && !directories.containsKey(directory)) {
			directories.put(directory, directory);
		}
		model.addAttribute("form", form);
		model.addAttribute("page", page);
		model.addAttribute("entries", page.entries());
		model.addAttribute("actions", AuditAction.values());
		model.addAttribute("directories", directories);
		model.addAttribute("users", this.audits.users());
		return "audit";
	}

}
