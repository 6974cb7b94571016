package io.github.ocihooks.admin.profiles;

import java.util.List;

/**
 * A kind of consumer of the hook directories (containers/common {@code pkg/hooks}). Each
 * kind calls {@code hooks.New} and {@code Manager.Hooks} its own way; the facts here are
 * the ones that do not depend on configuration.
 */
public enum RuntimeKind {

	/** podman ({@code libpod/container_internal.go} {@code setupOCIHooks}). */
	PODMAN("podman", "podman", "podman", List.of("precreate", "poststop"), 5, 0, AnnotationSource.CONTAINER,
			BindMountsRule.USER_VOLUMES, TakesEffect.NEXT_CONTAINER_START),
	/**
	 * CRI-O ({@code internal/lib/container_server.go},
	 * {@code server/container_create.go}).
	 */
	CRIO("crio", "crio", "cri-o", List.of(), 1, 31, AnnotationSource.CONTAINER_WITH_POD, BindMountsRule.CRI_MOUNTS,
			TakesEffect.WATCHED),
	/**
	 * Buildah ({@code run_linux.go} {@code setupOCIHooks}); {@code podman build} follows
	 * the same rules.
	 */
	BUILDAH("buildah", "buildah", "buildah", List.of(), 1, 35, AnnotationSource.IMAGE,
			BindMountsRule.RUN_MOUNTS_OR_IMAGE_VOLUMES, TakesEffect.NEXT_BUILD),
	/**
	 * Any other consumer, described by configuration only ({@code hooks.directories} or
	 * {@code hooks.profiles}).
	 */
	CUSTOM("custom", null, null, List.of(), 0, 0, AnnotationSource.GIVEN, BindMountsRule.GIVEN_OR_INFERRED,
			TakesEffect.UNKNOWN);

	private final String defaultId;

	private final String binary;

	private final String debianPackage;

	private final List<String> extensionStages;

	private final int createRuntimeMajor;

	private final int createRuntimeMinor;

	private final AnnotationSource annotations;

	private final BindMountsRule hasBindMounts;

	private final TakesEffect takesEffect;

	RuntimeKind(String defaultId, String binary, String debianPackage, List<String> extensionStages,
			int createRuntimeMajor, int createRuntimeMinor, AnnotationSource annotations, BindMountsRule hasBindMounts,
			TakesEffect takesEffect) {
		this.defaultId = defaultId;
		this.binary = binary;
		this.debianPackage = debianPackage;
		this.extensionStages = extensionStages;
		this.createRuntimeMajor = createRuntimeMajor;
		this.createRuntimeMinor = createRuntimeMinor;
		this.annotations = annotations;
		this.hasBindMounts = hasBindMounts;
		this.takesEffect = takesEffect;
	}

	/**
	 * The id of the detected profile of this kind ({@code podman}, {@code crio},
	 * {@code buildah}, {@code custom}).
	 */
	public String defaultId() {
		return this.defaultId;
	}

	/**
	 * The product's name for people ({@code podman}, {@code CRI-O}, {@code Buildah}), or
	 * null for {@link #CUSTOM}.
	 */
	public String product() {
		return switch (this) {
			case PODMAN -> "podman";
			case CRIO -> "CRI-O";
			case BUILDAH -> "Buildah";
			case CUSTOM -> null;
		};
	}

	/** The executable's name, or null for {@link #CUSTOM}. */
	public String binary() {
		return this.binary;
	}

	/** The Debian package that installs it, or null. */
	String debianPackage() {
		return this.debianPackage;
	}

	/**
	 * The stages this kind handles itself instead of injecting them (podman: precreate,
	 * poststop).
	 */
	public List<String> extensionStages() {
		return this.extensionStages;
	}

	/**
	 * The first version that injects {@code prestart} definitions as
	 * {@code createRuntime} (containers/common v0.58, commit dc0f2633): podman 5.0, CRI-O
	 * 1.31, Buildah 1.35.
	 */
	public String createRuntimeSince() {
		return this.createRuntimeMajor + "." + this.createRuntimeMinor;
	}

	boolean injectsCreateRuntime(RuntimeVersion version) {
		return version.atLeast(this.createRuntimeMajor, this.createRuntimeMinor);
	}

	/** The annotations it matches {@code when.annotations} against. */
	public AnnotationSource annotations() {
		return this.annotations;
	}

	/** What it passes as {@code hasBindMounts}. */
	public BindMountsRule hasBindMounts() {
		return this.hasBindMounts;
	}

	/** When a change to a hook file takes effect. */
	public TakesEffect takesEffect() {
		return this.takesEffect;
	}

}
