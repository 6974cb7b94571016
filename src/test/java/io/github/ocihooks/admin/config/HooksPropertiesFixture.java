package io.github.ocihooks.admin.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Builds {@link HooksProperties} the way Spring Boot does, by binding {@code hooks.*}
 * properties, so tests keep compiling when the record gets new components.
 */
public final class HooksPropertiesFixture {

	private HooksPropertiesFixture() {
	}

	/**
	 * Binds the given {@code hooks.*} properties, e.g.
	 * {@code "hooks.admin.password", "secret"}.
	 */
	public static HooksProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("hooks", HooksProperties.class);
	}

	/**
	 * Properties with these directories, the default extension stages and the given admin
	 * password (may be null).
	 */
	public static HooksProperties of(String adminPassword, Path... directories) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("hooks.directories",
				Arrays.stream(directories).map(Path::toString).collect(Collectors.joining(",")));
		if (adminPassword != null) {
			properties.put("hooks.admin.password", adminPassword);
		}
		return bind(properties);
	}

}
