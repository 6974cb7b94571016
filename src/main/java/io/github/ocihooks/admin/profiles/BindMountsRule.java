package io.github.ocihooks.admin.profiles;

/**
 * What a consumer passes as {@code hasBindMounts} to {@code Manager.Hooks}: it is not in
 * the OCI config.
 */
public enum BindMountsRule {

	/** podman: {@code len(c.config.UserVolumes) > 0}. */
	USER_VOLUMES("True when the user gave any volume or mount: -v/--volume bind mounts, named volumes, --tmpfs, "
			+ "--mount of any type (len(UserVolumes) > 0). podman's own mounts (/etc/resolv.conf, /etc/hosts, "
			+ "/run/.containerenv, secrets, the --init binary) do not count."),
	/** CRI-O: {@code len(containerConfig.GetMounts()) > 0}. */
	CRI_MOUNTS("True when the CRI container config has any mount (len(GetMounts()) > 0): nearly always under "
			+ "Kubernetes, which mounts the service account token, /etc/hosts and the termination log."),
	/** Buildah: {@code len(options.Mounts) > 0 || len(volumes) > 0}. */
	RUN_MOUNTS_OR_IMAGE_VOLUMES("True when the RUN step has mounts (RUN --mount, buildah run --mount/-v) or the image "
			+ "being built declares VOLUMEs."),
	/**
	 * A configured consumer: as the preview gives it, else inferred from the config's
	 * bind mounts.
	 */
	GIVEN_OR_INFERRED("As the preview gives it; otherwise inferred from the config's bind mounts.");

	private final String explanation;

	BindMountsRule(String explanation) {
		this.explanation = explanation;
	}

	public String explanation() {
		return this.explanation;
	}

}
