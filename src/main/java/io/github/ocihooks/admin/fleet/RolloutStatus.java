package io.github.ocihooks.admin.fleet;

/** Where a rollout stands. */
public enum RolloutStatus {

	/** Waves are being planned, applied and checked. */
	RUNNING,
	/** Every wave was applied and every node passed its check. */
	SUCCEEDED,
	/** Dry run: every node's plan was fetched; nothing was written. */
	PLANNED,
	/** A node failed; every node changed so far was restored. */
	FAILED_RESTORED,
	/**
	 * A node failed and at least one changed node could not be restored: see the steps.
	 */
	FAILED_RESTORE_INCOMPLETE

}
