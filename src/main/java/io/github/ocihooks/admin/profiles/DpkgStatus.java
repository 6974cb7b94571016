package io.github.ocihooks.admin.profiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Debian's package database ({@code /var/lib/dpkg/status}): which version of a package is installed. */
final class DpkgStatus {

	static final String PATH = "/var/lib/dpkg/status";

	private DpkgStatus() {
	}

	/** The Debian version of {@code name} when it is installed ({@code Status: install ok installed}). */
	static Optional<String> installedVersion(Path statusFile, String name) throws IOException {
		if (!Files.isRegularFile(statusFile)) {
			return Optional.empty();
		}
		String text = Files.readString(statusFile, StandardCharsets.UTF_8);
		for (String stanza : text.split("\\n\\s*\\n")) {
			String pkg = null;
			String status = null;
			String version = null;
			for (String line : stanza.split("\\n")) {
				if (line.startsWith("Package:")) {
					pkg = line.substring(8).trim();
				}
				else if (line.startsWith("Status:")) {
					status = line.substring(7).trim();
				}
				else if (line.startsWith("Version:")) {
					version = line.substring(8).trim();
				}
			}
			if (name.equals(pkg) && status != null && status.endsWith(" installed") && version != null) {
				return Optional.of(version);
			}
		}
		return Optional.empty();
	}

}
