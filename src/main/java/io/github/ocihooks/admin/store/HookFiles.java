package io.github.ocihooks.admin.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

import io.github.ocihooks.admin.directories.HookDirectories;
import io.github.ocihooks.admin.directories.WritePolicy;
import io.github.ocihooks.admin.engine.HookLoader;
import io.github.ocihooks.admin.engine.Problem;
import io.github.ocihooks.admin.engine.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Reads and writes single hook files in the configured directories. Every change on disk
 * (create, update, restore, delete) takes the one write path: per-file lock, precondition
 * on the file's ETag (its content hash), audit intent, history of the replaced content,
 * atomic write or delete ({@link AtomicFiles}), audit outcome, and a store refresh before
 * the call returns; so that of concurrent writers holding the same ETag exactly one wins.
 * Which directories accept writes and what the write policy allows are decided in
 * {@code directories}; start-up recovery is {@link StoreRecovery}.
 * <p>
 * Above 250 lines because the write path and its preconditions (If-Match, If-None-Match,
 * symbolic links and directories refused) belong together: splitting them would spread
 * one locked sequence over several classes.
 */
@Component
public class HookFiles {

	private static final Logger logger = LoggerFactory.getLogger(HookFiles.class);

	/** A plain file name ending in {@code .json}; never a path. */
	public static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]*\\.json$");

	private final HookStore store;

	private final HookDirectories directories;

	private final WritePolicy policy;

	private final Map<Path, ReentrantLock> locks = new ConcurrentHashMap<>();

	private volatile AtomicFiles.Interruption interruption;

	private final AuditTrail audit;

	private final KeptVersions history;

	HookFiles(HookStore store, HookDirectories directories, WritePolicy policy, AuditTrail audit,
			KeptVersions history) {
		this.store = store;
		this.directories = directories;
		this.policy = policy;
		this.audit = audit;
		this.history = history;
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

	/** The longest file name Linux file systems allow, in bytes (UTF-8). */
	public static final int MAX_NAME_BYTES = 255;

	public static void checkName(String name) {
		if (name != null && name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
			throw new StoreException(StoreException.Kind.INVALID_NAME,
					"Invalid hook file name: it is " + name.getBytes(StandardCharsets.UTF_8).length
							+ " bytes long; file names are at most " + MAX_NAME_BYTES + " bytes (UTF-8)");
		}
		if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
			throw new StoreException(StoreException.Kind.INVALID_NAME,
					"Invalid hook file name " + ((name == null) ? "null" : "\"" + name.replace("\u0000", "\\0") + "\"")
							+ ": it must match ^[A-Za-z0-9][A-Za-z0-9._-]*\\.json$ (a plain name, never a path)");
		}
	}

	/**
	 * A name as it may be on disk in a hook directory, for deleting what the runtime
	 * reads although this service would not create it ({@code .hidden.json},
	 * {@code caf\u00e9.json}, {@code a b.json}, {@code x..y.json}): any name ending in
	 * {@code .json} of at most 255 bytes that is not a path (no {@code /}, no NUL).
	 */
	public static void checkOnDiskName(String name) {
		if (name == null || name.contains("/") || name.contains("\u0000") || !name.endsWith(".json")
				|| name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
			throw new StoreException(StoreException.Kind.INVALID_NAME,
					"Invalid hook file name " + ((name == null) ? "null" : "\"" + name.replace("\u0000", "\\0") + "\"")
							+ ": a file name ending in .json of at most " + MAX_NAME_BYTES + " bytes, never a path");
		}
	}

	public Optional<StoredFile> read(String directory, String name) {
		checkName(name);
		int index = this.directories.index(directory);
		Path file = this.directories.path(index).resolve(name);
		if (Files.isSymbolicLink(file) || Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
			throw new StoreException(StoreException.Kind.CONFLICT,
					file + " is not a regular file (a symbolic link or directory); manage it on disk");
		}
		try {
			byte[] content = HookLoader.readRegularFile(file);
			return Optional.of(new StoredFile(index, this.directories.id(index), this.directories.paths().get(index),
					name, content, etag(content)));
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
				"No file " + name + " in " + this.directories.path(this.directories.index(directory))));
	}

	/** Creates or replaces a file with already validated, canonical content. */
	public WriteResult write(String directory, String name, byte[] content, Precondition precondition) {
		checkName(name);
		int index = this.directories.index(directory);
		this.directories.requireAccepts(index);
		return change(index, name, content, precondition, null);
	}

	/**
	 * Writes a kept version back (exact bytes, audited as {@code restore});
	 * {@code ifMatch} when the file exists, else it must be absent. Which version is the
	 * {@code history} feature's call ({@code Restorer}).
	 */
	public WriteResult restore(String directory, String name, byte[] content, String ifMatch) {
		checkName(name);
		int index = this.directories.index(directory);
		this.directories.requireAccepts(index);
		return change(index, name, content, new Precondition(ifMatch, ifMatch == null), "restore");
	}

	/**
	 * Deletes a file; {@code ifMatch} is required. Also names this service would not
	 * create (see {@link #checkOnDiskName}), so that what the runtime reads can always be
	 * removed.
	 */
	public Snapshot delete(String directory, String name, String ifMatch) {
		checkOnDiskName(name);
		int index = this.directories.index(directory);
		this.directories.requireAccepts(index);
		return change(index, name, null, new Precondition(ifMatch, false), "delete").snapshot();
	}

	/** What {@link #createDirectory} did. */
	public enum DirectoryCreation {

		/** The directory was created. */
		CREATED,
		/** Something exists at its path already; nothing was done. */
		EXISTS

	}

	/**
	 * Creates a configured directory that does not exist, when
	 * {@code hooks.writable-directories} lets this service write there ({@code CONFLICT}
	 * otherwise); audited like every other change on disk, then the store is reloaded.
	 */
	public DirectoryCreation createDirectory(int index) {
		Path path = this.directories.path(index);
		if (!this.directories.configuredWritable(index)) {
			throw new StoreException(StoreException.Kind.CONFLICT, this.directories.refusal(index));
		}
		ReentrantLock lock = this.locks.computeIfAbsent(path, k -> new ReentrantLock());
		lock.lock();
		try {
			if (Files.exists(path)) {
				return DirectoryCreation.EXISTS;
			}
			String parent = String.valueOf(path.getParent());
			String name = path.getFileName().toString();
			AuditTrail.Change audited = this.audit.intent("create-directory", parent, name, null, null);
			try {
				Files.createDirectories(path);
			}
			catch (IOException ex) {
				audited.failed(ex.getMessage());
				throw new StoreException(StoreException.Kind.IO, "Cannot create " + path + ": " + ex.getMessage(), ex);
			}
			audited.written();
			logger.info("Created hook directory {} ({})", path, audited.user());
		}
		finally {
			lock.unlock();
		}
		this.store.reload();
		return DirectoryCreation.CREATED;
	}

	/**
	 * The one write path: {@code content} null deletes. Lock, precondition, audit intent,
	 * history, atomic change, audit outcome, refresh.
	 */
	private WriteResult change(int index, String name, byte[] content, Precondition precondition, String action) {
		boolean deleting = content == null;
		if (!deleting) {
			List<Problem> violations = this.policy.violations(content);
			if (!violations.isEmpty()) {
				throw new StoreException(StoreException.Kind.POLICY, violations.get(0).message());
			}
		}
		Path file = this.directories.path(index).resolve(name);
		ReentrantLock lock = this.locks.computeIfAbsent(file, k -> new ReentrantLock());
		lock.lock();
		try {
			byte[] current = current(file);
			if (deleting) {
				checkDelete(file, current, precondition.ifMatch());
			}
			else {
				check(file, current, precondition);
			}
			String verb = (action != null) ? action : (current == null) ? "create" : "update";
			applyOne(index, file, current, content, verb);
			Snapshot snapshot = this.store.refresh(Map.of(index, List.of(name)), Set.of(), "write");
			return new WriteResult(current == null, deleting ? null : etag(content), snapshot);
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * Audit intent, history of the replaced content, atomic write or delete, audit
	 * outcome; the caller locks.
	 */
	private void applyOne(int index, Path file, byte[] current, byte[] content, String verb) {
		boolean deleting = content == null;
		String name = file.getFileName().toString();
		String directory = file.getParent().toString();
		String before = (current != null) ? HookLoader.sha256(current) : null;
		String after = deleting ? null : HookLoader.sha256(content);
		AuditTrail.Change audited = this.audit.intent(verb, directory, name, before, after);
		try {
			if (current != null) {
				this.history.save(this.directories.id(index), name, current, Instant.now());
			}
			if (deleting) {
				AtomicFiles.delete(file);
			}
			else {
				AtomicFiles.write(file, content, this.interruption);
			}
		}
		catch (IOException ex) {
			audited.failed(ex.getMessage());
			throw new StoreException(StoreException.Kind.IO,
					deleting ? "Deleting " + file + " failed: " + ex.getMessage()
							: "Writing " + file + " failed; the previous content is unchanged: " + ex.getMessage(),
					ex);
		}
		audited.written();
		logger.info("{} {} ({})", verb, file, audited.user());
	}

	/**
	 * One step of a batch: {@code content} null deletes; {@code etag} is the ETag the
	 * step was planned with (null: the file must not exist).
	 */
	public record Step(String name, byte[] content, String etag) {

		String action() {
			return (this.content == null) ? "delete" : (this.etag == null) ? "create" : "update";
		}

	}

	/**
	 * Applies several changes to one directory all or nothing as far as this service can
	 * tell: every file's lock is taken (in name order), every precondition is checked,
	 * and only when all hold is anything written; a refusal names every file that changed
	 * since the plan ({@code PRECONDITION_FAILED}, property {@code applied} empty). A
	 * change on disk by someone else between the check and a step (this service cannot
	 * lock other processes out) stops the batch at that step; the refusal then lists what
	 * was {@code applied} and what was not. One store refresh at the end.
	 * @return the snapshot after the batch
	 */
	public Snapshot applyAll(String directory, List<Step> steps) {
		int index = this.directories.index(directory);
		this.directories.requireAccepts(index);
		Path dir = this.directories.path(index);
		for (Step step : steps) {
			checkOnDiskName(step.name());
			if (step.content() != null) {
				checkName(step.name());
				List<Problem> violations = this.policy.violations(step.content());
				if (!violations.isEmpty()) {
					throw new StoreException(StoreException.Kind.POLICY,
							step.name() + ": " + violations.get(0).message());
				}
			}
		}
		List<Step> ordered = new ArrayList<>(steps);
		ordered.sort(java.util.Comparator.comparing(Step::name));
		List<ReentrantLock> held = new ArrayList<>();
		List<Map<String, String>> applied = new ArrayList<>();
		try {
			for (Step step : ordered) {
				ReentrantLock lock = this.locks.computeIfAbsent(dir.resolve(step.name()), k -> new ReentrantLock());
				lock.lock();
				held.add(lock);
			}
			List<String> changed = new ArrayList<>();
			for (Step step : ordered) {
				String why = stale(dir.resolve(step.name()), step);
				if (why != null) {
					changed.add(step.name() + " (" + why + ")");
				}
			}
			if (!changed.isEmpty()) {
				throw new StoreException(StoreException.Kind.PRECONDITION_FAILED,
						changed.size() + " of " + ordered.size() + " files changed since the plan: "
								+ String.join(", ", changed) + ". Nothing was applied; plan again.",
						Map.of("applied", List.of(), "notApplied", describe(ordered)));
			}
			for (int i = 0; i < ordered.size(); i++) {
				Step step = ordered.get(i);
				Path file = dir.resolve(step.name());
				String why = stale(file, step);
				if (why != null) {
					throw interrupted(ordered, i, applied, new StoreException(StoreException.Kind.PRECONDITION_FAILED,
							step.name() + " changed on disk while the sync ran (" + why + ")"));
				}
				try {
					applyOne(index, file, current(file), step.content(), step.action());
				}
				catch (StoreException ex) {
					throw interrupted(ordered, i, applied, ex);
				}
				applied.add(Map.of("name", step.name(), "action", step.action()));
			}
		}
		finally {
			try {
				if (!applied.isEmpty()) {
					this.store.refresh(Map.of(index, applied.stream().map(a -> a.get("name")).toList()), Set.of(),
							"sync");
				}
			}
			finally {
				for (ReentrantLock lock : held) {
					lock.unlock();
				}
			}
		}
		return this.store.snapshot();
	}

	/** Why a step's precondition no longer holds, or null when it does. */
	private static String stale(Path file, Step step) {
		byte[] current;
		try {
			current = current(file);
		}
		catch (StoreException ex) {
			return ex.getMessage();
		}
		if (step.etag() == null) {
			return (current == null) ? null : "it exists now";
		}
		if (current == null) {
			return "it was deleted";
		}
		return etagMatches(step.etag(), current) ? null : "its ETag is now " + etag(current);
	}

	private static StoreException interrupted(List<Step> ordered, int failed, List<Map<String, String>> applied,
			StoreException cause) {
		List<Step> rest = ordered.subList(failed, ordered.size());
		return new StoreException(cause.kind(),
				cause.getMessage() + ". Applied before it: " + applied.size() + " of " + ordered.size()
						+ " (listed in applied); not applied: " + rest.size() + " (notApplied)",
				Map.of("applied", List.copyOf(applied), "notApplied", describe(rest)));
	}

	private static List<Map<String, String>> describe(List<Step> steps) {
		return steps.stream().map(s -> Map.of("name", s.name(), "action", s.action())).toList();
	}

	/** What an entry of a hook directory is, seen without following it. */
	public enum EntryKind {

		/** A regular file this service can read (at most 1 MiB). */
		FILE,
		/**
		 * A symbolic link (never followed or replaced by this service; the runtime
		 * follows it).
		 */
		SYMBOLIC_LINK,
		/** A directory. */
		DIRECTORY,
		/** A FIFO, device or socket. */
		SPECIAL,
		/** A regular file over 1 MiB, or one this service cannot read. */
		UNREADABLE

	}

	/**
	 * An entry of a hook directory whose name ends in {@code .json}: what the runtime
	 * reads.
	 *
	 * @param name the name as it is on disk
	 * @param kind what it is
	 * @param content the bytes of a {@code FILE}, else null
	 * @param etag the ETag of a {@code FILE}, else null
	 * @param detail for other kinds, what it is in words (a link's target, why it cannot
	 * be read)
	 */
	public record Entry(String name, EntryKind kind, byte[] content, String etag, String detail) {
	}

	/**
	 * Every entry of a directory whose name ends in {@code .json} (lower case), whatever
	 * else the name holds: exactly the names the runtime reads. By name.
	 */
	public List<Entry> entries(int index) {
		Path directory = this.directories.path(index);
		List<Entry> entries = new ArrayList<>();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
			for (Path p : stream) {
				String name = p.getFileName().toString();
				if (name.endsWith(".json")) {
					entries.add(entry(p, name));
				}
			}
		}
		catch (NoSuchFileException ex) {
			return entries;
		}
		catch (IOException ex) {
			throw new StoreException(StoreException.Kind.IO, "Cannot list " + directory + ": " + ex.getMessage(), ex);
		}
		entries.sort(java.util.Comparator.comparing(Entry::name));
		return entries;
	}

	private static Entry entry(Path p, String name) {
		try {
			BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
			if (a.isSymbolicLink()) {
				String target = String.valueOf(Files.readSymbolicLink(p));
				String what = Files.isDirectory(p) ? "a directory" : Files.exists(p) ? "a file" : "nothing (dangling)";
				return new Entry(name, EntryKind.SYMBOLIC_LINK, null, null,
						"a symbolic link to " + target + ", which is " + what);
			}
			if (a.isDirectory()) {
				return new Entry(name, EntryKind.DIRECTORY, null, null, "a directory");
			}
			if (!a.isRegularFile()) {
				return new Entry(name, EntryKind.SPECIAL, null, null, "a FIFO, device or socket");
			}
			if (a.size() > HookLoader.MAX_FILE_SIZE) {
				return new Entry(name, EntryKind.UNREADABLE, null, null, "a file of " + a.size() + " bytes, over the "
						+ HookLoader.MAX_FILE_SIZE + " this service reads");
			}
			byte[] content = HookLoader.readRegularFile(p);
			return new Entry(name, EntryKind.FILE, content, etag(content), null);
		}
		catch (IOException ex) {
			return new Entry(name, EntryKind.UNREADABLE, null, null, "unreadable here: " + ex.getMessage());
		}
	}

	private static void checkDelete(Path file, byte[] current, String ifMatch) {
		if (current == null) {
			throw new StoreException(StoreException.Kind.NOT_FOUND,
					"No file " + file.getFileName() + " in " + file.getParent());
		}
		if (ifMatch == null) {
			throw new StoreException(StoreException.Kind.PRECONDITION_REQUIRED,
					"Deleting needs If-Match with the file's current ETag " + etag(current));
		}
		if (!etagMatches(ifMatch, current)) {
			throw new StoreException(StoreException.Kind.PRECONDITION_FAILED,
					"The file changed: its ETag is now " + etag(current));
		}
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

	/**
	 * The current content of a regular file, null when absent; refuses symbolic links and
	 * directories.
	 */
	private static byte[] current(Path file) {
		try {
			BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
					LinkOption.NOFOLLOW_LINKS);
			if (!attributes.isRegularFile()) {
				throw new StoreException(StoreException.Kind.CONFLICT,
						file + " is not a regular file (a symbolic link or directory): this service does not follow or "
								+ "replace it; manage it on disk");
			}
			if (attributes.size() > HookLoader.MAX_FILE_SIZE) {
				throw new StoreException(StoreException.Kind.CONFLICT, file + " is larger than "
						+ HookLoader.MAX_FILE_SIZE + " bytes: this service does not replace it; manage it on disk");
			}
			return HookLoader.readRegularFile(file);
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

	/** For tests: something to run between the temporary write and the rename. */
	void interruption(AtomicFiles.Interruption interruption) {
		this.interruption = interruption;
	}

}
