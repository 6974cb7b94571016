package io.github.ocihooks.admin.history;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What an audit entry records ({@link AuditLog.Entry#action()}), as the log and the API
 * write it: lower case with hyphens ({@code external-create}). The log keeps the action
 * as text, so that lines written by other versions stay readable; this is the set a
 * filter may ask for.
 */
public enum AuditAction {

	/** A file created through this service. */
	CREATE,
	/** A file replaced through this service. */
	UPDATE,
	/** A file deleted through this service. */
	DELETE,
	/** A kept version written back. */
	RESTORE,
	/** A hook directory created through this service. */
	CREATE_DIRECTORY,
	/** A file that appeared on disk. */
	EXTERNAL_CREATE,
	/** A file changed on disk by someone else. */
	EXTERNAL_UPDATE,
	/** A file removed on disk by someone else. */
	EXTERNAL_DELETE,
	/** A fleet rollout planned as a dry run. */
	FLEET_ROLLOUT_PLAN,
	/** A fleet rollout started. */
	FLEET_ROLLOUT_START,
	/** A rollout wrote a file on a node. */
	FLEET_ROLLOUT_APPLY,
	/** A rollout checked a node after its writes. */
	FLEET_ROLLOUT_VERIFY,
	/** A rollout put a changed file back on a node. */
	FLEET_ROLLOUT_RESTORE,
	/** A rollout stopped. */
	FLEET_ROLLOUT_STOP,
	/** A rollout ended (its outcome says how). */
	FLEET_ROLLOUT_END;

	/** The action as the log and the API write it. */
	@JsonValue
	public String wire() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	@Override
	public String toString() {
		return wire();
	}

}
