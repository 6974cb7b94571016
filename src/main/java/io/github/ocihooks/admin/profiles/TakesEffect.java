package io.github.ocihooks.admin.profiles;

/**
 * When a change to a hook file (written, changed, deleted) takes effect for a consumer.
 */
public enum TakesEffect {

	/** podman reads the hook directories again at every container start. */
	NEXT_CONTAINER_START("At the next container start: podman reads the hook directories at every start; running "
			+ "containers keep the hooks they got."),
	/** CRI-O watches its hook directories. */
	WATCHED("Now: CRI-O watches its hook directories and reloads a changed file for the next container it creates. "
			+ "A file that fails to load is logged and skipped while it runs, but makes CRI-O fail at its next start "
			+ "(logrus.Fatal on the hooks.New error)."),
	/** Buildah reads the hook directories for every RUN step. */
	NEXT_BUILD("At the next RUN step of a build: Buildah reads the hook directories for every run."),
	/** A configured consumer. */
	UNKNOWN("Not known: depends on the consumer.");

	private final String explanation;

	TakesEffect(String explanation) {
		this.explanation = explanation;
	}

	public String explanation() {
		return this.explanation;
	}

}
