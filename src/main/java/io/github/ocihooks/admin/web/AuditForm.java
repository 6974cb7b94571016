package io.github.ocihooks.admin.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.StringJoiner;

import io.github.ocihooks.admin.history.AuditQuery;

/**
 * The audit page's filter as the request gave it, to fill the form in again and to build
 * the previous/next links, which keep it.
 *
 * @param directory a directory id or path
 * @param name a file name
 * @param action an action as written ({@code update})
 * @param user a user
 * @param since the earliest time, as given
 * @param until the time before which entries are shown, as given
 * @param limit entries a page
 */
record AuditForm(String directory, String name, String action, String user, String since, String until, int limit) {

	/** Entries a page of the dashboard shows when the address does not say. */
	static final int PAGE_SIZE = 100;

	private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	/** Whether the address sets a page size other than the dashboard's. */
	public boolean customLimit() {
		return this.limit != PAGE_SIZE;
	}

	/** Whether any filter is set. */
	public boolean any() {
		return given(this.directory) || given(this.name) || given(this.action) || given(this.user) || given(this.since)
				|| given(this.until);
	}

	/**
	 * The value for the {@code since} time field (UTC, no offset), or "" when unreadable.
	 */
	public String sinceField() {
		return field("since", this.since);
	}

	/** The value for the {@code until} time field. */
	public String untilField() {
		return field("until", this.until);
	}

	/** This filter's page of entries older than {@code seq}. */
	public String older(long seq) {
		return link("before=" + seq);
	}

	/** This filter's page of entries newer than {@code seq}. */
	public String newer(long seq) {
		return link("after=" + seq);
	}

	/** This filter's first page (the newest entries). */
	public String first() {
		return link(null);
	}

	private String link(String cursor) {
		StringJoiner query = new StringJoiner("&");
		add(query, "directory", this.directory);
		add(query, "name", this.name);
		add(query, "action", this.action);
		add(query, "user", this.user);
		add(query, "since", this.since);
		add(query, "until", this.until);
		if (this.limit != PAGE_SIZE) {
			query.add("limit=" + this.limit);
		}
		if (cursor != null) {
			query.add(cursor);
		}
		return "/audit" + ((query.length() > 0) ? "?" + query : "");
	}

	private static void add(StringJoiner query, String parameter, String value) {
		if (given(value)) {
			query.add(parameter + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
		}
	}

	private static String field(String parameter, String value) {
		try {
			Instant time = AuditQuery.time(parameter, value);
			return (time != null) ? LOCAL.format(time) : "";
		}
		catch (AuditQuery.Invalid ex) {
			return "";
		}
	}

	private static boolean given(String s) {
		return s != null && !s.isBlank();
	}

}
