package io.github.ocihooks.admin.web;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The preview's inputs as a link and back: what the link holds, that it reads back into
 * the same form, and that a wrong, forged or oversized link is refused with a reason.
 */
class PreviewLinkTests {

	private final PreviewLink links = new PreviewLink(1024 * 1024);

	private static PreviewForm form(String config, String annotations, String bindMounts, String profile) {
		PreviewForm form = new PreviewForm();
		form.setConfig(config);
		form.setAnnotations(annotations);
		form.setHasBindMounts(bindMounts);
		form.setProfile(profile);
		return form;
	}

	/** The query of a link, decoded as the servlet container does. */
	private static MultiValueMap<String, String> query(String url) {
		MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
		String raw = URI.create(url).getRawQuery();
		for (String pair : raw.split("&")) {
			int eq = pair.indexOf('=');
			query.add(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
					URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
		}
		return query;
	}

	private static MultiValueMap<String, String> query(String... pairs) {
		MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			query.add(pairs[i], pairs[i + 1]);
		}
		return query;
	}

	@Test
	void aSamplesConfigIsLinkedByItsNameWithTheOtherInputs() {
		String crlf = PreviewSamples.ALL.get("shell").config().replace("\n", "\r\n");
		PreviewLink.Share share = this.links.of(form(crlf, "com.example.gpu=true\r\n\r\n a=b+c&d ", "yes", "podman"));
		assertThat(share.tooLarge()).isNull();
		assertThat(share.url()).isEqualTo(
				"/preview?sample=shell&annotation=com.example.gpu%3Dtrue&annotation=a%3Db%2Bc%26d&bindMounts=yes&profile=podman");

		PreviewLink.Decoded decoded = this.links.decode(query(share.url()));
		assertThat(decoded.error()).isNull();
		assertThat(decoded.form().getSample()).isEqualTo("shell");
		assertThat(decoded.form().getConfig()).isEqualTo(PreviewSamples.ALL.get("shell").config());
		assertThat(decoded.form().getAnnotations()).isEqualTo("com.example.gpu=true\na=b+c&d");
		assertThat(decoded.form().getHasBindMounts()).isEqualTo("yes");
		assertThat(decoded.form().getProfile()).isEqualTo("podman");
		assertThat(decoded.form().isRunPrecreate()).isFalse();
	}

	@Test
	void anyOtherConfigTravelsCompressedAndReadsBackTheSame() {
		String config = "{\r\n  \"ociVersion\": \"1.0.2\",\r\n  \"process\": {\"args\": [\"/bin/sh\", \"-c\", \"echo ünïcødé ✓\"]},"
				+ "\r\n  \"annotations\": {\"com.example.gpu\": \"true\"}\r\n}\r\n";
		PreviewLink.Share share = this.links.of(form(config, "", "auto", ""));
		assertThat(share.url()).startsWith("/preview?config=").endsWith("&bindMounts=auto").doesNotContain("profile=");
		String encoded = query(share.url()).getFirst("config");
		assertThat(encoded).matches("[A-Za-z0-9_-]+");

		PreviewLink.Decoded decoded = this.links.decode(query(share.url()));
		assertThat(decoded.error()).isNull();
		assertThat(decoded.form().getConfig()).isEqualTo(config.replace("\r\n", "\n"));
		assertThat(decoded.form().getSample()).isNull();
		assertThat(decoded.form().getHasBindMounts()).isEqualTo("auto");
		assertThat(decoded.form().getProfile()).isEmpty();
	}

	@Test
	void aConfigTooLargeForALinkGetsAReasonInstead() {
		Random random = new Random(42);
		StringBuilder config = new StringBuilder("{\"ociVersion\": \"1.0.2\", \"annotations\": {");
		for (int i = 0; i < 300; i++) {
			config.append(i > 0 ? ", " : "")
				.append("\"k")
				.append(i)
				.append("\": \"")
				.append(random.nextLong())
				.append("\"");
		}
		config.append("}}");
		PreviewLink.Share share = this.links.of(form(config.toString(), "", "auto", ""));
		assertThat(share.url()).isNull();
		assertThat(share.tooLarge()).contains("No link for this preview", String.valueOf(PreviewLink.MAX_LENGTH),
				"Share the config file instead");
	}

	@Test
	void onlyALinksInputsAskForAPreview() {
		assertThat(PreviewLink.requested(query("sample", "gpu"))).as("a sample button").isFalse();
		assertThat(PreviewLink.requested(query())).isFalse();
		assertThat(PreviewLink.requested(query("sample", "gpu", "bindMounts", "auto"))).isTrue();
		assertThat(PreviewLink.requested(query("config", "x"))).isTrue();
		assertThat(PreviewLink.requested(query("profile", "crio", "sample", "gpu"))).isTrue();
	}

	@Test
	void wrongLinksAreRefusedWithTheReason() {
		assertThat(error(query("sample", "nope", "bindMounts", "auto"))).contains("sample \"nope\"", "shell", "gpu");
		assertThat(error(query("sample", "gpu", "config", PreviewLink.encode("{}")))).contains("both");
		assertThat(error(query("bindMounts", "maybe", "sample", "gpu"))).contains("auto, yes or no");
		assertThat(error(query("bindMounts", "auto"))).contains("no config");
		assertThat(error(query("config", "not base64!"))).contains("not base64url");
		assertThat(error(query("config", Base64.getUrlEncoder().encodeToString("plain text".getBytes()))))
			.contains("not compressed data");
		String whole = PreviewLink.encode(PreviewSamples.ALL.get("gpu").config() + "x");
		assertThat(error(query("config", whole.substring(0, whole.length() / 2)))).contains("cut short");
		assertThat(error(query("config", "A".repeat(PreviewLink.MAX_LENGTH + 1))))
			.contains((PreviewLink.MAX_LENGTH + 1) + " characters long", "at most " + PreviewLink.MAX_LENGTH);
		assertThat(error(query("annotation", "a=b\nc=d", "sample", "gpu"))).contains("line break");
		// Small in the link, large unpacked.
		String bomb = PreviewLink.encode(" ".repeat(2 * 1024 * 1024));
		assertThat(bomb.length()).isLessThan(PreviewLink.MAX_LENGTH);
		assertThat(error(query("config", bomb))).contains("more than 1048576 bytes");
	}

	@Test
	void aWrongLinkKeepsWhatCouldBeRead() {
		PreviewLink.Decoded decoded = this.links
			.decode(query("config", "%%%", "annotation", "k=v", "bindMounts", "no", "profile", "crio"));
		assertThat(decoded.error().field()).isEqualTo("config");
		assertThat(decoded.form().getAnnotations()).isEqualTo("k=v");
		assertThat(decoded.form().getHasBindMounts()).isEqualTo("no");
		assertThat(decoded.form().getProfile()).isEqualTo("crio");
	}

	private String error(MultiValueMap<String, String> query) {
		PreviewLink.Decoded decoded = this.links.decode(query);
		assertThat(decoded.error()).as("error for %s", query).isNotNull();
		return decoded.error().getMessage();
	}

}
