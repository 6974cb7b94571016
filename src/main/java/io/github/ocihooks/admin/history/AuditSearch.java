package io.github.ocihooks.admin.history;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

import io.github.ocihooks.admin.directories.HookDirectories;
import io.github.ocihooks.admin.store.StoreException;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Reading the audit log for the API and the dashboard: a page of the entries a query asks
 * for ({@link AuditQuery}, a directory given by id or path), the users it names, and
 * which change replaced a kept version.
 */
@Component
public class AuditSearch {

	/**
	 * How long after its change a replaced version may have been kept: the write path
	 * logs the intent, then keeps the old content, then writes.
	 */
	private static final Duration KEPT_WITHIN = Duration.ofMinutes(1);

	private final AuditLog audit;

	private final HookDirectories directories;

	AuditSearch(AuditLog audit, HookDirectories directories) {
		this.audit = audit;
		this.directories = directories;
	}

	/**
	 * One page, newest first. A configured directory's id or path is compared as the
	 * entries name it (absolute, normalized); any other directory text is compared as it
	 * is, so that entries of a directory no longer configured can be found too.
	 */
	public AuditLog.Page search(AuditQuery query) {
		return this.audit.search((query.directory() != null) ? query.inDirectory(location(query.directory())) : query);
	}

	/** Every user the log names, sorted ({@code external}, {@code system} included). */
	public List<String> users() {
		TreeSet<String> users = new TreeSet<>();
		for (AuditLog.Entry e : this.audit.entries()) {
			if (e.user() != null) {
				users.add(e.user());
			}
		}
		return List.copyOf(users);
	}

	/**
	 * The change that replaced or deleted a kept version of file {@code name} in the
	 * directory {@code directory} (id or path): the logged change whose content before
	 * was this version, made at most a minute before it was kept; its outcome when one is
	 * logged, else its intent. Empty when the log does not have it (a version kept by an
	 * older release, or a log that was removed).
	 */
	public Optional<AuditLog.Entry> replacement(String directory, String name, History.Version version) {
		String location = location(directory);
		AuditLog.Entry best = null;
		List<AuditLog.Entry> entries = this.audit.entries();
		for (AuditLog.Entry e : entries) {
			if (location.equals(e.directory()) && name.equals(e.name()) && version.sha256().equals(e.sha256Before())
					&& "pending".equals(e.outcome()) && e.time() != null
					&& !e.time().isAfter(version.savedAt().plusMillis(1))
					&& e.time().isAfter(version.savedAt().minus(KEPT_WITHIN))) {
				best = e;
			}
		}
		if (best == null) {
			return Optional.empty();
		}
		String id = best.id();
		for (AuditLog.Entry e : entries) {
			if (Objects.equals(id, e.id()) && !"pending".equals(e.outcome())) {
				return Optional.of(e);
			}
		}
		return Optional.of(best);
	}

	private String location(@Nullable String directory) {
		try {
			return this.directories.location(this.directories.index(Objects.requireNonNull(directory)));
		}
		catch (StoreException ex) {
			if (ex.kind() != StoreException.Kind.NOT_FOUND) {
				throw ex;
			}
			return directory;
		}
	}

}
