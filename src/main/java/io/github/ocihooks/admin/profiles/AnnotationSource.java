package io.github.ocihooks.admin.profiles;

/**
 * Which annotations a consumer passes to {@code Manager.Hooks} for
 * {@code when.annotations}.
 */
public enum AnnotationSource {

	/** podman. */
	CONTAINER("The container's annotations: those given with --annotation and those podman adds itself."),
	/** CRI-O. */
	CONTAINER_WITH_POD("The container's annotations from the CRI request with the pod sandbox's annotations copied "
			+ "on top (a pod annotation wins over a container annotation of the same key). Pause (infra) containers "
			+ "get no hooks."),
	/** Buildah and {@code podman build}. */
	IMAGE("The annotations of the image being built (the base image's and those set with --annotation), not the "
			+ "container's."),
	/** A configured consumer: whatever the preview gives. */
	GIVEN("The annotations the preview gives; this service does not know how the consumer derives them.");

	private final String explanation;

	AnnotationSource(String explanation) {
		this.explanation = explanation;
	}

	public String explanation() {
		return this.explanation;
	}

}
