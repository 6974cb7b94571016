package io.github.ocihooks.admin.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.github.ocihooks.admin.engine.Evaluation;
import io.github.ocihooks.admin.engine.PreviewResult;
import io.github.ocihooks.admin.preview.PrecreateRunner;
import io.github.ocihooks.admin.preview.PreviewService;
import io.github.ocihooks.admin.directories.HookDirectories;
import io.github.ocihooks.admin.runtimes.RuntimeViews;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code /preview}: what the runtime would inject into a container, and why every other
 * hook did not match.
 */
@Controller
class PreviewPageController {

	private final PreviewService previews;

	private final PreviewPage page;

	private final PrecreateRunner precreate;

	private final HookDirectories directories;

	private final RuntimeViews runtimes;

	private final PreviewLink link;

	PreviewPageController(PreviewService previews, PreviewPage page, PrecreateRunner precreate,
			HookDirectories directories, RuntimeViews runtimes, PreviewLink link) {
		this.link = link;
		this.runtimes = runtimes;
		this.directories = directories;
		this.previews = previews;
		this.page = page;
		this.precreate = precreate;
	}

	/**
	 * The form, filled from a sample or the session's last preview; with a link's inputs
	 * in the query ({@link PreviewLink}), the preview of those inputs. A GET never runs
	 * precreate hooks and changes nothing but the session's last preview.
	 */
	@GetMapping("/preview")
	String form(@RequestParam MultiValueMap<String, String> query, HttpSession session, Authentication user,
			Model model, HttpServletResponse response) {
		common(model, user);
		if (PreviewLink.requested(query)) {
			PreviewLink.Decoded link = this.link.decode(query);
			model.addAttribute("form", link.form());
			if (link.error() != null) {
				invalid(model, link.error());
			}
			else {
				show(link.form(), false, session, user, model);
			}
			if (model.containsAttribute("formError")) {
				response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			}
			return "preview";
		}
		PreviewForm form;
		String sample = query.getFirst("sample");
		PreviewSamples.Sample chosen = (sample != null) ? PreviewSamples.ALL.get(sample) : null;
		if (chosen != null) {
			form = new PreviewForm();
			form.setConfig(chosen.config());
			form.setSample(chosen.id());
		}
		else {
			PreviewForm last = (PreviewForm) session.getAttribute(PreviewForm.SESSION_KEY);
			form = (last != null) ? last.copyWithoutPrecreate() : new PreviewForm();
		}
		model.addAttribute("form", form);
		return "preview";
	}

	@PostMapping("/preview")
	String preview(@ModelAttribute("form") PreviewForm form,
			@RequestParam(name = "upload", required = false) MultipartFile upload, HttpSession session,
			Authentication user, Model model) throws IOException {
		common(model, user);
		if (upload != null && !upload.isEmpty()) {
			form.setConfig(new String(upload.getBytes(), StandardCharsets.UTF_8));
			form.setSample(null);
		}
		show(form, form.isRunPrecreate() && this.precreate.allowed(user), session, user, model);
		return "preview";
	}

	/** The preview of {@code form} into the model, or the form's error. */
	private void show(PreviewForm form, boolean runPrecreate, HttpSession session, Authentication user, Model model) {
		PreviewService.Request request;
		try {
			request = this.page.request(form, runPrecreate);
		}
		catch (PreviewPage.InvalidForm ex) {
			invalid(model, ex);
			return;
		}
		PreviewService.Preview preview;
		try {
			preview = this.previews.preview(request, user);
		}
		catch (PrecreateRunner.RefusedException ex) {
			model.addAttribute("precreateRefused", ex.getMessage());
			preview = this.previews.preview(withoutPrecreate(request), user);
		}
		catch (PreviewService.UnknownProfileException ex) {
			invalid(model, new PreviewPage.InvalidForm("profile", ex.getMessage()));
			return;
		}
		session.setAttribute(PreviewForm.SESSION_KEY, form.copyWithoutPrecreate());
		PreviewResult result = preview.result();
		model.addAttribute("preview", preview);
		model.addAttribute("result", result);
		model.addAttribute("share", this.link.of(form));
		model.addAttribute("hooksJson", this.page.hooksJson(result.hooks()));
		model.addAttribute("extensionHooksJson", this.page.hooksJson(result.extensionStageHooks()));
		model.addAttribute("unmatched", result.evaluations().stream().filter(e -> !e.matched()).toList());
		model.addAttribute("matchedCount", result.evaluations().stream().filter(Evaluation::matched).count());
		if (preview.precreate() != null) {
			model.addAttribute("steps", this.page.steps(form.getConfig(), result.hooks(), preview.precreate()));
			model.addAttribute("finalConfig", this.page.pretty(preview.precreate().finalConfig()));
		}
	}

	private static void invalid(Model model, PreviewPage.InvalidForm error) {
		model.addAttribute("formError", error.getMessage());
		model.addAttribute("formErrorField", error.field());
	}

	private static PreviewService.Request withoutPrecreate(PreviewService.Request r) {
		return new PreviewService.Request(r.config(), null, r.annotations(), r.hasBindMounts(), r.extensionStages(),
				false, r.profile());
	}

	private void common(Model model, Authentication user) {
		model.addAttribute("samples", PreviewSamples.ALL.values());
		model.addAttribute("precreateAllowed", this.precreate.allowed(user));
		model.addAttribute("precreateEnabled", this.precreate.enabled());
		model.addAttribute("directoryIds", this.directories.idsByDirectory());
		model.addAttribute("runtimeChoices", this.runtimes.current().runtimes());
	}

}
