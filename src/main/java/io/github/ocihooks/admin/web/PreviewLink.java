package io.github.ocihooks.admin.web;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import io.github.ocihooks.admin.config.HooksProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;

/**
 * A preview's inputs as a link that can be bookmarked or shared:
 * {@code GET /preview?sample=shell&annotation=k%3Dv&bindMounts=auto&profile=podman}, or
 * {@code config=} instead of {@code sample=} for any other config (its text compressed
 * with DEFLATE and base64url-encoded). Opening the link previews the same inputs again,
 * against the hook files of that moment; it never runs precreate hooks. A link is at most
 * {@link #MAX_LENGTH} characters, which browsers, proxies and the server's request-line
 * limit all accept; a larger config has no link and is shared as a file instead.
 */
@Component
class PreviewLink {

	/** The longest link offered, and the longest {@code config} parameter accepted. */
	static final int MAX_LENGTH = 4096;

	/**
	 * The query parameters of a link; any of them but {@code sample} asks for a preview.
	 */
	private static final Set<String> INPUTS = Set.of("config", "annotation", "bindMounts", "profile");

	private static final Set<String> BIND_MOUNTS = Set.of("auto", "yes", "no");

	private final long maxConfigBytes;

	@Autowired
	PreviewLink(HooksProperties properties) {
		this(properties.limits().maxRequestBody().toBytes());
	}

	/** With {@code maxConfigBytes}: the largest config a link may unpack to. */
	PreviewLink(long maxConfigBytes) {
		this.maxConfigBytes = maxConfigBytes;
	}

	/**
	 * The link to a preview of {@code form}, or why there is none.
	 *
	 * @param url the link, relative to the application ({@code /preview?...}), or null
	 * @param tooLarge why there is no link, or null
	 */
	record Share(String url, String tooLarge) {
	}

	/**
	 * A link's inputs read back into the form; {@code error} says what in the link was
	 * wrong (the form then holds what could be read).
	 */
	record Decoded(PreviewForm form, PreviewPage.InvalidForm error) {
	}

	/** Whether the query carries a preview's inputs (not just a sample to start from). */
	static boolean requested(MultiValueMap<String, String> query) {
		return INPUTS.stream().anyMatch(query::containsKey);
	}

	Share of(PreviewForm form) {
		StringBuilder url = new StringBuilder("/preview?");
		PreviewSamples.Sample sample = sampleWithText(form.getConfig());
		if (sample != null) {
			append(url, "sample", sample.id());
		}
		else {
			append(url, "config", encode(form.getConfig()));
		}
		for (String line : form.getAnnotations().split("\r?\n")) {
			if (!line.isBlank()) {
				append(url, "annotation", line.strip());
			}
		}
		append(url, "bindMounts", form.getHasBindMounts());
		if (!form.getProfile().isBlank()) {
			append(url, "profile", form.getProfile());
		}
		url.setLength(url.length() - 1);
		if (url.length() > MAX_LENGTH) {
			return new Share(null,
					"No link for this preview: its inputs take " + url.length()
							+ " characters in a link even compressed, more than the " + MAX_LENGTH
							+ " a link may carry. Share the config file instead (it can be uploaded here).");
		}
		return new Share(url.toString(), null);
	}

