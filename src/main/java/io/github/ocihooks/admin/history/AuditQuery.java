package io.github.ocihooks.admin.history;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Which audit entries to read, and which page of them: the one filter of
 * {@code GET /api/v1/audit} and the {@code /audit} page. Null or blank parts match
 * everything. Pages go from the newest entry back; a page is named by a cursor, the
 * sequence number ({@link AuditLog.Entry#seq()}) of an entry next to it, so that it stays
 * the same while new entries arrive.
 *
 * @param directory only this directory: a configured directory's id or path, or the path
 * as an entry names it
 * @param name only this file name
 * @param actions only these actions (empty: all)
 * @param user only this user ({@code external} for changes noticed on disk,
 * {@code system} for the service itself)
 * @param since only entries at or after this time
 * @param until only entries before this time
 * @param before only entries older than the one with this sequence number (the next,
 * older page)
 * @param after only entries newer than the one with this sequence number (the previous,
 * newer page)
 * @param limit at most this many entries
 */
public record AuditQuery(@Nullable String directory, @Nullable String name, Set<AuditAction> actions,
		@Nullable String user, @Nullable Instant since, @Nullable Instant until, @Nullable Long before,
		@Nullable Long after, int limit) {

	/** Entries a page of the API holds when no limit is given. */
	public static final int DEFAULT_LIMIT = 200;

	/** The largest limit. */
	public static final int MAX_LIMIT = 10_000;

	/**
	 * Validates the parts (blank text is "not given").
	 * @throws Invalid naming the parameter at fault
	 */
	public AuditQuery {
		directory = blankToNull(directory);
		name = blankToNull(name);
		user = blankToNull(user);
		actions = (actions == null) ? Set.of()
				: actions.stream().filter(Objects::nonNull).collect(Collectors.toUnmodifiableSet());
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new Invalid("limit", "\"" + limit + "\" is not a valid limit: use 1 to " + MAX_LIMIT);
		}
		if (before != null && before < 1) {
			throw new Invalid("before", "\"" + before + "\" is not a valid before: use a sequence number (seq) of "
					+ "an entry, 1 or more");
		}
		if (after != null && after < 0) {
			throw new Invalid("after",
					"\"" + after + "\" is not a valid after: use a sequence number (seq) of " + "an entry, 0 or more");
		}
		if (before != null && after != null) {
			throw new Invalid("after", "Give before (older entries) or after (newer entries), not both");
		}
		if (since != null && until != null && !since.isBefore(until)) {
			throw new Invalid("until", "until (" + until + ") must be later than since (" + since + ")");
		}
	}

	/** Every entry, the newest {@code limit} first. */
	public static AuditQuery newest(int limit) {
		return new AuditQuery(null, null, Set.of(), null, null, null, null, null, limit);
	}

	/**
	 * A query from request parameters as they are written: times as ISO-8601 instants
	 * ({@code 2026-01-01T12:00:00Z}, or with an offset), or a date and time without one
	 * (UTC, as the dashboard's time fields send it), or a date (its start, UTC).
	 * @throws Invalid naming the parameter at fault
	 */
	public static AuditQuery of(@Nullable String directory, @Nullable String name,
			@Nullable Collection<AuditAction> actions, @Nullable String user, @Nullable String since,
			@Nullable String until, @Nullable Long before, @Nullable Long after, int limit) {
		return new AuditQuery(directory, name, (actions == null) ? Set.of() : new HashSet<>(actions), user,
				time("since", since), time("until", until), before, after, limit);
	}

	/** The same query for the directory at {@code location} (as entries name it). */
	AuditQuery inDirectory(String location) {
		return new AuditQuery(location, this.name, this.actions, this.user, this.since, this.until, this.before,
				this.after, this.limit);
	}

	/**
	 * Whether the entry passes every part of the filter (the cursor is not part of it).
	 */
	public boolean test(AuditLog.Entry entry) {
		if (this.directory != null && !this.directory.equals(entry.directory())) {
			return false;
		}
		if (this.name != null && !this.name.equals(entry.name())) {
			return false;
		}
		if (!this.actions.isEmpty() && this.actions.stream().noneMatch(a -> a.wire().equals(entry.action()))) {
			return false;
		}
		if (this.user != null && !this.user.equals(entry.user())) {
			return false;
		}
		Instant time = entry.time();
		if (this.since != null && (time == null || time.isBefore(this.since))) {
			return false;
		}
		return this.until == null || (time != null && time.isBefore(this.until));
	}

	/** Whether any part of the filter is set (the cursor and the limit are no filter). */
	public boolean filtered() {
		return this.directory != null || this.name != null || !this.actions.isEmpty() || this.user != null
				|| this.since != null || this.until != null;
	}

	/**
	 * A time parameter: an ISO-8601 instant or date-time with an offset, a date-time
	 * without one (UTC) or a date (its start, UTC); null when blank.
	 * @throws Invalid naming the parameter
	 */
	public static @Nullable Instant time(String parameter, @Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String text = value.trim();
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException ex) {
			// Not with an offset; try the other forms.
		}
		try {
			return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			// Not a date-time without offset either.
		}
		try {
			return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new Invalid(parameter, "\"" + value + "\" is not a valid " + parameter
					+ ": use an ISO-8601 instant such as 2026-01-31T12:00:00Z (a time without offset is UTC)");
		}
	}

	private static @Nullable String blankToNull(@Nullable String s) {
		return (s == null || s.isBlank()) ? null : s;
	}

	/** A part of the query that is not valid: which parameter, and why. */
	public static final class Invalid extends IllegalArgumentException {

		private static final long serialVersionUID = 1L;

		private final String parameter;

		Invalid(String parameter, String message) {
			super(message);
			this.parameter = parameter;
		}

		/** The request parameter at fault. */
		public String parameter() {
			return this.parameter;
		}

	}

}
