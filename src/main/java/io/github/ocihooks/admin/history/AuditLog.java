package io.github.ocihooks.admin.history;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.ocihooks.admin.store.AtomicFiles;
import io.github.ocihooks.admin.store.AuditTrail;
import io.github.ocihooks.admin.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * An append-only JSON-lines log of every change to a hook file: through this service
 * (with the user and address), or noticed on disk ({@code external}). A write is logged
 * twice: an intent before it ({@code outcome: pending}) and its outcome after it, so that
 * if the service dies in between, the next start finds the intent, looks at the file, and
 * logs which content is there ({@code recovered-new}, {@code recovered-old}). Each line
 * is flushed to disk.
 * <p>
 * The write path in {@code store} records through {@link AuditTrail}; the user and
 * address are those of the current request ({@link Actor}).
 */
public class AuditLog implements AuditTrail {

	private static final Logger logger = LoggerFactory.getLogger(AuditLog.class);

	private final Path file;

	private final JsonMapper json = JsonMapper.builder().build();

	private final Clock clock;

	/**
	 * One line.
	 *
	 * @param id the change (intent and outcome share it)
	 * @param time when
	 * @param user who ({@code external} for changes noticed on disk, {@code system} for
	 * the service itself)
	 * @param remoteAddress from where, if known
	 * @param action {@code create}, {@code update}, {@code delete}, {@code restore}, or
	 * for changes on disk {@code external-create}, {@code external-update},
	 * {@code external-delete}
	 * @param directory the directory path
	 * @param name the file name
	 * @param sha256Before content hash before, or null when there was no file
	 * @param sha256After content hash after, or null when the file is gone
	 * @param outcome {@code pending}, {@code written}, {@code failed},
	 * {@code recovered-new}, {@code recovered-old}, {@code observed}
	 * @param detail more words, if any
	 * @param seq the entry's line in the log, from 1: it only grows, so it names a page
	 * that stays the same while new entries arrive ({@link AuditQuery#before()}); given
	 * when the log is read, not written into it
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Entry(String id, Instant time, String user, String remoteAddress, String action, String directory,
			String name, String sha256Before, String sha256After, String outcome, String detail, Long seq) {

		Entry withSeq(long seq) {
			return new Entry(this.id, this.time, this.user, this.remoteAddress, this.action, this.directory, this.name,
					this.sha256Before, this.sha256After, this.outcome, this.detail, seq);
		}

	}

	/**
	 * One page of the audit log, newest first.
	 *
	 * @param entries the entries on this page
	 * @param older the cursor of the next, older page ({@code before}), or null when no
	 * older entry matches
	 * @param newer the cursor of the previous, newer page ({@code after}), or null when
	 * no newer entry matches
	 */
	public record Page(List<Entry> entries, Long older, Long newer) {
	}

	AuditLog(Path file, Clock clock) {
		this.file = file;
		this.clock = clock;
	}

	Path file() {
		return this.file;
	}

	@Override
	public Change intent(String action, String directory, String name, String before, String after) {
		Actor actor = Actor.current();
		String id = intent(actor, action, directory, name, before, after);
		return new Change() {

			@Override
			public String user() {
				return actor.user();
			}

			@Override
			public void written() {
				outcome(id, actor, action, directory, name, before, after, "written", null);
			}

			@Override
			public void failed(String detail) {
				outcome(id, actor, action, directory, name, before, before, "failed", detail);
			}

		};
	}

	/** Logs the intent of a change and returns its id. */
	String intent(Actor actor, String action, String directory, String name, String before, String after) {
		String id = UUID.randomUUID().toString();
		append(new Entry(id, this.clock.instant(), actor.user(), actor.remoteAddress(), action, directory, name, before,
				after, "pending", null, null));
		return id;
	}

	void outcome(String id, Actor actor, String action, String directory, String name, String before, String after,
			String outcome, String detail) {
		append(new Entry(id, this.clock.instant(), actor.user(), actor.remoteAddress(), action, directory, name, before,
				after, outcome, detail, null));
	}

	void observed(String action, String directory, String name, String before, String after) {
		append(new Entry(UUID.randomUUID().toString(), this.clock.instant(), Actor.EXTERNAL.user(), null, action,
				directory, name, before, after, "observed", "noticed on disk", null));
	}

	/**
	 * Logs something done through this service that is not a write to one of its own
	 * files (for example a fleet hub's rollout steps on other nodes): one line, its own
	 * id.
	 * @return the entry's id
	 */
	public String record(Actor actor, String action, String directory, String name, String outcome, String detail) {
		String id = UUID.randomUUID().toString();
		append(new Entry(id, this.clock.instant(), actor.user(), actor.remoteAddress(), action, directory, name, null,
				null, outcome, detail, null));
		return id;
	}

