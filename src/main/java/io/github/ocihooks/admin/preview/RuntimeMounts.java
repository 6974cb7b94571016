package io.github.ocihooks.admin.preview;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.ocihooks.admin.engine.BindMounts;
import io.github.ocihooks.admin.engine.ContainerConfig;
import io.github.ocihooks.admin.profiles.RuntimeKind;

/**
 * {@code hasBindMounts} as each kind of runtime derives it, inferred from an OCI config
 * (which does not say which mounts the user asked for): the mounts every runtime adds
 * itself (the OCI defaults {@code /proc}, {@code /dev}, {@code /sys}, ..., and podman's
 * own files) are not counted; any other mount is.
 * <ul>
 * <li>podman: any user volume or mount ({@code len(UserVolumes) > 0}): binds, named
 * volumes, {@code --tmpfs}.</li>
 * <li>CRI-O: the CRI config has mounts ({@code len(GetMounts()) > 0}): any mount the
 * kubelet asked for.</li>
 * <li>Buildah: RUN mounts or the image's VOLUMEs.</li>
 * </ul>
 */
final class RuntimeMounts {

	/**
	 * Mounts the runtimes add to every container themselves (the OCI runtime-spec
	 * defaults and podman's files).
	 */
	static final Set<String> RUNTIME_OWN = Set.of("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys",
			"/sys/fs/cgroup", "/run/.containerenv", "/dev/termination-log", "/etc/hostname", "/etc/hosts",
			"/etc/resolv.conf", "/run/secrets");

	private RuntimeMounts() {
	}

	record Inference(boolean value, String explanation) {
	}

	static Inference infer(ContainerConfig config, RuntimeKind kind) {
		List<String> counted = new ArrayList<>();
		List<ContainerConfig.Mount> mounts = config.mounts();
		for (int i = 0; i < mounts.size(); i++) {
			ContainerConfig.Mount m = mounts.get(i);
			String destination = m.destination();
			if (destination == null || RUNTIME_OWN.contains(destination)
					|| (kind != RuntimeKind.CRIO && BindMounts.PODMAN_INTERNAL.contains(destination))) {
				continue;
			}
			counted.add("mounts[" + i + "] " + ((m.type() != null) ? m.type() + " " : "") + destination);
		}
		String what = switch (kind) {
			case CRIO -> "the CRI config has mounts";
			case BUILDAH -> "the RUN step has mounts or the image declares volumes";
			default -> "the user gave a volume or mount (-v, --mount, --tmpfs)";
		};
		if (counted.isEmpty()) {
			return new Inference(false,
					"false: no mount besides the runtime's own (/proc, /dev, /sys, ...), so not \"" + what + "\"");
		}
		return new Inference(true, "true: " + what + ": " + String.join(", ", counted));
	}

}