	Decoded decode(MultiValueMap<String, String> query) {
		PreviewForm form = new PreviewForm();
		String sampleId = query.getFirst("sample");
		String config = query.getFirst("config");
		String bindMounts = query.getFirst("bindMounts");
		String profile = query.getFirst("profile");
		form.setProfile((profile != null) ? profile.strip() : "");
		List<String> annotations = new ArrayList<>();
		for (String annotation : query.getOrDefault("annotation", List.of())) {
			if (annotation.contains("\n") || annotation.contains("\r")) {
				return new Decoded(form, new PreviewPage.InvalidForm("annotations",
						"An annotation in this link holds a line break; give each as annotation=key=value."));
			}
			annotations.add(annotation);
		}
		form.setAnnotations(String.join("\n", annotations));
		if (bindMounts != null && !BIND_MOUNTS.contains(bindMounts)) {
			return new Decoded(form, new PreviewPage.InvalidForm("hasBindMounts",
					"bindMounts in this link is \"" + bindMounts + "\"; it is auto, yes or no."));
		}
		form.setHasBindMounts(bindMounts);
		if (sampleId != null && config != null) {
			return new Decoded(form, new PreviewPage.InvalidForm("config",
					"This link has both a sample and a config; give one of them."));
		}
		if (sampleId != null) {
			PreviewSamples.Sample sample = PreviewSamples.ALL.get(sampleId);
			if (sample == null) {
				return new Decoded(form, new PreviewPage.InvalidForm("config", "This link names sample \"" + sampleId
						+ "\", which does not exist; the samples are " + PreviewSamples.ALL.keySet() + "."));
			}
			form.setSample(sample.id());
			form.setConfig(sample.config());
			return new Decoded(form, null);
		}
		if (config == null) {
			return new Decoded(form, new PreviewPage.InvalidForm("config",
					"This link has no config: it needs config= (compressed, base64url) or sample=."));
		}
		try {
			form.setConfig(decode(config));
		}
		catch (PreviewPage.InvalidForm ex) {
			return new Decoded(form, ex);
		}
		PreviewSamples.Sample same = sampleWithText(form.getConfig());
		form.setSample((same != null) ? same.id() : null);
		return new Decoded(form, null);
	}

	/** The config text, DEFLATE-compressed and base64url-encoded (no padding). */
	static String encode(String config) {
		byte[] text = config.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);
		Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
		try {
			deflater.setInput(text);
			deflater.finish();
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			byte[] buffer = new byte[8192];
			while (!deflater.finished()) {
				out.write(buffer, 0, deflater.deflate(buffer));
			}
			return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
		}
		finally {
			deflater.end();
		}
	}

	/** The config text of a link's {@code config} parameter. */
	String decode(String encoded) throws PreviewPage.InvalidForm {
		if (encoded.length() > MAX_LENGTH) {
			throw new PreviewPage.InvalidForm("config",
					"The config in this link is " + encoded.length() + " characters long; a link carries at most "
							+ MAX_LENGTH + ". Paste or upload the config instead.");
		}
		byte[] compressed;
		try {
			compressed = Base64.getUrlDecoder().decode(encoded.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new PreviewPage.InvalidForm("config",
					"The config in this link is not base64url text (the link may have been changed or cut short).");
		}
		Inflater inflater = new Inflater(true);
		try {
			inflater.setInput(compressed);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			byte[] buffer = new byte[8192];
			while (!inflater.finished()) {
				int n = inflater.inflate(buffer);
				if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
					throw new PreviewPage.InvalidForm("config",
							"The config in this link ends early (the link may have been cut short).");
				}
				out.write(buffer, 0, n);
				if (out.size() > this.maxConfigBytes) {
					throw new PreviewPage.InvalidForm("config",
							"The config in this link unpacks to more than " + this.maxConfigBytes
									+ " bytes, the limit of this service (hooks.limits.max-request-body).");
				}
			}
			return out.toString(StandardCharsets.UTF_8);
		}
		catch (DataFormatException ex) {
			throw new PreviewPage.InvalidForm("config",
					"The config in this link is not compressed data this page wrote (the link may have been changed).");
		}
		finally {
			inflater.end();
		}
	}

	/** The sample whose config this is (line endings and outer white space aside). */
	private static PreviewSamples.Sample sampleWithText(String config) {
		String text = config.replace("\r\n", "\n").strip();
		return PreviewSamples.ALL.values()
			.stream()
			.filter((s) -> s.config().strip().equals(text))
			.findFirst()
			.orElse(null);
	}

	private static void append(StringBuilder url, String name, String value) {
		url.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&');
	}

}
