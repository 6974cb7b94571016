package io.github.ocihooks.admin.engine;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads hook directories as containers/common {@code hooks.ReadDir} and {@code hooks.Read} do, file by file, keeping
 * every outcome (the runtime keeps only the valid ones and a chain of errors). How those outcomes combine into what
 * the runtime injects, including which errors it ignores, is {@link Resolution}'s job.
 */
public final class HookLoader {

	private final ExecutableProbe probe;

	public HookLoader(ExecutableProbe probe) {
		this.probe = probe;
	}

	/** Reads every directory; the probe results are shared within this call. */
	public List<DirectoryScan> scan(List<String> directories) {
		ExecutableProbe cached = cachingProbe();
		List<DirectoryScan> scans = new ArrayList<>(directories.size());
		for (int i = 0; i < directories.size(); i++) {
			scans.add(scanDirectory(i, directories.get(i), cached));
		}
		return scans;
	}

	ExecutableProbe cachingProbe() {
		Map<String, ExecutableProbe.Result> cache = new ConcurrentHashMap<>();
		return path -> cache.computeIfAbsent(path, this.probe::probe);
	}

	/** Reads one directory. */
	public DirectoryScan scanDirectory(int index, String directory) {
		return scanDirectory(index, directory, cachingProbe());
	}

