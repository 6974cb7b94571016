package io.github.ocihooks.admin.profiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.ocihooks.admin.config.HooksProperties;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;

/** A host root in a temporary directory: files at the host's absolute paths below it. */
final class FakeHost {

	final Path root;

	FakeHost(Path root) {
		this.root = root;
	}

	Path path(String hostPath) {
		return this.root.resolve(hostPath.substring(1));
	}

	FakeHost file(String hostPath, String content) {
		try {
			Path p = path(hostPath);
			Files.createDirectories(p.getParent());
			Files.writeString(p, content, StandardCharsets.UTF_8);
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	FakeHost dir(String hostPath) {
		try {
			Files.createDirectories(path(hostPath));
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	FakeHost executable(String hostPath) {
		file(hostPath, "#!/bin/sh\nexit 1\n");
		try {
			Files.setPosixFilePermissions(path(hostPath), PosixFilePermissions.fromString("rwxr-xr-x"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this;
	}

	/** Installs a Debian package entry (and, unless null, the binary). */
	FakeHost installed(String pkg, String debianVersion, String binary) {
		String status = "Package: " + pkg + "\nStatus: install ok installed\nPriority: optional\nVersion: "
				+ debianVersion + "\nDescription: test\n long text\n\n";
		Path p = path(DpkgStatus.PATH);
		try {
			String before = Files.exists(p) ? Files.readString(p)
					: "Package: base-files\nStatus: install ok " + "installed\nVersion: 12.4\n\n";
			file(DpkgStatus.PATH, before + status);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (binary != null) {
			executable(binary);
		}
		return this;
	}

	HooksProperties properties(String... keyValues) {
		Map<String, String> map = new LinkedHashMap<>();
		map.put("hooks.host-root", this.root.toString());
		for (int i = 0; i < keyValues.length; i += 2) {
			map.put(keyValues[i], keyValues[i + 1]);
		}
		return bind(map);
	}

	/** Binds {@code hooks.*} as Spring Boot does, defaults included. */
	static HooksProperties bind(Map<String, String> map) {
		// As application.yaml does: the @DefaultValue of hooks.directories cannot be
		// converted to List<Path>.
		map = new LinkedHashMap<>(map);
		map.putIfAbsent("hooks.directories", "/usr/share/containers/oci/hooks.d,/etc/containers/oci/hooks.d");
		return new Binder(java.util.List.of(new MapConfigurationPropertySource(map)), null,
				ApplicationConversionService.getSharedInstance())
			.bindOrCreate("hooks", HooksProperties.class);
	}

	ProfileSet detect(Map<String, String> env, String... keyValues) {
		return RuntimeProfiles.detect(properties(keyValues), env, (command, timeout) -> {
			throw new IOException("no commands in tests");
		});
	}

	ProfileSet detect(String... keyValues) {
		return detect(Map.of(), keyValues);
	}

}
