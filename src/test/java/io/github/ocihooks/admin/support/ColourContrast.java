package io.github.ocihooks.admin.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Colours as a browser computes them, and their WCAG contrast: for the browser tests of
 * the light and dark palettes. The colour scheme is switched with the DevTools protocol
 * ({@code Emulation.setEmulatedMedia}), as a system in dark mode would; the ratios are
 * computed here from {@code getComputedStyle}, with semi-transparent backgrounds laid
 * over the ones below them.
 */
public final class ColourContrast {

	/**
	 * Text the checks read: the page's body text, status and verdict badges, alerts,
	 * buttons and the header.
	 */
	public static final String TEXT = "body, main h1, main h2, main h3, main p, main li, main dt, main dd, main td, "
			+ "main th, main label, main a, main code, main .lead, main .muted, main .help, .verdict, .rt-badge, "
			+ ".pill, .badge, .status, .alert, .drift-cell, .field-error, .result--true, .result--false, .source-tag, "
			+ ".button, .site-nav a, .brand, .sign-out__user, .site-footer p, main pre, .diff span, .source__number";

	/** Text and its background, as the browser computed them, for one element. */
	public record Sample(String element, String text, double[] colour, double[] background) {

		/** The WCAG 2 contrast ratio of the text colour on its background. */
		public double ratio() {
			return ColourContrast.ratio(this.colour, this.background);
		}

		@Override
		public String toString() {
			return this.element + " \"" + this.text + "\": " + css(this.colour) + " on " + css(this.background) + " = "
					+ Math.round(ratio() * 100) / 100.0;
		}

	}

	private static final Pattern RGB = Pattern
		.compile("rgba?\\(\\s*([\\d.]+)[,\\s]+([\\d.]+)[,\\s]+([\\d.]+)(?:\\s*[,/]\\s*([\\d.]+%?))?\\s*\\)");

	/*
	 * For each visible element with text: its colour, and the background colours from it
	 * up to the first opaque one.
	 */
	private static final String COLLECT = """
			var out = [];
			document.querySelectorAll(arguments[0]).forEach(function (e) {
			  var text = (e.innerText || '').trim();
			  if (!text || !e.getClientRects().length || getComputedStyle(e).visibility === 'hidden') return;
			  var layers = [];
			  for (var n = e; n && n.nodeType === 1; n = n.parentElement) {
			    var bg = getComputedStyle(n).backgroundColor;
			    layers.push(bg);
			    if (/^rgb\\(/.test(bg) || /,\\s*1\\)$/.test(bg)) break;
			  }
			  var name = e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
			      ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
			  out.push({element: name, text: text.slice(0, 40), colour: getComputedStyle(e).color, layers: layers});
			});
			return out;
			""";

	private ColourContrast() {
	}

	/**
	 * Emulates {@code prefers-color-scheme: light} or {@code dark}; null: the system's.
	 */
	public static void emulate(ChromeDriver browser, String scheme) {
		browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
				List.of(Map.of("name", "prefers-color-scheme", "value", (scheme != null) ? scheme : ""))));
	}

	/**
	 * The elements matching {@code css} with visible text, their colours and backgrounds.
	 */
	@SuppressWarnings("unchecked")
	public static List<Sample> samples(ChromeDriver browser, String css) {
		List<Map<String, Object>> raw = (List<Map<String, Object>>) browser.executeScript(COLLECT, css);
		List<Sample> samples = new ArrayList<>();
		for (Map<String, Object> r : raw) {
			List<String> layers = (List<String>) r.get("layers");
			double[] background = { 255, 255, 255, 1 };
			for (int i = layers.size() - 1; i >= 0; i--) {
				background = over(parse(layers.get(i)), background);
			}
			double[] colour = over(parse((String) r.get("colour")), background);
			samples.add(new Sample((String) r.get("element"), (String) r.get("text"), colour, background));
		}
		return samples;
	}

	/** The computed {@code background-color} or {@code color} of the first match. */
	public static double[] computed(ChromeDriver browser, String css, String property) {
		return parse((String) browser.executeScript(
				"return getComputedStyle(document.querySelector(arguments[0])).getPropertyValue(arguments[1]);", css,
				property));
	}

	/** {@code rgb(r, g, b)} or {@code rgba(r, g, b, a)} as {r, g, b, a}. */
	public static double[] parse(String colour) {
		Matcher m = RGB.matcher(colour);
		if (!m.find()) {
			throw new IllegalArgumentException("Not an rgb() colour: " + colour);
		}
		String alpha = m.group(4);
		double a = (alpha == null) ? 1 : alpha.endsWith("%")
				? Double.parseDouble(alpha.substring(0, alpha.length() - 1)) / 100 : Double.parseDouble(alpha);
		return new double[] { Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
				Double.parseDouble(m.group(3)), a };
	}

	/** {@code top} laid over the opaque {@code below}. */
	static double[] over(double[] top, double[] below) {
		double a = top[3];
		return new double[] { top[0] * a + below[0] * (1 - a), top[1] * a + below[1] * (1 - a),
				top[2] * a + below[2] * (1 - a), 1 };
	}

	/** WCAG 2 relative luminance of an opaque colour, 0 (black) to 1 (white). */
	public static double luminance(double[] rgb) {
		double[] c = new double[3];
		for (int i = 0; i < 3; i++) {
			double v = rgb[i] / 255;
			c[i] = (v <= 0.03928) ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
		}
		return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
	}

	/** WCAG 2 contrast ratio, 1 to 21. */
	public static double ratio(double[] a, double[] b) {
		double la = luminance(a);
		double lb = luminance(b);
		return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
	}

	/** As {@code rgb(r, g, b)}. */
	public static String css(double[] c) {
		return "rgb(" + Math.round(c[0]) + ", " + Math.round(c[1]) + ", " + Math.round(c[2]) + ")";
	}

}
