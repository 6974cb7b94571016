package io.github.ocihooks.admin.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's stylesheets keep every colour in the custom properties of
 * {@code :root}, with a dark palette for {@code prefers-color-scheme: dark} that
 * redefines each of them: a rule with a colour of its own would stay light in dark mode
 * (or the other way round). DashboardIT checks the contrast of both palettes in a
 * browser.
 */
class DashboardStylesheetTests {

	private static final List<Path> STYLESHEETS = List.of(Path.of("frontend/css/app.css"),
			Path.of("frontend/css/fleet.css"));

	private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);

	private static final Pattern DARK_ROOT = Pattern
		.compile("@media\\s*\\(prefers-color-scheme:\\s*dark\\)\\s*\\{\\s*:root\\s*\\{([^}]*)\\}\\s*\\}");

	private static final Pattern ROOT = Pattern.compile(":root\\s*\\{([^}]*)\\}");

	private static final Pattern COLOUR = Pattern.compile(
			"#[0-9a-fA-F]{3,8}\\b|\\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\\(|(?<![-\\w])(?:white|black)(?![-\\w])");

	private static final Pattern PROPERTY = Pattern.compile("(--[a-z0-9-]+)\\s*:\\s*([^;]+);");

	private static String css(Path path) throws IOException {
		return COMMENT.matcher(Files.readString(path)).replaceAll("");
	}

	private static Map<String, String> properties(String block) {
		Map<String, String> properties = new LinkedHashMap<>();
		Matcher m = PROPERTY.matcher(block);
		while (m.find()) {
			properties.put(m.group(1), m.group(2).strip());
		}
		return properties;
	}

	@Test
	void rulesUseTheColourVariablesOnly() throws IOException {
		for (Path path : STYLESHEETS) {
			String rules = ROOT.matcher(DARK_ROOT.matcher(css(path)).replaceAll("")).replaceAll("");
			List<String> offending = rules.lines().filter((line) -> COLOUR.matcher(line).find()).toList();
			assertThat(offending).as("colours outside :root in %s", path).isEmpty();
		}
	}

	@Test
	void theDarkPaletteRedefinesEveryColourOfTheLightOne() throws IOException {
		String css = css(STYLESHEETS.get(0));
		Matcher dark = DARK_ROOT.matcher(css);
		assertThat(dark.find()).as("@media (prefers-color-scheme: dark) { :root { ... } } in app.css").isTrue();
		Map<String, String> darkProperties = properties(dark.group(1));
		Matcher light = ROOT.matcher(css);
		assertThat(light.find()).isTrue();
		Map<String, String> lightProperties = properties(light.group(1));
		List<String> colours = lightProperties.entrySet()
			.stream()
			.filter((e) -> COLOUR.matcher(e.getValue()).find())
			.map(Map.Entry::getKey)
			.toList();
		assertThat(colours).hasSizeGreaterThan(20);
		assertThat(darkProperties.keySet()).containsAll(colours);
		assertThat(lightProperties.keySet()).as("the dark palette defines nothing the light one lacks")
			.containsAll(darkProperties.keySet());
		// Every variable a rule uses is defined.
		for (Path path : STYLESHEETS) {
			Matcher used = Pattern.compile("var\\((--[a-z0-9-]+)\\)").matcher(css(path));
			while (used.find()) {
				assertThat(lightProperties).as("%s in %s", used.group(1), path).containsKey(used.group(1));
			}
		}
	}

}
