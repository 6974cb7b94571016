package io.github.ocihooks.admin.history;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.ocihooks.admin.engine.HookLoader;
import io.github.ocihooks.admin.store.AtomicFiles;
import io.github.ocihooks.admin.store.HookFiles;
import io.github.ocihooks.admin.store.KeptVersions;
import io.github.ocihooks.admin.store.StoreException;

/**
 * The previous content of every file this service overwrote or deleted, kept under
 * {@code STATE/history/DIRECTORY-ID/NAME/MILLIS-SHA256.json}, so that any version can be
 * viewed, compared and restored. Files are written atomically and never changed. The
 * write path in {@code store} saves through {@link KeptVersions}; restoring is
 * {@link Restorer}.
 */
public class History implements KeptVersions {

	private static final Pattern VERSION = Pattern.compile("^(\\d+)-([0-9a-f]{64})\\.json$");

	/** The longest version id: up to 19 digits of milliseconds, a dash, 64 hex digits. */
	public static final int MAX_VERSION_ID = 19 + 1 + 64;

	private final Path root;

	History(Path root) {
		this.root = root;
	}

	/** {@code STATE/history}. */
	Path root() {
		return this.root;
	}

	/**
	 * A kept version.
	 *
	 * @param id the version id ({@code MILLIS-SHA256})
	 * @param savedAt when it was replaced or deleted
	 * @param sha256 its content hash
	 * @param size its length
	 */
	public record Version(String id, Instant savedAt, String sha256, long size) {
	}

	@Override
	public void save(String directoryId, String name, byte[] content, Instant at) throws IOException {
		Path dir = this.root.resolve(directoryId).resolve(name);
		Files.createDirectories(dir);
		String sha = HookLoader.sha256(content);
		Path target = dir.resolve(at.toEpochMilli() + "-" + sha + ".json");
		if (!Files.exists(target)) {
			AtomicFiles.writePrivate(target, content);
		}
	}

	public List<Version> versions(String directoryId, String name) {
		HookFiles.checkName(name);
		List<Version> versions = new ArrayList<>();
		Path dir = this.root.resolve(directoryId).resolve(name);
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
			for (Path p : stream) {
				Matcher m = VERSION.matcher(p.getFileName().toString());
				if (m.matches()) {
					versions.add(new Version(m.group(1) + "-" + m.group(2),
							Instant.ofEpochMilli(Long.parseLong(m.group(1))), m.group(2), Files.size(p)));
				}
			}
		}
		catch (NoSuchFileException ex) {
			return versions;
		}
		catch (IOException ex) {
			throw new StoreException(StoreException.Kind.IO, "Cannot read the history: " + ex.getMessage(), ex);
		}
		versions.sort(Comparator.comparing(Version::savedAt).reversed());
		return versions;
	}

	public Optional<byte[]> content(String directoryId, String name, String versionId) {
		HookFiles.checkName(name);
		if (versionId.length() > MAX_VERSION_ID) {
			throw new StoreException(StoreException.Kind.INVALID_VERSION, "A version id is MILLIS-SHA256, at most "
					+ MAX_VERSION_ID + " characters; this one has " + versionId.length());
		}
		if (!versionId.matches("\\d{1,19}-[0-9a-f]{64}")) {
			throw new StoreException(StoreException.Kind.NOT_FOUND, "No version " + versionId);
		}
		try {
			return Optional
				.of(Files.readAllBytes(this.root.resolve(directoryId).resolve(name).resolve(versionId + ".json")));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw new StoreException(StoreException.Kind.IO, "Cannot read the history: " + ex.getMessage(), ex);
		}
	}

}
