package io.github.ocihooks.admin.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Infers {@code hasBindMounts} from a config's mounts when the caller does not say. The
 * runtimes do not look at the mounts: podman passes whether the user asked for volumes
 * ({@code len(UserVolumes) > 0}), CRI-O whether the container has bind mounts. Podman
 * adds bind mounts of its own ({@code /etc/resolv.conf}, {@code /etc/hosts},
 * {@code /etc/hostname}, {@code /run/.containerenv}, {@code /run/secrets}, ...) to every
 * container, the init binary at {@code /run/podman-init} with {@code --init}, and each
 * {@code --secret} under {@code /run/secrets/}; those are not user volumes, so they do
 * not count here.
 */
public final class BindMounts {

	/** Destinations podman bind-mounts into containers on its own. */
	public static final Set<String> PODMAN_INTERNAL = Set.of("/etc/resolv.conf", "/etc/hosts", "/etc/hostname",
			"/run/.containerenv", "/run/secrets", "/etc/passwd", "/etc/group", "/dev/shm", "/etc/localtime",
			"/etc/timezone", "/run/podman-init");

	/**
	 * Where podman mounts {@code --secret}s (type=mount) by default: not volumes either.
	 */
	private static final String PODMAN_SECRETS = "/run/secrets/";

	private BindMounts() {
	}

	/**
	 * The inference.
	 *
	 * @param value the inferred {@code hasBindMounts}
	 * @param explanation what it was inferred from
	 * @param counted the mounts that made it true
	 * @param ignored bind mounts not counted, because podman adds them itself
	 */
	public record Inference(boolean value, String explanation, List<String> counted, List<String> ignored) {
	}

	static boolean podmans(String destination) {
		return destination != null && (PODMAN_INTERNAL.contains(destination) || destination.startsWith(PODMAN_SECRETS));
	}

	public static Inference infer(ContainerConfig config) {
		List<String> counted = new ArrayList<>();
		List<String> ignored = new ArrayList<>();
		List<ContainerConfig.Mount> mounts = config.mounts();
		for (int i = 0; i < mounts.size(); i++) {
			ContainerConfig.Mount m = mounts.get(i);
			boolean bind = "bind".equals(m.type()) || m.options().contains("bind") || m.options().contains("rbind");
			if (!bind) {
				continue;
			}
			String label = "mounts[" + i + "] " + m.source() + " -> " + m.destination();
			if (podmans(m.destination())) {
				ignored.add(label);
			}
			else {
				counted.add(label);
			}
		}
		String explanation;
		if (!counted.isEmpty()) {
			explanation = "true: the config bind-mounts " + String.join(", ", counted);
		}
		else if (!ignored.isEmpty()) {
			explanation = "false: the only bind mounts are podman's own (" + String.join(", ", ignored)
					+ "), which are not user volumes";
		}
		else {
			explanation = "false: the config has no bind mount (type \"bind\" or option \"bind\"/\"rbind\")";
		}
		if (!counted.isEmpty() || !ignored.isEmpty() || !mounts.isEmpty()) {
			explanation += "; podman sets hasBindMounts when the user gave volumes (-v/--mount type=bind), CRI-O "
					+ "when the container has bind mounts";
		}
		return new Inference(!counted.isEmpty(), explanation, List.copyOf(counted), List.copyOf(ignored));
	}

}
