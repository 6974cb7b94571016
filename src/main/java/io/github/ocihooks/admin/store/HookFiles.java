package io.github.ocihooks.admin.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

import io.github.ocihooks.admin.config.HooksProperties;
import io.github.ocihooks.admin.engine.ExecutableProbe;
import io.github.ocihooks.admin.engine.GoJson;
import io.github.ocihooks.admin.engine.HookLoader;
import io.github.ocihooks.admin.engine.HookReader;
import io.github.ocihooks.admin.engine.Problem;
import io.github.ocihooks.admin.engine.Severity;
import io.github.ocihooks.admin.engine.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Reads and writes single hook files in the configured directories. Every write is atomic ({@link AtomicFiles}),
 * guarded by the file's content hash as ETag, and serialized per file, so that of concurrent writers holding the
 * same ETag exactly one wins. After a write the store is refreshed before the call returns.
 */
@Component
public class HookFiles {

	private static final Logger logger = LoggerFactory.getLogger(HookFiles.class);

	/** A plain file name ending in {@code .json}; never a path. */
	public static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]*\\.json$");

	private final HookStore store;

	private final List<String> directories;

	private final List<String> ids;

	private final Map<String, String> idsByDirectory;

	private final Set<Path> writable;

	private final Map<Path, ReentrantLock> locks = new ConcurrentHashMap<>();

	private volatile AtomicFiles.Interruption interruption;

	private final AuditLog audit;

	private final History history;

	private final HooksProperties.Policy policy;

	private final HookLoader loader = new HookLoader(ExecutableProbe.fileSystem());

	HookFiles(HookStore store, HooksProperties properties, AuditLog audit, History history) {
		this.store = store;
		this.audit = audit;
		this.history = history;
		this.policy = properties.policy();
		this.directories = store.directories();
		this.ids = DirectoryIds.of(this.directories);
		Map<String, String> byDirectory = new LinkedHashMap<>();
		for (int i = 0; i < this.directories.size(); i++) {
			byDirectory.put(this.directories.get(i), this.ids.get(i));
		}
		this.idsByDirectory = Collections.unmodifiableMap(byDirectory);
		this.writable = Set.copyOf(properties.effectiveWritableDirectories()
			.stream()
			.map(p -> p.toAbsolutePath().normalize())
			.toList());
		removeLeftovers();
		audit.recover((directory, name) -> {
			try {
				return HookLoader.sha256(HookLoader.readRegularFile(Path.of(directory, name)));
			}
			catch (IOException ex) {
				return null;
			}
		});
	}

	/** A file's bytes and ETag. */
	public record StoredFile(int directoryIndex, String directoryId, String directory, String name, byte[] content,
			String etag) {
	}

	/** What a write did. */
	public record WriteResult(boolean created, String etag, Snapshot snapshot) {
	}

	/** How a write is conditioned (HTTP {@code If-Match} / {@code If-None-Match: *}). */
	public record Precondition(String ifMatch, boolean createOnly) {

		public static final Precondition NONE = new Precondition(null, false);

	}

	public List<String> ids() {
		return this.ids;
	}

	/** Each directory's id by its path, in precedence order (for links from a file's directory to its pages). */
	public Map<String, String> idsByDirectory() {
		return this.idsByDirectory;
	}

	/** The index of a directory given by id or by path. */
	public int directoryIndex(String idOrPath) {
		for (int i = 0; i < this.directories.size(); i++) {
			if (this.ids.get(i).equals(idOrPath) || this.directories.get(i).equals(idOrPath)) {
				return i;
			}
		}
		throw new StoreException(StoreException.Kind.NOT_FOUND, "No configured hook directory \"" + idOrPath + "\"");
	}

	public boolean accepts(int directoryIndex) {
		Path dir = path(directoryIndex);
		return this.writable.contains(dir) && Files.isDirectory(dir) && Files.isWritable(dir);
	}

	/** Why writes to a directory are refused, or null when they are accepted. */
	public String refusal(int directoryIndex) {
		Path dir = path(directoryIndex);
		if (!this.writable.contains(dir)) {
			return "Directory " + dir + " does not accept writes through this service (hooks.writable-directories; "
					+ "by default only the highest-precedence directory does)";
		}
		if (!Files.isDirectory(dir)) {
			return "Directory " + dir + " does not exist";
		}
		if (!Files.isWritable(dir)) {
			return "Directory " + dir + " is not writable by this service";
		}
		return null;
	}

	public Path path(int directoryIndex) {
		return Path.of(this.directories.get(directoryIndex)).toAbsolutePath().normalize();
	}

	public static void checkName(String name) {
		if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
			throw new StoreException(StoreException.Kind.INVALID_NAME, "Invalid hook file name "
					+ ((name == null) ? "null" : "\"" + name.replace("\u0000", "\\0") + "\"")
					+ ": it must match ^[A-Za-z0-9][A-Za-z0-9._-]*\\.json$ (a plain name, never a path)");
		}
	}

	public Optional<StoredFile> read(String directory, String name) {
		checkName(name);
		int index = directoryIndex(directory);
		Path file = path(index).resolve(name);
		if (Files.isSymbolicLink(file) || Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
			throw new StoreException(StoreException.Kind.CONFLICT,
					file + " is not a regular file (a symbolic link or directory); manage it on disk");
		}
		try {
			byte[] content = HookLoader.readRegularFile(file);
			return Optional.of(new StoredFile(index, this.ids.get(index), this.directories.get(index), name, content,
					etag(content)));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw new StoreException(StoreException.Kind.IO, "Cannot read " + file + ": " + ex.getMessage(), ex);
		}
	}

	/** Like {@link #read}, but a missing file is a {@code NOT_FOUND} refusal. */
	public StoredFile require(String directory, String name) {
		return read(directory, name).orElseThrow(() -> new StoreException(StoreException.Kind.NOT_FOUND,
				"No file " + name + " in " + path(directoryIndex(directory))));
	}

	/** Creates or replaces a file with already validated, canonical content. */
	public WriteResult write(String directory, String name, byte[] content, Precondition precondition) {
		checkName(name);
		int index = directoryIndex(directory);
		String refusal = refusal(index);
		if (refusal != null) {
			throw new StoreException(StoreException.Kind.CONFLICT, refusal);
		}
		return write(index, name, content, precondition, null);
	}

	/** Writes a kept version back (exact bytes); {@code ifMatch} when the file exists, else it must be absent. */
	public WriteResult restore(String directory, String name, String versionId, String ifMatch) {
		checkName(name);
		int index = directoryIndex(directory);
		byte[] content = this.history.content(this.ids.get(index), name, versionId)
			.orElseThrow(() -> new StoreException(StoreException.Kind.NOT_FOUND,
					"No version " + versionId + " of " + name + " in the history"));
		String refusal = refusal(index);
		if (refusal != null) {
			throw new StoreException(StoreException.Kind.CONFLICT, refusal);
		}
		return write(index, name, content, new Precondition(ifMatch, ifMatch == null), "restore");
	}

	private WriteResult write(int index, String name, byte[] content, Precondition precondition, String action) {
		List<Problem> violations = policyViolations(content);
		if (!violations.isEmpty()) {
			throw new StoreException(StoreException.Kind.POLICY, violations.get(0).message());
		}
		Path file = path(index).resolve(name);
		ReentrantLock lock = this.locks.computeIfAbsent(file, k -> new ReentrantLock());
		lock.lock();
		try {
			byte[] current = current(file);
			check(file, current, precondition);
			Actor actor = Actor.current();
			String verb = (action != null) ? action : (current == null) ? "create" : "update";
			String before = (current != null) ? HookLoader.sha256(current) : null;
			String after = HookLoader.sha256(content);
			String id = this.audit.intent(actor, verb, file.getParent().toString(), name, before, after);
			try {
				if (current != null) {
					this.history.save(this.ids.get(index), name, current, java.time.Instant.now());
				}
				AtomicFiles.write(file, content, this.interruption);
			}
			catch (IOException ex) {
				this.audit.outcome(id, actor, verb, file.getParent().toString(), name, before, before, "failed",
						ex.getMessage());
				throw new StoreException(StoreException.Kind.IO,
						"Writing " + file + " failed; the previous content is unchanged: " + ex.getMessage(), ex);
			}
			this.audit.outcome(id, actor, verb, file.getParent().toString(), name, before, after, "written", null);
			Snapshot snapshot = this.store.refresh(Map.of(index, List.of(name)), Set.of(), "write");
			logger.info("{} {} ({})", verb, file, actor.user());
			return new WriteResult(current == null, etag(content), snapshot);
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * Everything a write of this definition as {@code name} into directory {@code index} must pass: the runtime's
	 * reading of the canonical bytes, the stricter rules for writes, and the write policy. The one check behind the
	 * API, sync, validation and the dashboard editor.
	 */
	public DefinitionCheck check(int index, String name, GoJson.Value definition) {
		DefinitionCheck check = DefinitionCheck.of(definition, path(index).toString(), name,
				this.store.extensionStages(), this.loader);
		return check.valid() ? check.withErrors(policyViolations(check.canonical())) : check;
	}

	/**
	 * What the write policy says about content: relative paths and {@code ..} are always refused;
	 * {@code hooks.policy.allowed-path-prefixes} and {@code hooks.policy.require-timeout} when set.
	 */
	public List<Problem> policyViolations(byte[] content) {
		List<Problem> problems = new ArrayList<>();
		HookReader.Result read = HookReader.read(content);
		if (!read.ok()) {
			return problems;
		}
		String path = read.definition().hook().path();
		if (!path.startsWith("/")) {
			problems.add(Problem.of(Severity.ERROR, "policy-relative-path", "/hook/path", 0,
					"hook.path must be absolute: a relative path depends on the runtime's working directory"));
		}
		else if (("/" + path + "/").contains("/../")) {
			problems.add(Problem.of(Severity.ERROR, "policy-dotdot", "/hook/path", 0,
					"hook.path must not contain \"..\""));
		}
		else if (!this.policy.allowedPathPrefixes().isEmpty()
				&& this.policy.allowedPathPrefixes().stream().noneMatch(path::startsWith)) {
			problems.add(Problem.of(Severity.ERROR, "policy-path-prefix", "/hook/path", 0,
					"hook.path " + path + " is outside the allowed prefixes " + this.policy.allowedPathPrefixes()
							+ " (hooks.policy.allowed-path-prefixes)"));
		}
		if (this.policy.requireTimeout() && read.definition().hook().timeout() == null) {
			problems.add(Problem.of(Severity.ERROR, "policy-timeout", "/hook/timeout", 0,
					"hook.timeout is required (hooks.policy.require-timeout)"));
		}
		return problems;
	}

	/** Deletes a file; {@code ifMatch} is required. */
	public Snapshot delete(String directory, String name, String ifMatch) {
		checkName(name);
		int index = directoryIndex(directory);
		String refusal = refusal(index);
		if (refusal != null) {
			throw new StoreException(StoreException.Kind.CONFLICT, refusal);
		}
		Path file = path(index).resolve(name);
		ReentrantLock lock = this.locks.computeIfAbsent(file, k -> new ReentrantLock());
		lock.lock();
		try {
			byte[] current = current(file);
			if (current == null) {
				throw new StoreException(StoreException.Kind.NOT_FOUND, "No file " + name + " in " + path(index));
			}
			if (ifMatch == null) {
				throw new StoreException(StoreException.Kind.PRECONDITION_REQUIRED,
						"Deleting needs If-Match with the file's current ETag " + etag(current));
			}
			if (!etagMatches(ifMatch, current)) {
				throw new StoreException(StoreException.Kind.PRECONDITION_FAILED,
						"The file changed: its ETag is now " + etag(current));
			}
			Actor actor = Actor.current();
			String before = HookLoader.sha256(current);
			String id = this.audit.intent(actor, "delete", file.getParent().toString(), name, before, null);
			try {
				this.history.save(this.ids.get(index), name, current, java.time.Instant.now());
				AtomicFiles.delete(file);
			}
			catch (IOException ex) {
				this.audit.outcome(id, actor, "delete", file.getParent().toString(), name, before, before, "failed",
						ex.getMessage());
				throw new StoreException(StoreException.Kind.IO, "Deleting " + file + " failed: " + ex.getMessage(),
						ex);
			}
			this.audit.outcome(id, actor, "delete", file.getParent().toString(), name, before, null, "written", null);
			logger.info("Deleted {} ({})", file, actor.user());
			return this.store.refresh(Map.of(index, List.of(name)), Set.of(), "write");
		}
		finally {
			lock.unlock();
		}
	}

	/** The names of the {@code .json} regular files in a directory. */
	public List<String> names(int index) {
		List<String> names = new ArrayList<>();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(path(index), "*.json")) {
			for (Path p : stream) {
				if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
					names.add(p.getFileName().toString());
				}
			}
		}
		catch (NoSuchFileException ex) {
			return names;
		}
		catch (IOException ex) {
			throw new StoreException(StoreException.Kind.IO, "Cannot list " + path(index) + ": " + ex.getMessage(),
					ex);
		}
		names.sort(null);
		return names;
	}

	private static void check(Path file, byte[] current, Precondition precondition) {
		if (precondition.createOnly() && current != null) {
			throw new StoreException(StoreException.Kind.PRECONDITION_FAILED,
					file.getFileName() + " already exists (If-None-Match: *); its ETag is " + etag(current));
		}
		if (precondition.ifMatch() != null) {
			if (current == null) {
				throw new StoreException(StoreException.Kind.PRECONDITION_FAILED,
						file.getFileName() + " does not exist, so it cannot match " + precondition.ifMatch());
			}
			if (!etagMatches(precondition.ifMatch(), current)) {
				throw new StoreException(StoreException.Kind.PRECONDITION_FAILED,
						"The file changed since you read it: its ETag is now " + etag(current));
			}
		}
		else if (!precondition.createOnly() && current != null) {
			throw new StoreException(StoreException.Kind.PRECONDITION_REQUIRED, "Replacing " + file.getFileName()
					+ " needs If-Match with its current ETag " + etag(current) + " (or If-None-Match: * to create)");
		}
	}

	/** The current content of a regular file, null when absent; refuses symbolic links and directories. */
	private static byte[] current(Path file) {
		try {
			BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
					LinkOption.NOFOLLOW_LINKS);
			if (!attributes.isRegularFile()) {
				throw new StoreException(StoreException.Kind.CONFLICT, file
						+ " is not a regular file (a symbolic link or directory): this service does not follow or "
						+ "replace it; manage it on disk");
			}
			return Files.readAllBytes(file);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		catch (IOException ex) {
			throw new StoreException(StoreException.Kind.IO, "Cannot read " + file + ": " + ex.getMessage(), ex);
		}
	}

	public static String etag(byte[] content) {
		return "\"" + HookLoader.sha256(content) + "\"";
	}

	static boolean etagMatches(String header, byte[] current) {
		String etag = etag(current);
		for (String candidate : header.split(",")) {
			String c = candidate.trim();
			if (c.startsWith("W/")) {
				c = c.substring(2);
			}
			if (c.equals("*") || c.equals(etag)) {
				return true;
			}
		}
		return false;
	}

	/** Removes temporary files of writes that were killed before their rename. */
	private void removeLeftovers() {
		for (Path dir : this.writable) {
			try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
				for (Path p : stream) {
					if (AtomicFiles.isLeftover(p.getFileName().toString())
							&& Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
						Files.deleteIfExists(p);
						logger.info("Removed {}, left over by an interrupted write", p);
					}
				}
			}
			catch (IOException ex) {
				logger.debug("Cannot look for leftovers in {}: {}", dir, ex.getMessage());
			}
		}
	}

	/** For tests: something to run between the temporary write and the rename. */
	void interruption(AtomicFiles.Interruption interruption) {
		this.interruption = interruption;
	}

}
