package io.github.ocihooks.admin.fleet;

/** What the hub knows about a member after its last poll. */
public enum NodeStatus {

	/** Not polled yet. */
	PENDING,
	/** Answered its last poll with a report (200 or 304). */
	REACHABLE,
	/** Did not answer in time, refused the connection, or its address did not resolve. */
	UNREACHABLE,
	/**
	 * Answered, but not with a report (401, 403, 5xx, or a body that is not a report).
	 */
	REJECTED

}
