package io.github.ocihooks.admin.preview;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.github.ocihooks.admin.config.HooksProperties;
import io.github.ocihooks.admin.engine.OciHook;
import io.github.ocihooks.admin.engine.precreate.ConfigFilterChain;
import io.github.ocihooks.admin.config.Role;
import tools.jackson.databind.JsonNode;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;

/**
 * Runs precreate hooks for previews, as podman does before the runtime's create: a
 * guarded door to executing host programs from a web request. It is off unless
 * {@code hooks.precreate.execution-enabled=true}, only users with role ADMIN may use it,
 * and at most {@code hooks.precreate.max-concurrent} chains run at once.
 */
@Service
public class PrecreateRunner {

	private final HooksProperties.Precreate settings;

	private final Semaphore slots;

	private final ConfigFilterChain chain = new ConfigFilterChain();

	PrecreateRunner(HooksProperties properties) {
		this.settings = properties.precreate();
		this.slots = new Semaphore(Math.max(1, this.settings.maxConcurrent()), true);
	}

	/** Why a run was refused. */
	public static final class RefusedException extends RuntimeException {

		/** The reasons. */
		public enum Reason {

			/** {@code hooks.precreate.execution-enabled} is false (403). */
			DISABLED,
			/** The user lacks role ADMIN (403). */
			FORBIDDEN,
			/** Every slot is taken (503). */
			BUSY

		}

		private final Reason reason;

		RefusedException(Reason reason, String message) {
			super(message);
			this.reason = reason;
		}

		public Reason reason() {
			return this.reason;
		}

	}

	public boolean enabled() {
		return this.settings.executionEnabled();
	}

	/** Whether this user may run precreate hooks here. */
	public boolean allowed(Authentication user) {
		return enabled() && Role.ADMIN.grantedTo(user);
	}

	/**
	 * Runs the chain on the config as the runtime would receive it (hooks already
	 * injected).
	 * @param config the config after injection
	 * @param hooks the matched precreate hooks, in order
	 * @param user who asks
	 */
	public ConfigFilterChain.Result run(JsonNode config, List<OciHook> hooks, Authentication user) {
		if (!enabled()) {
			throw new RefusedException(RefusedException.Reason.DISABLED,
					"Running precreate hooks from a preview is disabled. It executes host programs (as this service's "
							+ "user, often root); enable it with hooks.precreate.execution-enabled=true if that is "
							+ "acceptable on this host.");
		}
		if (!Role.ADMIN.grantedTo(user)) {
			throw new RefusedException(RefusedException.Reason.FORBIDDEN,
					"Only users with role ADMIN may run precreate hooks.");
		}
		boolean acquired;
		try {
			acquired = this.slots.tryAcquire(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			acquired = false;
		}
		if (!acquired) {
			throw new RefusedException(RefusedException.Reason.BUSY, "All " + this.settings.maxConcurrent()
					+ " precreate slots are busy (hooks.precreate.max-concurrent); try again shortly.");
		}
		try {
			ConfigFilterChain.Options defaults = ConfigFilterChain.Options.defaults();
			return this.chain.run(config, hooks, new ConfigFilterChain.Options(this.settings.postKillTimeout(),
					defaults.stdoutLimit(), defaults.stderrTail()));
		}
		finally {
			this.slots.release();
		}
	}

}
