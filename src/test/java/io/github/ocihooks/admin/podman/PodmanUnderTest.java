package io.github.ocihooks.admin.podman;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.ocihooks.admin.engine.GoRelease;

/**
 * The podman binary the test drives.
 *
 * @param version its version ({@code podman --version})
 * @param addedAnnotations the annotations podman itself gives every container the test
 * runs (no {@code --rm}, no {@code -t}, {@code --init} or {@code --privileged}): podman
 * matches hooks against them as well as the user's. {@code io.kubernetes.cri-o.Created}
 * holds a time stamp, so its value here is only a placeholder. The runner checks after
 * every run that the generated config.json has exactly these keys plus the user's.
 * @param go the Go release podman was built with, as the service's profile detection
 * finds it ({@code podman version}, else the Debian package's Built-Using): it decides
 * which patterns podman accepts and how its errors read
 * @param goSource where {@code go} came from, for the report line
 */
record PodmanUnderTest(String version, Map<String, String> addedAnnotations, GoRelease go, String goSource) {

	static final String CREATED = "io.kubernetes.cri-o.Created";

	static final String STOP_SIGNAL = "org.opencontainers.image.stopSignal";

	/**
	 * podman's own annotations for a container running {@code command}. In systemd mode
	 * podman's stop signal is {@code RTMIN+3} (37), and so is the annotation: podman
	 * v4.3.1 {@code pkg/specgen/generate/container_create.go:318-349} (command
	 * {@code /sbin/init}, {@code /usr/sbin/init}, {@code /usr/local/sbin/init} or named
	 * {@code systemd}, also after {@code /bin/sh -c}).
	 */
	Map<String, String> annotations(List<String> command) {
		Map<String, String> out = new LinkedHashMap<>(this.addedAnnotations);
		List<String> cmd = command;
		if (command.size() > 2 && command.get(0).equals("/bin/sh") && command.get(1).equals("-c")) {
			cmd = command.subList(2, command.size());
		}
		if (!cmd.isEmpty() && (Set.of("/sbin/init", "/usr/sbin/init", "/usr/local/sbin/init").contains(cmd.get(0))
				|| cmd.get(0).substring(cmd.get(0).lastIndexOf('/') + 1).equals("systemd"))) {
			out.put(STOP_SIGNAL, "37");
		}
		return out;
	}

	/**
	 * podman 4.3.1 on Debian 12, as observed in config.json of
	 * {@code podman run --name N IMAGE CMD} (a {@code --cidfile} would add
	 * {@code io.podman.annotations.cid-file}, which is why the runner names containers
	 * instead).
	 */
	static PodmanUnderTest podman43(String version, GoRelease go, String goSource) {
		return new PodmanUnderTest(version,
				Map.of("io.container.manager", "libpod", CREATED, "2006-01-02T15:04:05.999999999Z",
						"io.kubernetes.cri-o.TTY", "false", "io.podman.annotations.autoremove", "FALSE",
						"io.podman.annotations.init", "FALSE", "io.podman.annotations.privileged", "FALSE",
						"io.podman.annotations.publish-all", "FALSE", STOP_SIGNAL, "15"),
				go, goSource);
	}

}
