package io.github.ocihooks.admin.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import io.github.ocihooks.admin.config.Role;
import io.github.ocihooks.admin.store.HookFiles;
import io.github.ocihooks.admin.store.StoreException;
import io.github.ocihooks.admin.history.AuditLog;
import io.github.ocihooks.admin.history.History;
import io.github.ocihooks.admin.history.Restorer;
import io.github.ocihooks.admin.history.TextDiff;
import io.github.ocihooks.admin.directories.HookDirectories;

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

	private final AuditLog audit;

	private final Restorer restorer;

	private final HookDirectories directories;

	HistoryPageController(HookFiles files, History history, AuditLog audit, Restorer restorer,
			HookDirectories directories) {
		this.directories = directories;
		this.files = files;
		this.history = history;
		this.audit = audit;
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
		HookFiles.StoredFile current = null;
		try {
			current = this.files.read(id, name).orElse(null);
		}
		catch (StoreException ex) {
			if (ex.kind() == StoreException.Kind.INVALID_NAME) {
				throw ex;
			}
		}
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
		model.addAttribute("entries", admin ? this.audit.recent(name, 50) : List.of());
		model.addAttribute("showAudit", admin);
		return "history";
	}

	@PostMapping("/history/restore")
	String restore(@RequestParam String directory, @RequestParam String name, @RequestParam String version,
			@RequestParam(required = false) String etag, RedirectAttributes redirect) {
		String back = "redirect:/history?directory=" + UriUtils.encodeQueryParam(directory, StandardCharsets.UTF_8)
				+ "&name=" + UriUtils.encodeQueryParam(name, StandardCharsets.UTF_8);
		try {
			this.restorer.restore(directory, name, version, (etag == null || etag.isBlank()) ? null : etag);
			Flash.success(redirect, "Restored " + name + " to the version saved " + savedAt(version)
					+ "; the replaced content is kept in the history too.");
		}
		catch (StoreException ex) {
			Flash.error(redirect,
					(ex.kind() == StoreException.Kind.PRECONDITION_FAILED)
							? "The file changed on disk since you opened this page; nothing was restored. Look again."
							: ex.getMessage());
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

	@GetMapping("/audit")
	String audit(Model model) {
		model.addAttribute("entries", this.audit.recent(null, 500));
		return "audit";
	}

}
