package io.github.ocihooks.admin.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads hook directories as containers/common {@code hooks.ReadDir} and
 * {@code hooks.Read} do, file by file, keeping every outcome (the runtime keeps only the
 * valid ones and a chain of errors). How those outcomes combine into what the runtime
 * injects, including which errors it ignores, is {@link Resolution}'s job.
 */
public final class HookLoader {

	/**
	 * Largest hook file this service reads (1 MiB). Larger files are reported as not
	 * evaluated; a hook definition is a few hundred bytes.
	 */
	public static final int MAX_FILE_SIZE = 1 << 20;

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
			// Go opens a regular file (or a link to one) without complaint and fails only
			// when listing it.
			String op = (Files.exists(dir) && !Files.isDirectory(dir)) ? "readdirent " : "open ";
			return new DirectoryScan(index, directory, Files.exists(dir), op + directory + ": " + GoStrings.reason(ex),
					List.of());
		}
		names.sort(GoStrings::compare);
		List<HookFile> files = new ArrayList<>(names.size());
		for (String name : names) {
			files.add(readFile(index, directory, name, probe));
		}
		return new DirectoryScan(index, directory, true, null, files);
	}

	/**
	 * Re-reads only the given names of a directory scanned before (names that vanished
	 * are dropped), keeping every other entry as it was. A directory that did not exist
	 * or could not be listed is scanned in full.
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
			// Follows symbolic links, as the runtime's ReadFile does; only regular files
			// are opened at all.
			BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
			if (!attributes.isRegularFile() && !attributes.isDirectory()) {
				return special(index, directory, name, file, display, symlink);
			}
			if (attributes.isRegularFile() && attributes.size() > MAX_FILE_SIZE) {
				return tooLarge(index, directory, name, display, attributes.size(), symlink);
			}
			content = readAtMost(file, MAX_FILE_SIZE);
			if (content == null) {
				return tooLarge(index, directory, name, display, -1, symlink);
			}
		}
		catch (NoSuchFileException ex) {
			return new HookFile(index, directory, name, HookFile.Kind.VANISHED, null, null, null,
					List.of(Problem.of(Severity.WARNING, "dangling", null, 0,
							symlink ? "Dangling symbolic link (target " + linkTarget(file)
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
	 * The content of a regular file (following symbolic links) of at most
	 * {@link #MAX_FILE_SIZE} bytes; anything else (a FIFO, a device, a larger file) is an
	 * {@link IOException} without being opened or read whole. For every reader of hook
	 * directories, so that none of them can hang on a FIFO or exhaust the heap on
	 * {@code /dev/zero}.
	 */
	public static byte[] readRegularFile(Path file) throws IOException {
		BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
		if (!attributes.isRegularFile()) {
			throw new IOException(file + " is not a regular file");
		}
		if (attributes.size() > MAX_FILE_SIZE) {
			throw new IOException(file + " is larger than " + MAX_FILE_SIZE + " bytes");
		}
		byte[] content = readAtMost(file, MAX_FILE_SIZE);
		if (content == null) {
			throw new IOException(file + " is larger than " + MAX_FILE_SIZE + " bytes");
		}
		return content;
	}

	/**
	 * Reads a regular file, or returns null when it holds more than {@code limit} bytes
	 * (it may have grown).
	 */
	private static byte[] readAtMost(Path file, int limit) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			byte[] content = in.readNBytes(limit + 1);
			return (content.length > limit) ? null : content;
		}
	}

	private static HookFile tooLarge(int index, String directory, String name, String display, long size,
			boolean symlink) {
		String bytes = (size >= 0) ? size + " bytes" : "more than " + MAX_FILE_SIZE + " bytes";
		Problem error = Problem.of(Severity.ERROR, "file-too-large", null, 0,
				"read " + display + ": " + bytes + ", over the " + MAX_FILE_SIZE
						+ " bytes this service reads: not evaluated. The runtime has no such "
						+ "limit and would read and parse all of it; this service cannot say what it makes of it.");
		return new HookFile(index, directory, name, HookFile.Kind.UNREADABLE, null, null, error, List.of(), null, size,
				symlink);
	}

	/**
	 * A FIFO, device or socket under a {@code .json} name (directly or through a symbolic
	 * link). It is never opened: opening a FIFO blocks until a writer comes, and a device
	 * such as {@code /dev/zero} never ends. The message says what the runtime, which
	 * opens and reads it like any file, would do.
	 */
	private static HookFile special(int index, String directory, String name, Path file, String display,
			boolean symlink) {
		int mode = 0;
		try {
			mode = ((Number) Files.getAttribute(file, "unix:mode")).intValue();
		}
		catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException ex) {
			// Unknown kind of special file.
		}
		String via = symlink ? " (through a symbolic link to " + linkTarget(file) + ")" : "";
		String message = switch (mode & 0170000) {
			case 0010000 -> "read " + display + ": a FIFO (named pipe)" + via + ". The runtime's ReadFile blocks "
					+ "opening it until some process writes to it: container creation would hang. This service does "
					+ "not open it.";
			case 0020000,
					0060000 ->
				"read " + display + ": a device" + via + ". The runtime reads it like a file: a "
						+ "device such as /dev/zero never ends (the runtime would exhaust its memory), others give "
						+ "whatever they hold. This service reads only regular files.";
			case 0140000 -> "read " + display + ": a socket" + via + ". The runtime cannot open it (\"no such device "
					+ "or address\") and refuses every container.";
			default -> "read " + display + ": not a regular file" + via + ". This service reads only regular files.";
		};
		Problem error = Problem.of(Severity.ERROR, "special-file", null, 0, message);
		return new HookFile(index, directory, name, HookFile.Kind.UNREADABLE, null, null, error, List.of(), null, -1,
				symlink);
	}

	/**
	 * Checks content as if it were the file {@code name} in {@code directory}, without
	 * touching the disk except to look for the executable: what a write would produce.
	 */
	public HookFile check(int index, String directory, String name, byte[] content) {
		return readContent(index, directory, name, content, false, cachingProbe());
	}

	HookFile readContent(int index, String directory, String name, byte[] content, boolean symlink,
			ExecutableProbe probe) {
		GoJson.Value root;
		try {
			root = GoJson.parse(content);
		}
		catch (GoJson.SyntaxException ex) {
			// A syntax error reads the same in every Go release: no source to read again.
			return fromRead(index, directory, name, HookReader.read(content),
					new Read(sha256(content), content.length, symlink, null, GoRelease.LATEST), probe);
		}
		return fromRead(index, directory, name, HookReader.read(root),
				new Read(sha256(content), content.length, symlink, new HookFile.Source(root), GoRelease.LATEST), probe);
	}

	/**
	 * Checks an already parsed definition (for example a JSON object inside a request) as
	 * if it were the content of the file {@code name} in {@code directory}: what a write
	 * would produce. Size and hash are unknown.
	 */
	public HookFile check(int index, String directory, String name, GoJson.Value root) {
		return fromRead(index, directory, name, HookReader.read(root),
				new Read(null, -1, false, new HookFile.Source(root), GoRelease.LATEST), cachingProbe());
	}

	/**
	 * {@code file} read again from its source with the rules of {@code go}; the
	 * executable check's outcome is taken from {@code file} (it does not depend on Go).
	 */
	static HookFile reread(HookFile file, GoRelease go) {
		ExecutableProbe known = path -> {
			if (file.error() != null && "executable-missing".equals(file.error().code())) {
				return new ExecutableProbe.Result(ExecutableProbe.Kind.NOT_EXIST, file.error().message());
			}
			if (file.error() != null && "executable-error".equals(file.error().code())) {
				return new ExecutableProbe.Result(ExecutableProbe.Kind.ERROR, file.error().message());
			}
			return ExecutableProbe.Result.EXISTS;
		};
		HookFile read = fromRead(file.directoryIndex(), file.directory(), file.name(),
				HookReader.read(file.source().root(), go),
				new Read(file.sha256(), file.size(), file.symlink(), file.source(), go), known);
		if (read.compiled() != null && file.compiled() != null
				&& sameConditions(read.compiled().when(), file.compiled().when())) {
			// Go releases differ in which patterns they accept and how errors read, not
			// in what an accepted pattern matches: conditions that compile under both
			// are the same compiled conditions. Keeping the object lets previews for
			// runtimes built with different releases share their matching decisions
			// (HookPreview.previewAll decides once per compiled conditions and facts).
			return new HookFile(read.directoryIndex(), read.directory(), read.name(), read.kind(), read.definition(),
					file.compiled(), read.error(), read.notes(), read.sha256(), read.size(), read.symlink(),
					read.source(), read.go());
		}
		return read;
	}

	/**
	 * Equal conditions with the annotation pairs in the same order (the order the runtime
	 * tries them in, which explanations follow).
	 */
	private static boolean sameConditions(When a, When b) {
		return a.equals(b) && (a.annotations() == null
				|| List.copyOf(a.annotations().keySet()).equals(List.copyOf(b.annotations().keySet())));
	}

	/**
	 * Where an outcome comes from: content hash and size, link, parsed source and the Go
	 * release read with.
	 */
	private record Read(String sha, long length, boolean symlink, HookFile.Source source, GoRelease go) {
	}

	private static HookFile fromRead(int index, String directory, String name, HookReader.Result read, Read from,
			ExecutableProbe probe) {
		String display = Path.of(directory).resolve(name).normalize().toString();
		if (!read.ok()) {
			Problem e = read.error();
			Problem error = new Problem(Severity.ERROR, e.code(), null, null, e.pointer(), e.line(),
					"parsing hook " + GoStrings.quote(display) + ": " + e.message(), false);
			return new HookFile(index, directory, name, HookFile.Kind.INVALID, null, null, error, read.notes(),
					from.sha(), from.length(), from.symlink(), from.source(), from.go());
		}
		HookDefinition definition = read.definition();
		List<Problem> notes = new ArrayList<>(read.notes());
		notes.addAll(Advice.about(definition));
		// hook.Validate, in the reference's order: path, existence, patterns, stages
		// present. Stage names are checked
		// later against the extension stages in force.
		if (definition.hook().path().isEmpty()) {
			return invalid(index, directory, name, definition, "missing-path", "/hook/path",
					"missing required property: hook.path", notes, from);
		}
		ExecutableProbe.Result exists = probe.probe(definition.hook().path());
		if (exists.kind() == ExecutableProbe.Kind.NOT_EXIST) {
			Problem error = new Problem(Severity.ERROR, "executable-missing", null, null, "/hook/path", 0,
					exists.message(), false);
			return new HookFile(index, directory, name, HookFile.Kind.EXECUTABLE_MISSING, definition, null, error,
					notes, from.sha(), from.length(), from.symlink(), from.source(), from.go());
		}
		if (exists.kind() == ExecutableProbe.Kind.ERROR) {
			return invalid(index, directory, name, definition, "executable-error", "/hook/path", exists.message(),
					notes, from);
		}
		CompiledWhen compiled;
		try {
			compiled = CompiledWhen.compile(definition.when(), from.go());
		}
		catch (CompiledWhen.InvalidPattern ex) {
			return invalid(index, directory, name, definition, ex.code(), ex.pointer(), ex.getMessage(), notes, from);
		}
		if (definition.stages() == null) {
			return invalid(index, directory, name, definition, "missing-stages", "/stages",
					"missing required property: stages", notes, from);
		}
		return new HookFile(index, directory, name, HookFile.Kind.VALID, definition, compiled, null, notes, from.sha(),
				from.length(), from.symlink(), from.source(), from.go());
	}

	/**
	 * Every reason the runtime rejects a definition it has read, in the reference's order
	 * (it reports only the first): path missing, executable missing (one finding that
	 * says what the runtime does about it), each invalid pattern, stages missing, each
	 * unknown stage.
	 */
	public List<Problem> validationErrors(HookDefinition definition, Collection<String> extensionStages) {
		List<Problem> errors = new ArrayList<>();
		String path = definition.hook().path();
		if (path.isEmpty()) {
			errors.add(Problem.of(Severity.ERROR, "missing-path", "/hook/path", 0,
					"missing required property: hook.path"));
		}
		else {
			ExecutableProbe.Result exists = this.probe.probe(path);
			if (exists.kind() == ExecutableProbe.Kind.NOT_EXIST) {
				errors.add(Problem.of(Severity.ERROR, "executable-missing", "/hook/path", 0, exists.message()
						+ ". The runtime skips this file silently: no error, no container refused, and the file "
						+ "does not mask a file of the same name in a lower-precedence directory (that one stays "
						+ "active). Install the executable, or correct the path, for the hook to run."));
			}
			else if (exists.kind() == ExecutableProbe.Kind.ERROR) {
				errors.add(Problem.of(Severity.ERROR, "executable-error", "/hook/path", 0, exists.message()));
			}
		}
		When when = definition.when();
		if (when.annotations() != null) {
			for (Map.Entry<String, String> e : when.annotations().entrySet()) {
				String pointer = "/when/annotations/" + JsonPointer.escape(e.getKey());
				patternError(errors, e.getKey(), "invalid annotation key", pointer);
				patternError(errors, e.getValue(), "invalid annotation value", pointer);
			}
		}
		if (when.commands() != null) {
			for (int i = 0; i < when.commands().size(); i++) {
				patternError(errors, when.commands().get(i), "invalid command", "/when/commands/" + i);
			}
		}
		if (definition.stages() == null) {
			errors.add(Problem.of(Severity.ERROR, "missing-stages", "/stages", 0, "missing required property: stages"));
		}
		else {
			java.util.Set<String> valid = new java.util.HashSet<>(Resolution.OCI_STAGES);
			valid.addAll(extensionStages);
			for (int i = 0; i < definition.stages().size(); i++) {
				if (!valid.contains(definition.stages().get(i))) {
					errors.add(Problem.of(Severity.ERROR, "unknown-stage", "/stages/" + i, 0,
							"unknown stage " + GoStrings.quote(definition.stages().get(i))));
				}
			}
		}
		return errors;
	}

	private static void patternError(List<Problem> errors, String regex, String what, String pointer) {
		try {
			CompiledWhen.compile(regex, what, pointer);
		}
		catch (CompiledWhen.InvalidPattern ex) {
			errors.add(Problem.of(Severity.ERROR, "invalid-pattern", pointer, 0, ex.getMessage()));
		}
	}

	private static HookFile invalid(int index, String directory, String name, HookDefinition definition, String code,
			String pointer, String message, List<Problem> notes, Read from) {
		Problem error = new Problem(Severity.ERROR, code, null, null, pointer, 0, message, false);
		return new HookFile(index, directory, name, HookFile.Kind.INVALID, definition, null, error, notes, from.sha(),
				from.length(), from.symlink(), from.source(), from.go());
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
