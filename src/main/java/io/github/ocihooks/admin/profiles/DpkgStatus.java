package io.github.ocihooks.admin.profiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Debian's package database ({@code /var/lib/dpkg/status}): which version of a package is
 * installed.
 */
final class DpkgStatus {

	static final String PATH = "/var/lib/dpkg/status";

	private DpkgStatus() {
	}

	/**
	 * The Debian version of {@code name} when it is installed
	 * ({@code Status: install ok installed}).
	 */
	static Optional<String> installedVersion(Path statusFile, String name) throws IOException {
		return installedField(statusFile, name, "Version");
	}

	/**
	 * A field of the installed package {@code name} ({@code Built-Using},
	 * {@code Version}), continuation lines joined; empty when the package is not
	 * installed or has no such field.
	 */
	static Optional<String> installedField(Path statusFile, String name, String field) throws IOException {
		if (!Files.isRegularFile(statusFile)) {
			return Optional.empty();
		}
		String text = Files.readString(statusFile, StandardCharsets.UTF_8);
		for (String stanza : text.split("\\n\\s*\\n")) {
			String pkg = null;
			String status = null;
			StringBuilder value = null;
			boolean inField = false;
			for (String line : stanza.split("\\n")) {
				if (line.startsWith(" ") || line.startsWith("\t")) {
					if (inField) {
						value.append(' ').append(line.trim());
					}
					continue;
				}
				inField = false;
				if (line.startsWith("Package:")) {
					pkg = line.substring(8).trim();
				}
				else if (line.startsWith("Status:")) {
					status = line.substring(7).trim();
				}
				else if (line.startsWith(field + ":")) {
					value = new StringBuilder(line.substring(field.length() + 1).trim());
					inField = true;
				}
			}
			if (name.equals(pkg) && status != null && status.endsWith(" installed") && value != null) {
				return Optional.of(value.toString());
			}
		}
		return Optional.empty();
	}

}
