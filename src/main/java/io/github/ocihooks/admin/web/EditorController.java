package io.github.ocihooks.admin.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.ocihooks.admin.engine.FileState;
import io.github.ocihooks.admin.engine.GoJson;
import io.github.ocihooks.admin.engine.Problem;
import io.github.ocihooks.admin.engine.Snapshot;
import io.github.ocihooks.admin.engine.Stages;
import io.github.ocihooks.admin.definitions.DefinitionCheck;
import io.github.ocihooks.admin.definitions.DefinitionValidator;
import io.github.ocihooks.admin.store.HookFiles;
import io.github.ocihooks.admin.store.HookStore;
import io.github.ocihooks.admin.store.StoreException;
import io.github.ocihooks.admin.inventory.HookCatalog;
import io.github.ocihooks.admin.directories.HookDirectories;
import io.github.ocihooks.admin.runtimes.RuntimeNotice;
import io.github.ocihooks.admin.runtimes.RuntimeViews;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The hook editor ({@code /hooks/new}, {@code /hooks/{dir}/{name}/edit}), its live
 * validation endpoint, and deleting with a confirmation page. Every write goes through
 * {@link DefinitionValidator} (the API's validation) and is conditioned on the ETag the
 * editor was opened with.
 * <p>
 * Above 250 lines because the editor's pages hold many outcomes that each need their own
 * words (saved, created, changed on disk meanwhile, deleted meanwhile, name taken,
 * refused directory, stale delete); validation, writability and what becomes effective
 * after a delete are the features' decisions.
 */
@Controller
class EditorController {

	private final HookStore store;

	private final HookFiles files;

	private final JsonMapper json;

	private final HookDirectories directories;

	private final DefinitionValidator validator;

	private final RuntimeViews runtimes;

	EditorController(HookStore store, HookFiles files, JsonMapper json, HookDirectories directories,
			DefinitionValidator validator, RuntimeViews runtimes) {
		this.runtimes = runtimes;
		this.validator = validator;
		this.directories = directories;
		this.store = store;
		this.files = files;
		this.json = json;
	}

	/**
	 * A validation message for the page or the live-validation script.
	 *
	 * @param field the form field it belongs to ({@code general} when none)
	 * @param pointer JSON pointer into the definition, or null
	 * @param message what is wrong
	 */
	record Message(String field, String pointer, String message) {

		static Message of(Problem p) {
			return new Message(EditorController.field(p.pointer()), p.pointer(), p.message());
		}

	}

	/**
	 * The outcome of validating the editor's content, as the page and
	 * {@code POST /hooks/validate} report it.
	 *
	 * @param valid whether it can be saved
	 * @param errors what prevents saving
	 * @param warnings what the runtime accepts but may surprise
	 * @param json the definition text that was validated
	 * @param canonical the canonical text that would be written, or null
	 */
	record Validation(boolean valid, List<Message> errors, List<Message> warnings, String json, String canonical) {

		/** The first error for a field, or null. */
		public String errorFor(String field) {
			return this.errors.stream()
				.filter(m -> m.field().equals(field))
				.map(Message::message)
				.findFirst()
				.orElse(null);
		}

	}

	@GetMapping("/hooks/new")
	String create(@RequestParam(required = false) String directory, Model model, RedirectAttributes redirect) {
		List<Map.Entry<String, String>> targets = this.directories.accepting();
		if (targets.isEmpty()) {
			Flash.error(redirect, "No hook directory accepts writes: create the highest-precedence directory first, "
					+ "or set hooks.writable-directories.");
			return "redirect:/";
		}
		HookForm form = HookForm.blank();
		form.setDirectoryId((directory != null) ? directory : this.directories.id(this.directories.defaultTarget()));
		return editor(form, null, model);
	}

	@GetMapping("/hooks/{directoryId}/{name}/edit")
	String edit(@PathVariable String directoryId, @PathVariable String name, Model model, RedirectAttributes redirect) {
		String refused = refusedRedirect(directoryId, name, redirect);
		if (refused != null) {
			return refused;
		}
		HookFiles.StoredFile stored = this.files.require(directoryId, name);
		HookForm form = formFor(stored);
		return editor(form, null, model);
	}

	private HookForm formFor(HookFiles.StoredFile stored) {
		String raw = new String(stored.content(), StandardCharsets.UTF_8);
		FileState state = HookCatalog.find(this.store.snapshot(), stored.directoryIndex(), stored.name()).orElse(null);
		HookForm form;
		if (state != null && state.file().definition() != null && !state.file().definition().legacy()) {
			form = HookForm.of(state.file().definition());
		}
		else {
			// Unreadable or legacy: edit the text itself.
			form = new HookForm();
			form.setMode("raw");
		}
		form.setRaw(raw);
		form.setDirectoryId(stored.directoryId());
		form.setName(stored.name());
		form.setEtag(stored.etag());
		form.setCreating(false);
		return form;
	}

	/**
	 * For the editor's script (session and CSRF token), not part of the API: kept out of
	 * the OpenAPI document.
	 */
	@io.swagger.v3.oas.annotations.Hidden
	@PostMapping(path = "/hooks/validate", produces = "application/json")
	@ResponseBody
	Validation validate(@ModelAttribute HookForm form) {
		return check(form).validation();
	}

	@PostMapping("/hooks/save")
	String save(@ModelAttribute("form") HookForm form, Model model, RedirectAttributes redirect) {
		Checked checked = check(form);
		if (!checked.validation().valid()) {
			return editor(form, checked.validation(), model);
		}
		try {
			HookFiles.Precondition precondition = form.isCreating() ? new HookFiles.Precondition(null, true)
					: new HookFiles.Precondition(blankToNull(form.getEtag()), false);
			this.directories.requireRead(this.directories.index(form.getDirectoryId()), form.isForce());
			HookFiles.WriteResult result = this.files.write(form.getDirectoryId(), form.getName(),
					checked.check().canonical(), precondition);
			String where = this.directories.location(this.directories.index(form.getDirectoryId()));
			Flash.success(redirect, (result.created() ? "Created " : "Saved ") + form.getName() + " in " + where + ". "
					+ seenBy(where, "No runtime reads this directory: the file never runs."));
			return "redirect:/hooks/" + form.getDirectoryId() + "/" + form.getName();
		}
		catch (StoreException ex) {
			if (ex.kind() == StoreException.Kind.PRECONDITION_FAILED && !form.isCreating()) {
				return conflict(form, checked.validation(), model);
			}
			model.addAttribute("saveError",
					ex.kind() == StoreException.Kind.PRECONDITION_FAILED
							? form.getName()
									+ " already exists in this directory: open it to edit it, or choose another name."
							: ex.getMessage());
			return editor(form, checked.validation(), model);
		}
	}

	/**
	 * The file changed on disk since the editor was opened: show its current content,
	 * keep the user's edits.
	 */
	private String conflict(HookForm form, Validation validation, Model model) {
		HookFiles.StoredFile current = this.files.read(form.getDirectoryId(), form.getName()).orElse(null);
		if (current == null) {
			model.addAttribute("conflict", form.getName() + " was deleted on disk since you opened it. "
					+ "Your edits are kept below; save as a new file to recreate it.");
			form.setCreating(true);
			form.setEtag(null);
		}
		else {
			model.addAttribute("conflict", form.getName() + " changed on disk since you opened it. Its current "
					+ "content is shown below and your edits are kept; saving again replaces the current content "
					+ "with your version.");
			model.addAttribute("currentContent", new String(current.content(), StandardCharsets.UTF_8));
			form.setEtag(current.etag());
		}
		return editor(form, validation, model);
	}

	@GetMapping("/hooks/{directoryId}/{name}/delete")
	String confirmDelete(@PathVariable String directoryId, @PathVariable String name, Model model,
			RedirectAttributes redirect) {
		String refused = refusedRedirect(directoryId, name, redirect);
		if (refused != null) {
			return refused;
		}
		int index = this.directories.index(directoryId);
		HookFiles.StoredFile stored = this.files.require(directoryId, name);
		Snapshot snapshot = this.store.snapshot();
		FileState state = HookCatalog.find(snapshot, index, name).orElse(null);
		model.addAttribute("stored", stored);
		model.addAttribute("content", new String(stored.content(), StandardCharsets.UTF_8));
		model.addAttribute("path", this.directories.location(index, name));
		model.addAttribute("state", state);
		model.addAttribute("replacement", (state != null) ? HookCatalog.replacement(snapshot, state) : null);
		model.addAttribute("directoryIds", this.directories.idsByDirectory());
		model.addAttribute("unread", this.directories.readers(index).isEmpty());
		return "delete";
	}

	@PostMapping("/hooks/{directoryId}/{name}/delete")
	String delete(@PathVariable String directoryId, @PathVariable String name, @RequestParam String etag,
			@RequestParam(defaultValue = "false") boolean force, RedirectAttributes redirect) {
		String confirmation = "redirect:/hooks/" + directoryId + "/" + name + "/delete";
		String where;
		try {
			int index = this.directories.index(directoryId);
			where = this.directories.location(index);
			this.directories.requireRead(index, force);
			this.files.delete(directoryId, name, etag);
		}
		catch (StoreException ex) {
			if (ex.kind() == StoreException.Kind.PRECONDITION_FAILED) {
				Flash.error(redirect, name + " changed on disk since you opened this page, so it was not deleted. "
						+ "Check its current content and confirm again.");
				return confirmation;
			}
			if (ex.kind() == StoreException.Kind.UNREAD_DIRECTORY) {
				Flash.error(redirect, name + " was not deleted: no runtime on this host reads its directory, so a "
						+ "hook file there never runs. To delete it all the same, check \"Delete it anyway (force)\".");
				return confirmation;
			}
			Flash.error(redirect, ex.getMessage());
			return "redirect:/hooks";
		}
		Flash.success(redirect,
				"Deleted " + name + " from " + where + ". "
						+ seenBy(where, "No runtime reads this directory: the file never ran.")
						+ " Its content stays in the history, from where it can be restored.");
		return "redirect:/hooks";
	}

	/**
	 * Which runtimes see a change just made in the directory at {@code where}, and when;
	 * {@code nobody} when no runtime reads it.
	 */
	private String seenBy(String where, String nobody) {
		return RuntimeNotice.summary(this.runtimes.audience(where), nobody);
	}

	private record Checked(DefinitionCheck check, Validation validation) {
	}

	private Checked check(HookForm form) {
		String text = form.definitionJson(this.json);
		List<Message> errors = new ArrayList<>();
		int index;
		try {
			index = this.directories.index(form.getDirectoryId());
			HookFiles.checkName(form.getName());
		}
		catch (StoreException ex) {
			errors.add(new Message((ex.kind() == StoreException.Kind.INVALID_NAME) ? "name" : "directoryId", null,
					ex.getMessage()));
			return new Checked(null, new Validation(false, errors, List.of(), text, null));
		}
		String refusal = this.directories.refusal(index);
		if (refusal != null) {
			errors.add(new Message("directoryId", null, refusal));
		}
		GoJson.Value root;
		try {
			root = GoJson.parse(text);
		}
		catch (GoJson.SyntaxException ex) {
			errors.add(new Message("raw".equals(form.getMode()) ? "raw" : "general", "",
					"Not valid JSON: " + ex.getMessage()));
			return new Checked(null, new Validation(false, errors, List.of(), text, null));
		}
		DefinitionCheck check = this.validator.check(index, form.getName(), root);
		for (Problem p : check.errors()) {
			errors.add(Message.of(p));
		}
		List<Message> warnings = check.warnings().stream().map(Message::of).toList();
		String canonical = (check.canonical() != null) ? new String(check.canonical(), StandardCharsets.UTF_8) : null;
		return new Checked(check, new Validation(errors.isEmpty(), errors, warnings, text, canonical));
	}

	/** The form field a JSON pointer into a definition belongs to. */
	static String field(String pointer) {
		if (pointer == null || pointer.isEmpty()) {
			return "general";
		}
		Map<String, String> prefixes = new LinkedHashMap<>();
		prefixes.put("/hook/path", "path");
		prefixes.put("/hook/args", "args");
		prefixes.put("/hook/env", "env");
		prefixes.put("/hook/timeout", "timeout");
		prefixes.put("/stages", "stages");
		prefixes.put("/when/always", "always");
		prefixes.put("/when/hasBindMounts", "hasBindMounts");
		prefixes.put("/when/annotations", "annotations");
		prefixes.put("/when/commands", "commands");
		prefixes.put("/when", "conditions");
		prefixes.put("/hook", "path");
		for (Map.Entry<String, String> e : prefixes.entrySet()) {
			if (pointer.equals(e.getKey()) || pointer.startsWith(e.getKey() + "/")) {
				return e.getValue();
			}
		}
		return "general";
	}

	private String editor(HookForm form, Validation validation, Model model) {
		model.addAttribute("form", form);
		model.addAttribute("validation", validation);
		Set<String> stages = new LinkedHashSet<>(Stages.OCI);
		stages.addAll(this.store.extensionStages());
		stages.addAll(form.getStages());
		model.addAttribute("stageOptions", stages);
		model.addAttribute("extensionStages", this.store.extensionStages());
		model.addAttribute("directories", this.directories.accepting());
		List<String> unread = new java.util.ArrayList<>();
		for (int i = 0; i < this.directories.ids().size(); i++) {
			if (this.directories.readers(i).isEmpty()) {
				unread.add(this.directories.id(i));
			}
		}
		model.addAttribute("unreadDirectoryIds", unread);
		String directoryPath = null;
		try {
			directoryPath = this.directories.location(this.directories.index(form.getDirectoryId()));
		}
		catch (StoreException ex) {
			// Unknown directory: the validation message says so.
		}
		model.addAttribute("directoryPath", directoryPath);
		return "editor";
	}

	private static String blankToNull(String s) {
		return (s == null || s.isBlank()) ? null : s;
	}

	/**
	 * Back to the file's page with the reason, when its directory does not accept writes;
	 * null when it does.
	 */
	private String refusedRedirect(String directoryId, String name, RedirectAttributes redirect) {
		String refusal = this.directories.refusal(this.directories.index(directoryId));
		if (refusal == null) {
			return null;
		}
		Flash.error(redirect, refusal);
		return "redirect:/hooks/" + directoryId + "/" + name;
	}

}
