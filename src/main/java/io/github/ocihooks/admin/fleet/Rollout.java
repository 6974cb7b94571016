package io.github.ocihooks.admin.fleet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A rollout as the API shows it: the waves, every step so far, and the outcome.
 *
 * @param id the rollout id
 * @param status running, succeeded, planned (dry run), failed-restored or
 * failed-restore-incomplete
 * @param createdBy who asked
 * @param createdAt when
 * @param finishedAt when it ended, or null
 * @param directory the directory asked for (resolved per node: an id, a path, or
 * {@code highest})
 * @param source where the desired set came from ({@code request} or
 * {@code template:NODE})
 * @param desired file name to the SHA-256 of its desired definition as sent
 * @param dryRun whether it only plans
 * @param waves node names of each wave: the canary, then the percentage, then the rest
 * @param steps every step, oldest first
 * @param failedNode the node that made it stop, or null
 * @param error why it stopped, or null
 */
@Schema(name = "Rollout")
public record Rollout(String id, RolloutStatus status, String createdBy, Instant createdAt, Instant finishedAt,
		String directory, String source, Map<String, String> desired, boolean dryRun, List<List<String>> waves,
		List<Step> steps, String failedNode, String error) {

	/** The kinds of step. */
	@Schema(name = "RolloutAction")
	public enum Action {

		/** Fetch the node's dry-run plan ({@code sync?dryRun=true}). */
		PLAN,
		/**
		 * Write one file (PUT with If-Match / If-None-Match, or DELETE with If-Match).
		 */
		APPLY,
		/**
		 * Read the node's report after its writes: no runtime that refuses every
		 * container, no new error.
		 */
		VERIFY,
		/**
		 * Put one changed file back (from the node's history, or delete what was
		 * created).
		 */
		RESTORE,
		/** The rollout stops. */
		STOP

	}

	/**
	 * One step.
	 *
	 * @param time when it ended
	 * @param wave the wave (1 is the canary)
	 * @param node the node name
	 * @param action what was done
	 * @param name the file, for APPLY and RESTORE
	 * @param ok whether it worked
	 * @param detail what happened (the plan's summary, the HTTP status and the node's
	 * problem detail, ...)
	 * @param plan for PLAN: each file's planned action ({@code create}, {@code update},
	 * {@code delete}, {@code unchanged})
	 */
	@Schema(name = "RolloutStep")
	public record Step(Instant time, int wave, String node, Action action, String name, boolean ok, String detail,
			Map<String, String> plan) {
	}

	Rollout with(RolloutStatus status, Instant finishedAt, String failedNode, String error) {
		return new Rollout(this.id, status, this.createdBy, this.createdAt, finishedAt, this.directory, this.source,
				this.desired, this.dryRun, this.waves, this.steps, failedNode, error);
	}

	Rollout with(Step step) {
		List<Step> steps = new ArrayList<>(this.steps);
		steps.add(step);
		return new Rollout(this.id, this.status, this.createdBy, this.createdAt, this.finishedAt, this.directory,
				this.source, this.desired, this.dryRun, this.waves, List.copyOf(steps), this.failedNode, this.error);
	}

	public boolean finished() {
		return this.status != RolloutStatus.RUNNING;
	}

}
