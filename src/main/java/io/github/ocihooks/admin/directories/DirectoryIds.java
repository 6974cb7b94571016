package io.github.ocihooks.admin.directories;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Stable, URL-safe ids for the configured directories, derived from their paths
 * ({@code /etc/containers/oci/hooks.d} is {@code etc-containers-oci-hooks.d}), so that
 * they survive reordering and restarts; a clash gets a numeric suffix.
 */
public final class DirectoryIds {

	private DirectoryIds() {
	}

	public static List<String> of(List<String> directories) {
		List<String> ids = new ArrayList<>();
		Set<String> used = new HashSet<>();
		for (String directory : directories) {
			String base = slug(directory);
			String id = base;
			for (int n = 2; !used.add(id); n++) {
				id = base + "-" + n;
			}
			ids.add(id);
		}
		return List.copyOf(ids);
	}

	static String slug(String path) {
		StringBuilder sb = new StringBuilder();
		for (String part : path.split("/")) {
			if (part.isEmpty() || part.equals(".")) {
				continue;
			}
			if (sb.length() > 0) {
				sb.append('-');
			}
			for (int i = 0; i < part.length(); i++) {
				char c = part.charAt(i);
				sb.append((c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-')) ? c : '_');
			}
		}
		String slug = sb.toString().replaceAll("^[.]+", "_");
		return slug.isEmpty() ? "root" : slug;
	}

}
