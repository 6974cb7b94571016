package io.github.ocihooks.admin.web;

import java.io.Serializable;

/**
 * The preview form: a config.json and the inputs the runtime gets besides it. Kept in the
 * HTTP session as the last preview, so that a hook's page can tell where that hook
 * matches.
 */
public class PreviewForm implements Serializable {

	private static final long serialVersionUID = 1L;

	static final String SESSION_KEY = PreviewForm.class.getName() + ".last";

	private String config = "";

	/** {@code key=value} per line; empty means "the config's annotations". */
	private String annotations = "";

	/** {@code auto}, {@code yes} or {@code no}. */
	private String hasBindMounts = "auto";

	private boolean runPrecreate;

	/** Which sample the config came from, if any. */
	private String sample;

	public String getConfig() {
		return this.config;
	}

	public void setConfig(String config) {
		this.config = (config != null) ? config : "";
	}

	public String getAnnotations() {
		return this.annotations;
	}

	public void setAnnotations(String annotations) {
		this.annotations = (annotations != null) ? annotations : "";
	}

	public String getHasBindMounts() {
		return this.hasBindMounts;
	}

	public void setHasBindMounts(String hasBindMounts) {
		this.hasBindMounts = (hasBindMounts != null) ? hasBindMounts : "auto";
	}

	public boolean isRunPrecreate() {
		return this.runPrecreate;
	}

	public void setRunPrecreate(boolean runPrecreate) {
		this.runPrecreate = runPrecreate;
	}

	private String profile = "";

	/** The runtime profile's id; empty: the default one. */
	public String getProfile() {
		return this.profile;
	}

	public void setProfile(String profile) {
		this.profile = (profile != null) ? profile : "";
	}

	public String getSample() {
		return this.sample;
	}

	public void setSample(String sample) {
		this.sample = sample;
	}

	PreviewForm copyWithoutPrecreate() {
		PreviewForm copy = new PreviewForm();
		copy.setConfig(this.config);
		copy.setAnnotations(this.annotations);
		copy.setHasBindMounts(this.hasBindMounts);
		copy.setSample(this.sample);
		copy.setProfile(this.profile);
		return copy;
	}

}