	synchronized void append(Entry entry) {
		byte[] line = (this.json.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
		try (FileChannel channel = open()) {
			ByteBuffer buffer = ByteBuffer.wrap(line);
			while (buffer.hasRemaining()) {
				channel.write(buffer);
			}
			channel.force(true);
		}
		catch (IOException ex) {
			throw new StoreException(StoreException.Kind.IO,
					"Cannot write the audit log " + this.file + "; the change was not made: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Opens the log for appending; a new log gets mode 0600 (it holds user names and
	 * addresses).
	 */
	private FileChannel open() throws IOException {
		java.util.Set<StandardOpenOption> options = java.util.EnumSet.of(StandardOpenOption.CREATE,
				StandardOpenOption.WRITE, StandardOpenOption.APPEND);
		try {
			return FileChannel.open(this.file, options,
					java.nio.file.attribute.PosixFilePermissions.asFileAttribute(AtomicFiles.MODE_0600));
		}
		catch (UnsupportedOperationException ex) {
			return FileChannel.open(this.file, options);
		}
	}

	/**
	 * Every entry, oldest first, each with its line number ({@link Entry#seq()}). A torn
	 * last line (a crash mid-append) is skipped.
	 */
	public synchronized List<Entry> entries() {
		List<Entry> entries = new ArrayList<>();
		List<String> lines;
		try {
			lines = Files.readAllLines(this.file, StandardCharsets.UTF_8);
		}
		catch (NoSuchFileException ex) {
			return entries;
		}
		catch (IOException ex) {
			throw new StoreException(StoreException.Kind.IO, "Cannot read the audit log: " + ex.getMessage(), ex);
		}
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			if (line.isBlank()) {
				continue;
			}
			try {
				entries.add(this.json.readValue(line, Entry.class).withSeq(i + 1L));
			}
			catch (RuntimeException ex) {
				logger.warn("Skipping an unreadable audit line: {}", line);
			}
		}
		return entries;
	}

	/**
	 * The newest entries first, at most {@code limit}, only for file {@code name} when it
	 * is not null.
	 */
	public List<Entry> recent(String name, int limit) {
		return search(new AuditQuery(null, name, Set.of(), null, null, null, null, null, limit)).entries();
	}

	/**
	 * One page of the entries that pass the query's filter, newest first: the newest
	 * {@code limit}, or those just older than its {@code before} cursor, or just newer
	 * than its {@code after} cursor. The directory is compared as the entries name it
	 * ({@link AuditSearch} turns a directory id into that).
	 */
	public Page search(AuditQuery query) {
		List<Entry> matching = new ArrayList<>();
		for (Entry e : entries()) {
			if (query.test(e)) {
				matching.add(e);
			}
		}
		int from;
		int to;
		if (query.after() != null) {
			from = firstAbove(matching, query.after());
			to = Math.min(matching.size(), from + query.limit());
		}
		else {
			to = (query.before() != null) ? firstAbove(matching, query.before() - 1) : matching.size();
			from = Math.max(0, to - query.limit());
		}
		List<Entry> page = new ArrayList<>(matching.subList(from, to));
		Collections.reverse(page);
		Long older = null;
		Long newer = null;
		if (from > 0) {
			older = (from < to) ? matching.get(from).seq() : matching.get(from - 1).seq() + 1;
		}
		if (to < matching.size()) {
			newer = (from < to) ? matching.get(to - 1).seq() : matching.get(to).seq() - 1;
		}
		return new Page(List.copyOf(page), older, newer);
	}

	/** The index of the first entry whose sequence number is above {@code seq}. */
	private static int firstAbove(List<Entry> entries, long seq) {
		int low = 0;
		int high = entries.size();
		while (low < high) {
			int middle = (low + high) >>> 1;
			if (entries.get(middle).seq() <= seq) {
				low = middle + 1;
			}
			else {
				high = middle;
			}
		}
		return low;
	}

	/**
	 * Ends a last line a crash cut short, so that the next entry starts a line of its own
	 * (appended to the torn line, it would be unreadable and lost). The torn line stays,
	 * skipped when read, so line numbers ({@link Entry#seq()}) do not move.
	 */
	synchronized void terminateTornLine() {
		try (FileChannel channel = FileChannel.open(this.file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
			long size = channel.size();
			if (size == 0) {
				return;
			}
			ByteBuffer last = ByteBuffer.allocate(1);
			channel.read(last, size - 1);
			if (last.get(0) != '\n') {
				channel.write(ByteBuffer.wrap(new byte[] { '\n' }), size);
				channel.force(true);
				logger.warn("The audit log {} ended in a line cut short by a crash; it is kept and skipped", this.file);
			}
		}
		catch (NoSuchFileException ex) {
			// no log yet
		}
		catch (IOException ex) {
			throw new StoreException(StoreException.Kind.IO, "Cannot repair the audit log: " + ex.getMessage(), ex);
		}
	}

	/**
	 * After a crash: every intent without an outcome gets one, from what is on disk now.
	 * @param hashOf the current content hash of a file (directory, name), or null when
	 * absent
	 */
	void recover(java.util.function.BiFunction<String, String, String> hashOf) {
		terminateTornLine();
		Map<String, Entry> pending = new LinkedHashMap<>();
		Map<String, Boolean> done = new HashMap<>();
		for (Entry e : entries()) {
			if ("pending".equals(e.outcome())) {
				pending.put(e.id(), e);
			}
			else {
				done.put(e.id(), true);
			}
		}
		for (Entry e : pending.values()) {
			if (done.containsKey(e.id())) {
				continue;
			}
			String now = hashOf.apply(e.directory(), e.name());
			String outcome;
			if (java.util.Objects.equals(now, e.sha256After())) {
				outcome = "recovered-new";
			}
			else if (java.util.Objects.equals(now, e.sha256Before())) {
				outcome = "recovered-old";
			}
			else {
				outcome = "recovered-other";
			}
			append(new Entry(e.id(), this.clock.instant(), e.user(), e.remoteAddress(), e.action(), e.directory(),
					e.name(), e.sha256Before(), now, outcome,
					"the service stopped during this change; found " + switch (outcome) {
						case "recovered-new" -> "the new content";
						case "recovered-old" -> "the old content (the change was not made)";
						default -> "other content (changed on disk since)";
					}, null));
			logger.warn("Recovered an interrupted change of {}/{}: {}", e.directory(), e.name(), outcome);
		}
	}

}
