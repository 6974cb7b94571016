package io.github.ocihooks.admin.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.ocihooks.admin.engine.ContainerConfig;
import io.github.ocihooks.admin.engine.GoJson;
import io.github.ocihooks.admin.engine.OciHook;
import io.github.ocihooks.admin.engine.precreate.ConfigFilterChain;
import io.github.ocihooks.admin.engine.precreate.JsonPatchDiff;
import io.github.ocihooks.admin.preview.PreviewService;
import io.github.ocihooks.admin.history.TextDiff;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Turns the preview form into a {@link PreviewService.Request}, and a preview into what
 * the page shows.
 */
@Component
class PreviewPage {

	private final JsonMapper json;

	PreviewPage(JsonMapper json) {
		this.json = json;
	}

	/** The form cannot be previewed; {@code field} names the form field at fault. */
	static final class InvalidForm extends Exception {

		private final String field;

		InvalidForm(String field, String message) {
			super(message);
			this.field = field;
		}

		String field() {
			return this.field;
		}

	}

	PreviewService.Request request(PreviewForm form, boolean runPrecreate) throws InvalidForm {
		String text = form.getConfig().strip();
		if (text.isEmpty()) {
			throw new InvalidForm("config", "Paste or upload a config.json, or start from a sample.");
		}
		ContainerConfig config;
		try {
			config = ContainerConfig.parse(GoJson.parse(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GoJson.SyntaxException ex) {
			throw new InvalidForm("config", "The config is not valid JSON: " + ex.getMessage());
		}
		catch (ContainerConfig.InvalidConfigException ex) {
			throw new InvalidForm("config",
					"The config does not fit the OCI schema at " + ex.pointer() + ": " + ex.getMessage());
		}
		JsonNode configJson = runPrecreate ? this.json.readTree(text) : null;
		return new PreviewService.Request(config, configJson, annotations(form.getAnnotations()),
				switch (form.getHasBindMounts()) {
					case "yes" -> Boolean.TRUE;
					case "no" -> Boolean.FALSE;
					default -> null;
				}, null, runPrecreate, form.getProfile().isBlank() ? null : form.getProfile());
	}

	/** {@code key=value} per line (blank lines skipped); null when the text is blank. */
	static Map<String, String> annotations(String text) throws InvalidForm {
		if (text == null || text.isBlank()) {
			return null;
		}
		Map<String, String> annotations = new LinkedHashMap<>();
		String[] lines = text.split("\r?\n");
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i].strip();
			if (line.isEmpty()) {
				continue;
			}
			int eq = line.indexOf('=');
			if (eq <= 0) {
				throw new InvalidForm("annotations",
						"Line " + (i + 1) + " of the annotations is not key=value: " + line);
			}
			annotations.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
		}
		return annotations;
	}

	/**
	 * The {@code hooks} object as the runtime would write it into config.json,
	 * pretty-printed; null for none.
	 */
	String hooksJson(Map<String, List<OciHook>> hooks) {
		if (hooks == null) {
			return null;
		}
		return PreviewService.hooksJson(hooks).toPrettyString();
	}

	/**
	 * One precreate step for the page.
	 *
	 * @param step what ran and what it did
	 * @param diff the unified diff of the pretty-printed config before and after it
	 */
	record StepView(ConfigFilterChain.Step step, List<TextDiff.Line> diff) {

		public String command() {
			return String.join(" ", this.step.args());
		}

		/** The last lines of stderr (at most 20). */
		public String stderrTail() {
			String stderr = this.step.stderr();
			if (stderr == null || stderr.isBlank()) {
				return null;
			}
			List<String> lines = TextDiff.lines(stderr.stripTrailing());
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
		}

	}

	/**
	 * The precreate steps, each with the diff it made to the config the runtime would
	 * receive.
	 */
	List<StepView> steps(String configText, Map<String, List<OciHook>> injected, ConfigFilterChain.Result run) {
		List<StepView> views = new ArrayList<>();
		JsonNode before = injectedConfig(configText, injected);
		for (ConfigFilterChain.Step step : run.steps()) {
			if (step.patch() == null || before == null) {
				views.add(new StepView(step, List.of()));
				continue;
			}
			JsonNode after;
			try {
				after = JsonPatchDiff.apply(before, step.patch());
			}
			catch (IllegalArgumentException ex) {
				views.add(new StepView(step, List.of()));
				before = null;
				continue;
			}
			views.add(new StepView(step, TextDiff.unified("before hook " + step.index(), before.toPrettyString(),
					"after hook " + step.index(), after.toPrettyString())));
			before = after;
		}
		return views;
	}

	/**
	 * The config with {@code hooks} replaced by the injected ones, as
	 * {@link PreviewService} hands it to the chain.
	 */
	JsonNode injectedConfig(String configText, Map<String, List<OciHook>> injected) {
		JsonNode parsed;
		try {
			parsed = this.json.readTree(configText);
		}
		catch (RuntimeException ex) {
			return null;
		}
		return PreviewService.injectedConfig(parsed, injected);
	}

	String pretty(JsonNode node) {
		return (node != null) ? node.toPrettyString() : null;
	}

}
