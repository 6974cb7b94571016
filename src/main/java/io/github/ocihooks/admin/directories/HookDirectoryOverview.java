package io.github.ocihooks.admin.directories;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

	@org.springframework.beans.factory.annotation.Autowired
	public HookDirectoryOverview(HooksProperties properties, RuntimeProfiles profiles) {
		this.properties = properties;
		this.managed = () -> profiles.managedDirectories().stream().map(Object::toString).toList();
	}

	/** Over exactly {@code hooks.directories}. */
	HookDirectoryOverview(HooksProperties properties) {
		this.properties = properties;
		this.managed = () -> properties.directories().stream().map(Object::toString).toList();
	}

	/**
	 * The configured directories in increasing precedence: the first one is masked by all
	 * others.
	 */
	public List<DirectoryStatus> directories() {
		List<Path> directories = this.managed.get().stream().map(Path::of).toList();
		List<DirectoryStatus> result = new ArrayList<>(directories.size());
		for (int i = 0; i < directories.size(); i++) {
			result.add(inspect(directories.get(i), i + 1, directories.size()));
		}
		return result;
	}

	public List<String> extensionStages() {
		return this.properties.extensionStages();
	}

	static DirectoryStatus inspect(Path directory, int precedence, int count) {
		boolean exists = Files.isDirectory(directory);
		if (!exists) {
			return new DirectoryStatus(precedence, count, directory.toString(), absolute(directory),
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
		return new DirectoryStatus(precedence, count, directory.toString(), absolute(directory), true, true, writable,
				jsonFiles, error);
	}

	// Relative paths (e.g. in the demo profile) depend on the working directory: show
	// where they lead.
	private static String absolute(Path directory) {
		return directory.isAbsolute() ? null : directory.toAbsolutePath().normalize().toString();
	}

	/**
	 * @param precedence 1 for the lowest precedence
	 * @param count how many directories are configured
	 * @param path the path as configured
	 * @param absolutePath where a relative {@code path} leads, or {@code null} when
	 * {@code path} is absolute
	 * @param exists whether something exists at the path
	 * @param directory whether that is a directory
	 * @param writable whether this service may write into it
	 * @param jsonFiles how many {@code *.json} entries it holds (the runtime reads only
	 * those)
	 * @param error why it could not be listed, or {@code null}
	 */
	public record DirectoryStatus(int precedence, int count, String path, String absolutePath, boolean exists,
			boolean directory, boolean writable, int jsonFiles, String error) {

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
