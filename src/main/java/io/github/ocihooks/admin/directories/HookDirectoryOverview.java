package io.github.ocihooks.admin.directories;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.springframework.stereotype.Service;

import io.github.ocihooks.admin.config.HooksProperties;
import io.github.ocihooks.admin.profiles.RuntimeProfiles;

/**
 * What the overview page shows about each configured hook directory, straight from the
 * file system.
 */
@Service
public class HookDirectoryOverview {

	private final HooksProperties properties;

	private final java.util.function.Supplier<List<String>> managed;

	/** A directory as the host names it, given where this service reads it. */
	private final Function<Path, String> hostPath;

	@org.springframework.beans.factory.annotation.Autowired
	public HookDirectoryOverview(HooksProperties properties, RuntimeProfiles profiles) {
		this.properties = properties;
		this.managed = () -> profiles.managedDirectories().stream().map(Object::toString).toList();
		this.hostPath = (location) -> profiles.current().hostPath(location);
	}

	/** Over exactly {@code hooks.directories}. */
	HookDirectoryOverview(HooksProperties properties) {
		this.properties = properties;
		this.managed = () -> properties.directories().stream().map(Object::toString).toList();
		this.hostPath = Path::toString;
	}

	/**
	 * The configured directories in increasing precedence: the first one is masked by all
	 * others.
	 */
	public List<DirectoryStatus> directories() {
		List<Path> directories = this.managed.get().stream().map(Path::of).toList();
		List<DirectoryStatus> result = new ArrayList<>(directories.size());
		for (int i = 0; i < directories.size(); i++) {
			Path directory = directories.get(i);
			result.add(inspect(directory, this.hostPath.apply(directory), i + 1, directories.size()));
		}
		return result;
	}

	public List<String> extensionStages() {
		return this.properties.extensionStages();
	}

	static DirectoryStatus inspect(Path directory, int precedence, int count) {
		return inspect(directory, directory.toString(), precedence, count);
	}

	static DirectoryStatus inspect(Path directory, String hostPath, int precedence, int count) {
		boolean exists = Files.isDirectory(directory);
		if (!exists) {
			return new DirectoryStatus(precedence, count, directory.toString(), hostPath, absolute(directory),
					Files.exists(directory), false, false, 0, null);
		}
		boolean writable = Files.isWritable(directory);
		int jsonFiles = 0;
		String error = null;
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*.json")) {
			for (Path ignored : entries) {
				jsonFiles++;
			}
		}
		catch (IOException ex) {
			error = "Cannot list the directory: " + ex.getMessage();
		}
		return new DirectoryStatus(precedence, count, directory.toString(), hostPath, absolute(directory), true, true,
				writable, jsonFiles, error);
	}

	// Relative paths (e.g. in the demo profile) depend on the working directory: show
	// where they lead.
	private static String absolute(Path directory) {
		return directory.isAbsolute() ? null : directory.toAbsolutePath().normalize().toString();
	}

	/**
	 * @param precedence 1 for the lowest precedence
	 * @param count how many directories are configured
	 * @param path the path as configured: where this service reads it
	 * @param hostPath the directory as the host and its runtimes name it (differs from
	 * {@code path} when {@code hooks.host-root} is not {@code /})
	 * @param absolutePath where a relative {@code path} leads, or {@code null} when
	 * {@code path} is absolute
	 * @param exists whether something exists at the path
	 * @param directory whether that is a directory
	 * @param writable whether this service may write into it
	 * @param jsonFiles how many {@code *.json} entries it holds (the runtime reads only
	 * those)
	 * @param error why it could not be listed, or {@code null}
	 */
	public record DirectoryStatus(int precedence, int count, String path, String hostPath, String absolutePath,
			boolean exists, boolean directory, boolean writable, int jsonFiles, String error) {

		/**
		 * Whether this service reads the directory elsewhere than the host names it
		 * (under {@code hooks.host-root}).
		 */
		public boolean readElsewhere() {
			return !this.hostPath.equals(this.path);
		}

		public boolean lowest() {
			return this.precedence == 1;
		}

		public boolean highest() {
			return this.precedence == this.count;
		}

		/** e.g. "precedence 1 (lowest)". */
		public String precedenceLabel() {
			String label = "precedence " + this.precedence;
			if (this.count == 1) {
				return label;
			}
			if (lowest()) {
				return label + " (lowest)";
			}
			return highest() ? label + " (highest)" : label;
		}

	}

}
