package io.github.ocihooks.admin.engine;

/**
 * Where a definition's {@code prestart} stage is injected. containers/common v0.58
 * (commit dc0f2633; podman 5.0, CRI-O 1.31, Buildah 1.35) moved it to
 * {@code createRuntime}, the stage the OCI spec deprecated {@code prestart} for; older
 * consumers keep it where the file says.
 */
public enum PrestartStage {

	/** Kept as {@code prestart} (podman &le; 4.9, CRI-O &le; 1.30, Buildah &le; 1.34). */
	PRESTART,
	/**
	 * Injected as {@code createRuntime} (podman &ge; 5.0, CRI-O &ge; 1.31, Buildah &ge;
	 * 1.35).
	 */
	CREATE_RUNTIME;

	/** The config field a {@code prestart} definition lands in. */
	public String field() {
		return (this == PRESTART) ? "prestart" : "createRuntime";
	}

}
