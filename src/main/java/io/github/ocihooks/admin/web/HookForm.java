package io.github.ocihooks.admin.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.ocihooks.admin.engine.HookDefinition;
import io.github.ocihooks.admin.engine.HookWriter;
import io.github.ocihooks.admin.engine.OciHook;
import io.github.ocihooks.admin.engine.When;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hook editor: a 1.0.0 definition as form fields (lists one item per line, annotation
 * conditions as rows), or as raw JSON. {@link #definitionJson} gives the text that is
 * validated and written either way.
 * <p>
 * Above 250 lines because it is a form-backing bean: about half of it is the getters and
 * setters Spring's data binding needs for each field.
 */
public class HookForm {

	/**
	 * Empty annotation rows offered beyond the filled ones, so that rows can be added
	 * without JavaScript.
	 */
	static final int SPARE_ANNOTATION_ROWS = 2;

	private String directoryId;

	private String name;

	/** The ETag the editor was opened with; blank when creating. */
	private String etag;

	private boolean creating = true;

	/** {@code form} or {@code raw}: which of the two the user saves. */
	private String mode = "form";

	private String path = "";

	private String args = "";

	private String env = "";

	private String timeout = "";

	private List<String> stages = new ArrayList<>();

	/** {@code ""} (unset), {@code true} or {@code false}. */
	private String always = "";

	private String hasBindMounts = "";

	private List<String> annotationKeys = new ArrayList<>();

	private List<String> annotationValues = new ArrayList<>();

	private String commands = "";

	private String raw = "";

	/** A form for the given definition (raw text is its canonical form). */
	static HookForm of(HookDefinition definition) {
		HookForm form = new HookForm();
		OciHook hook = definition.hook();
		form.path = (hook.path() != null) ? hook.path() : "";
		form.args = lines(hook.args());
		form.env = lines(hook.env());
		form.timeout = (hook.timeout() != null) ? hook.timeout().toString() : "";
		form.stages = (definition.stages() != null) ? new ArrayList<>(definition.stages()) : new ArrayList<>();
		When when = definition.when();
		if (when != null) {
			form.always = (when.always() != null) ? when.always().toString() : "";
			form.hasBindMounts = (when.hasBindMounts() != null) ? when.hasBindMounts().toString() : "";
			if (when.annotations() != null) {
				for (Map.Entry<String, String> e : when.annotations().entrySet()) {
					form.annotationKeys.add(e.getKey());
					form.annotationValues.add(e.getValue());
				}
			}
			form.commands = lines(when.commands());
		}
		form.raw = HookWriter.toText(definition);
		return form;
	}

	/**
	 * A new hook: stage createRuntime and no condition at all, so that one Save cannot
	 * give every container a root hook; the admin picks a condition (an empty
	 * {@code when} never matches, and the validator says so).
	 */
	static HookForm blank() {
		HookForm form = new HookForm();
		form.stages.add("createRuntime");
		form.raw = "{\n  \"version\": \"1.0.0\",\n  \"hook\": {\n    \"path\": \"\"\n  },\n  \"when\": {},\n"
				+ "  \"stages\": [\"createRuntime\"]\n}\n";
		return form;
	}

	/**
	 * The text to validate and save: the raw JSON in {@code raw} mode, else the form
	 * fields as JSON.
	 */
	String definitionJson(JsonMapper json) {
		return "raw".equals(this.mode) ? this.raw : fieldsJson(json);
	}

	/** The form fields as a 1.0.0 definition (absent where a field is empty). */
	String fieldsJson(JsonMapper json) {
		ObjectNode root = json.createObjectNode();
		root.put("version", HookDefinition.CURRENT_VERSION);
		ObjectNode hook = root.putObject("hook");
		hook.put("path", this.path.strip());
		List<String> argList = split(this.args);
		if (!argList.isEmpty()) {
			argList.forEach(hook.putArray("args")::add);
		}
		List<String> envList = split(this.env);
		if (!envList.isEmpty()) {
			envList.forEach(hook.putArray("env")::add);
		}
		String t = this.timeout.strip();
		if (!t.isEmpty()) {
			try {
				hook.put("timeout", Long.parseLong(t));
			}
			catch (NumberFormatException ex) {
				// Let validation say what is wrong, at /hook/timeout.
				hook.put("timeout", t);
			}
		}
		ObjectNode when = root.putObject("when");
		if (!this.always.isBlank()) {
			when.put("always", Boolean.parseBoolean(this.always));
		}
		ObjectNode annotations = null;
		for (int i = 0; i < this.annotationKeys.size(); i++) {
			String key = this.annotationKeys.get(i).strip();
			String value = (i < this.annotationValues.size()) ? this.annotationValues.get(i).strip() : "";
			if (key.isEmpty() && value.isEmpty()) {
				continue;
			}
			if (annotations == null) {
				annotations = when.putObject("annotations");
			}
			annotations.put(key, value);
		}
		List<String> commandList = split(this.commands);
		if (!commandList.isEmpty()) {
			commandList.forEach(when.putArray("commands")::add);
		}
		if (!this.hasBindMounts.isBlank()) {
			when.put("hasBindMounts", Boolean.parseBoolean(this.hasBindMounts));
		}
		this.stages.forEach(root.putArray("stages")::add);
		return root.toPrettyString() + "\n";
	}

	/**
	 * Annotation rows to render: the filled ones plus {@link #SPARE_ANNOTATION_ROWS}
	 * empty ones.
	 */
	public List<String[]> getAnnotationRows() {
		List<String[]> rows = new ArrayList<>();
		for (int i = 0; i < this.annotationKeys.size(); i++) {
			String key = this.annotationKeys.get(i);
			String value = (i < this.annotationValues.size()) ? this.annotationValues.get(i) : "";
			if (!key.isBlank() || !value.isBlank()) {
				rows.add(new String[] { key, value });
			}
		}
		for (int i = 0; i < SPARE_ANNOTATION_ROWS; i++) {
			rows.add(new String[] { "", "" });
		}
		return rows;
	}

	static List<String> split(String text) {
		List<String> out = new ArrayList<>();
		if (text == null) {
			return out;
		}
		for (String line : text.split("\r?\n")) {
			String s = line.strip();
			if (!s.isEmpty()) {
				out.add(s);
			}
		}
		return out;
	}

	private static String lines(List<String> list) {
		return (list != null) ? String.join("\n", list) : "";
	}

	public String getDirectoryId() {
		return this.directoryId;
	}

	public void setDirectoryId(String directoryId) {
		this.directoryId = directoryId;
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = (name != null) ? name.strip() : null;
	}

	public String getEtag() {
		return this.etag;
	}

	public void setEtag(String etag) {
		this.etag = etag;
	}

	private boolean force;

	/** Write even to a directory that no runtime reads. */
	public boolean isForce() {
		return this.force;
	}

	public void setForce(boolean force) {
		this.force = force;
	}

	public boolean isCreating() {
		return this.creating;
	}

	public void setCreating(boolean creating) {
		this.creating = creating;
	}

	public String getMode() {
		return this.mode;
	}

	public void setMode(String mode) {
		this.mode = "raw".equals(mode) ? "raw" : "form";
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = (path != null) ? path : "";
	}

	public String getArgs() {
		return this.args;
	}

	public void setArgs(String args) {
		this.args = (args != null) ? args : "";
	}

	public String getEnv() {
		return this.env;
	}

	public void setEnv(String env) {
		this.env = (env != null) ? env : "";
	}

	public String getTimeout() {
		return this.timeout;
	}

	public void setTimeout(String timeout) {
		this.timeout = (timeout != null) ? timeout : "";
	}

	public List<String> getStages() {
		return this.stages;
	}

	public void setStages(List<String> stages) {
		this.stages = (stages != null) ? new ArrayList<>(stages) : new ArrayList<>();
	}

	public String getAlways() {
		return this.always;
	}

	public void setAlways(String always) {
		this.always = (always != null) ? always : "";
	}

	public String getHasBindMounts() {
		return this.hasBindMounts;
	}

	public void setHasBindMounts(String hasBindMounts) {
		this.hasBindMounts = (hasBindMounts != null) ? hasBindMounts : "";
	}

	public List<String> getAnnotationKeys() {
		return this.annotationKeys;
	}

	public void setAnnotationKeys(List<String> annotationKeys) {
		this.annotationKeys = (annotationKeys != null) ? new ArrayList<>(annotationKeys) : new ArrayList<>();
	}

	public List<String> getAnnotationValues() {
		return this.annotationValues;
	}

	public void setAnnotationValues(List<String> annotationValues) {
		this.annotationValues = (annotationValues != null) ? new ArrayList<>(annotationValues) : new ArrayList<>();
	}

	public String getCommands() {
		return this.commands;
	}

	public void setCommands(String commands) {
		this.commands = (commands != null) ? commands : "";
	}

	public String getRaw() {
		return this.raw;
	}

	public void setRaw(String raw) {
		this.raw = (raw != null) ? raw : "";
	}

}