	DirectoryScan scanDirectory(int index, String directory, ExecutableProbe probe) {
		Path dir = Path.of(directory);
		List<String> names = new ArrayList<>();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
			for (Path entry : stream) {
				names.add(entry.getFileName().toString());
			}
		}
		catch (NoSuchFileException ex) {
			return new DirectoryScan(index, directory, false, null, List.of());
		}
		catch (IOException ex) {
			return new DirectoryScan(index, directory, Files.exists(dir),
					"open " + directory + ": " + GoStrings.reason(ex), List.of());
		}
		names.sort(GoStrings::compare);
		List<HookFile> files = new ArrayList<>(names.size());
		for (String name : names) {
			files.add(readFile(index, directory, name, probe));
		}
		return new DirectoryScan(index, directory, true, null, files);
	}

	/**
	 * Re-reads only the given names of a directory scanned before (names that vanished are dropped), keeping every
	 * other entry as it was. A directory that did not exist or could not be listed is scanned in full.
	 */
	public DirectoryScan rescan(DirectoryScan previous, java.util.Collection<String> names) {
		if (!previous.exists() || previous.error() != null || !Files.isDirectory(Path.of(previous.path()))) {
			return scanDirectory(previous.index(), previous.path(), cachingProbe());
		}
		java.util.TreeMap<String, HookFile> files = new java.util.TreeMap<>(GoStrings::compare);
		for (HookFile f : previous.files()) {
			files.put(f.name(), f);
		}
		ExecutableProbe probe = cachingProbe();
		for (String name : names) {
			Path file = Path.of(previous.path(), name);
			if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
				files.put(name, readFile(previous.index(), previous.path(), name, probe));
			}
			else {
				files.remove(name);
			}
		}
		return new DirectoryScan(previous.index(), previous.path(), true, null, new ArrayList<>(files.values()));
	}

	/** Reads one entry: the runtime's {@code hooks.Read} plus our notes. */
	HookFile readFile(int index, String directory, String name, ExecutableProbe probe) {
		Path file = Path.of(directory, name);
		boolean symlink = Files.isSymbolicLink(file);
		if (!name.endsWith(".json")) {
			return new HookFile(index, directory, name, HookFile.Kind.NOT_JSON, null, null, null,
					List.of(Problem.of(Severity.INFO, "not-json", null, 0, notJsonMessage(name, file))), null, -1,
					symlink);
		}
		String display = Path.of(directory).resolve(name).normalize().toString();
		byte[] content;
		try {
			content = Files.readAllBytes(file);
		}
		catch (NoSuchFileException ex) {
			return new HookFile(index, directory, name, HookFile.Kind.VANISHED, null, null, null,
					List.of(Problem.of(Severity.WARNING, "dangling", null, 0, symlink
							? "Dangling symbolic link (target " + linkTarget(file)
									+ " does not exist): the runtime skips it silently."
							: "The file vanished while it was read: the runtime would skip it silently.")),
					null, -1, symlink);
		}
		catch (IOException ex) {
			String reason = GoStrings.reason(ex);
			if (Files.isDirectory(file)) {
				reason = "is a directory";
			}
			Problem error = Problem.of(Severity.ERROR, "unreadable", null, 0, "read " + display + ": " + reason);
			return new HookFile(index, directory, name, HookFile.Kind.UNREADABLE, null, null, error, List.of(), null,
					-1, symlink);
		}
		return readContent(index, directory, name, content, symlink, probe);
	}

	/**
	 * Checks content as if it were the file {@code name} in {@code directory}, without touching the disk except to
	 * look for the executable: what a write would produce.
	 */
	public HookFile check(int index, String directory, String name, byte[] content) {
		return readContent(index, directory, name, content, false, cachingProbe());
	}

	HookFile readContent(int index, String directory, String name, byte[] content, boolean symlink,
			ExecutableProbe probe) {
		String display = Path.of(directory).resolve(name).normalize().toString();
		String sha = sha256(content);
		HookReader.Result read = HookReader.read(content);
		if (!read.ok()) {
			Problem e = read.error();
			Problem error = new Problem(Severity.ERROR, e.code(), null, null, e.pointer(), e.line(),
					"parsing hook " + GoStrings.quote(display) + ": " + e.message(), false);
			return new HookFile(index, directory, name, HookFile.Kind.INVALID, null, null, error, read.notes(), sha,
					content.length, symlink);
		}
		HookDefinition definition = read.definition();
		List<Problem> notes = new ArrayList<>(read.notes());
		notes.addAll(Advice.about(definition));
		// hook.Validate, in the reference's order: path, existence, patterns, stages present. Stage names are checked
		// later against the extension stages in force.
		if (definition.hook().path().isEmpty()) {
			return invalid(index, directory, name, definition, "missing-path", "/hook/path",
					"missing required property: hook.path", notes, sha, content.length, symlink);
		}
		ExecutableProbe.Result exists = probe.probe(definition.hook().path());
		if (exists.kind() == ExecutableProbe.Kind.NOT_EXIST) {
			Problem error = new Problem(Severity.ERROR, "executable-missing", null, null, "/hook/path", 0,
					exists.message(), false);
			return new HookFile(index, directory, name, HookFile.Kind.EXECUTABLE_MISSING, definition, null, error,
					notes, sha, content.length, symlink);
		}
		if (exists.kind() == ExecutableProbe.Kind.ERROR) {
			return invalid(index, directory, name, definition, "executable-error", "/hook/path", exists.message(),
					notes, sha, content.length, symlink);
		}
		CompiledWhen compiled;
		try {
			compiled = CompiledWhen.compile(definition.when());
		}
		catch (CompiledWhen.InvalidPattern ex) {
			return invalid(index, directory, name, definition, ex.code(), ex.pointer(), ex.getMessage(), notes,
					sha, content.length, symlink);
		}
		if (definition.stages() == null) {
			return invalid(index, directory, name, definition, "missing-stages", "/stages",
					"missing required property: stages", notes, sha, content.length, symlink);
		}
		return new HookFile(index, directory, name, HookFile.Kind.VALID, definition, compiled, null, notes, sha,
				content.length, symlink);
	}

	private static HookFile invalid(int index, String directory, String name, HookDefinition definition, String code,
			String pointer, String message, List<Problem> notes, String sha, long size, boolean symlink) {
		Problem error = new Problem(Severity.ERROR, code, null, null, pointer, 0, message, false);
		return new HookFile(index, directory, name, HookFile.Kind.INVALID, definition, null, error, notes, sha, size,
				symlink);
	}

	private static String notJsonMessage(String name, Path file) {
		if (name.toLowerCase().endsWith(".json")) {
			return "Ignored: the runtime reads only names ending in \".json\" (lower case); rename it to use it.";
		}
		if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
			return "Ignored: a directory whose name does not end in \".json\".";
		}
		return "Ignored: the runtime reads only names ending in \".json\".";
	}

	private static String linkTarget(Path link) {
		try {
			return Files.readSymbolicLink(link).toString();
		}
		catch (IOException | UnsupportedOperationException ex) {
			return "?";
		}
	}

	/** Hex SHA-256, as used for content ETags. */
	public static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
