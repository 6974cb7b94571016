package io.github.ocihooks.admin.profiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The host's file system as this service sees it: {@code hooks.host-root} ({@code /}, or
 * {@code /host} in the container image) with the host's absolute paths below it.
 */
final class HostRoot {

	/**
	 * Go's {@code sort.Strings} (and {@code os.ReadDir}): byte order of the UTF-8 names.
	 */
	static final Comparator<String> GO_ORDER = (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
			b.getBytes(StandardCharsets.UTF_8));

	private final Path root;

	HostRoot(Path root) {
		this.root = root.toAbsolutePath().normalize();
	}

	Path root() {
		return this.root;
	}

	/**
	 * Whether the host root is this machine's own root, so the host's programs can be run
	 * as they are.
	 */
	boolean isSystemRoot() {
		return this.root.getParent() == null;
	}

	/** Where this service finds the host's {@code absolutePath}. */
	Path resolve(String absolutePath) {
		String relative = absolutePath.replaceFirst("^/+", "");
		return relative.isEmpty() ? this.root : this.root.resolve(relative);
	}

	/** The host's absolute path of a {@link #resolve resolved} location. */
	String hostPath(Path location) {
		Path relative = this.root.relativize(location.toAbsolutePath().normalize());
		return "/" + relative.toString().replace('\\', '/');
	}

	/** The names in a directory in Go's order; empty when it does not exist. */
	static List<String> sortedNames(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		List<String> names = new ArrayList<>();
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
			for (Path entry : entries) {
				names.add(entry.getFileName().toString());
			}
		}
		names.sort(GO_ORDER);
		return names;
	}

	/**
	 * The first of the usual binary directories that holds an executable {@code name}, as
	 * the host names it.
	 */
	Optional<String> findBinary(String name) {
		for (String dir : List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
			Path candidate = resolve(dir + "/" + name);
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				return Optional.of(dir + "/" + name);
			}
		}
		return Optional.empty();
	}

	/**
	 * The home directory of uid 0 in the host's {@code /etc/passwd} ({@code /root} when
	 * it cannot be read).
	 */
	String rootHome() {
		try {
			for (String line : Files.readAllLines(resolve("/etc/passwd"), StandardCharsets.UTF_8)) {
				String[] fields = line.split(":", -1);
				if (fields.length >= 6 && "0".equals(fields[2]) && !fields[5].isEmpty()) {
					return fields[5];
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// fall through
		}
		return "/root";
	}

	static boolean isDirectoryNoFollow(Path path) {
		return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
	}

}
